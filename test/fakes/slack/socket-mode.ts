// Socket Mode: the WebSocket end of apps.connections.open. Mirrors what
// @slack/socket-mode 3.x relies on:
// - it is "connected" only after {"type":"hello"} (start() resolves on it);
// - on {"type":"disconnect"} it closes with 1000 and, after
//   clientPingTimeout x failures (5 s by default), calls
//   apps.connections.open again for a fresh ticket;
// - it pings every clientPingTimeout/3 and drops the link if pongs stop;
//   it expects server pings too once one has arrived (serverPingTimeout).
// Tickets are single-use, as Slack's are.

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { hexToken, envelopeId as newEnvelopeId } from "./ids.js";
import type { EnvelopeType, JsonObject, JsonValue, SocketAck } from "./types.js";
import type { Workspace } from "./workspace.js";

export type DisconnectReason = "refresh_requested" | "warning" | "link_disabled";

export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: JsonObject;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

interface Connection {
  id: number;
  ws: WebSocket;
  /** Sent hello and not told to disconnect: may receive envelopes. */
  ready: boolean;
  openedAt: number;
}

export interface SocketModeOptions {
  /** How often the server pings each connection (Slack pings regularly). 0 = never. */
  pingIntervalMs: number;
}

export class SocketModeServer {
  readonly acks: SocketAck[] = [];
  /** Every message a client sent that was not an ack, for inspection. */
  readonly otherMessages: JsonValue[] = [];
  readonly envelopes = new Map<string, Envelope>();
  /** Client pings seen; answering them can be switched off to test pong timeouts. */
  pingsReceived = 0;
  answerPings = true;
  connectionsOpened = 0;

  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false });
  private readonly tickets = new Set<string>();
  private readonly conns = new Map<number, Connection>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly opts: SocketModeOptions,
  ) {}

  issueTicket(): string {
    const t = hexToken(16);
    this.tickets.add(t);
    return t;
  }

  get openConnections(): number {
    let n = 0;
    for (const c of this.conns.values()) if (c.ws.readyState === c.ws.OPEN) n++;
    return n;
  }

  get readyConnections(): number {
    let n = 0;
    for (const c of this.conns.values()) if (c.ready && c.ws.readyState === c.ws.OPEN) n++;
    return n;
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (this.closed || !this.tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    const conn: Connection = { id: this.nextId++, ws, ready: false, openedAt: Date.now() };
    this.conns.set(conn.id, conn);
    this.connectionsOpened++;
    ws.on("message", (data, isBinary) => this.onMessage(conn, data.toString(), isBinary));
    ws.on("ping", (data) => {
      this.pingsReceived++;
      if (this.answerPings && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on("close", () => {
      conn.ready = false;
      this.conns.delete(conn.id);
      this.workspace.changed();
    });
    ws.on("error", () => {
      // A client vanishing mid-frame is normal in tests; the close handler cleans up.
    });
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.openConnections,
        debug_info: {
          host: `applink-fake-${conn.id}`,
          build_number: 1,
          approximate_connection_time: 18060,
        },
        connection_info: { app_id: this.workspace.team.appId },
      }),
    );
    conn.ready = true;
    if (this.opts.pingIntervalMs > 0) {
      const timer = setInterval(() => {
        if (ws.readyState === ws.OPEN) ws.ping(Buffer.from(`ping-${Date.now()}`));
      }, this.opts.pingIntervalMs);
      timer.unref();
      this.timers.add(timer);
      ws.on("close", () => {
        clearInterval(timer);
        this.timers.delete(timer);
      });
    }
    this.workspace.changed();
  }

  private onMessage(conn: Connection, text: string, isBinary: boolean): void {
    if (isBinary) return;
    let msg: JsonValue;
    try {
      msg = JSON.parse(text) as JsonValue;
    } catch {
      this.otherMessages.push(text);
      return;
    }
    if (typeof msg === "object" && msg !== null && !Array.isArray(msg) && typeof msg.envelope_id === "string") {
      const payload = msg.payload;
      this.acks.push({
        envelopeId: msg.envelope_id,
        ...(typeof payload === "object" && payload !== null && !Array.isArray(payload) ? { payload } : {}),
        at: Date.now(),
        connectionId: conn.id,
      });
    } else {
      this.otherMessages.push(msg);
    }
    this.workspace.changed();
  }

  /** The newest ready connection gets the envelope (Slack picks one of them). */
  private target(): Connection | undefined {
    let best: Connection | undefined;
    for (const c of this.conns.values()) {
      if (c.ready && c.ws.readyState === c.ws.OPEN && (!best || c.openedAt >= best.openedAt)) best = c;
    }
    return best;
  }

  async waitForConnection(ms: number): Promise<void> {
    if (this.target()) return;
    await new Promise<void>((resolve, reject) => {
      const onChange = (): void => {
        if (this.target()) {
          cleanup();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no Socket Mode connection within ${ms} ms`));
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.workspace.off("change", onChange);
      };
      this.workspace.on("change", onChange);
    });
  }

  buildEnvelope(type: EnvelopeType, payload: JsonObject): Envelope {
    const env: Envelope = {
      envelope_id: newEnvelopeId(),
      type,
      payload,
      // Slack accepts a response payload in the ack for commands (and some interactions).
      accepts_response_payload: type === "slash_commands",
    };
    if (type === "events_api") {
      env.retry_attempt = 0;
      env.retry_reason = "";
    }
    return env;
  }

  /** Sends an envelope on a ready connection, waiting for one if a reconnect is under way. */
  async send(env: Envelope, waitMs: number): Promise<void> {
    await this.waitForConnection(waitMs);
    const conn = this.target();
    if (!conn) throw new Error("no Socket Mode connection");
    this.envelopes.set(env.envelope_id, env);
    conn.ws.send(JSON.stringify(env));
  }

  /** The same envelope_id again, as Slack does when an ack did not come in time. */
  async resend(envelopeId: string, reason: string, waitMs: number): Promise<Envelope> {
    const prev = this.envelopes.get(envelopeId);
    if (!prev) throw new Error(`unknown envelope ${envelopeId}`);
    const env: Envelope = {
      ...prev,
      retry_attempt: (prev.retry_attempt ?? 0) + 1,
      retry_reason: reason,
    };
    await this.send(env, waitMs);
    return env;
  }

  waitForAck(envelopeId: string, ms: number, after = 0): Promise<SocketAck> {
    const find = (): SocketAck | undefined => this.acks.find((a) => a.envelopeId === envelopeId && a.at >= after);
    const found = find();
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onChange = (): void => {
        const a = find();
        if (a) {
          cleanup();
          resolve(a);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no ack for envelope ${envelopeId} within ${ms} ms`));
      }, ms);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.workspace.off("change", onChange);
      };
      this.workspace.on("change", onChange);
    });
  }

  /**
   * Sends {"type":"disconnect"} to every ready connection. The SDK closes the
   * link itself; if it has not after closeAfterMs, the server closes it, as
   * Slack does about 10 s after a "warning".
   */
  disconnect(reason: DisconnectReason, closeAfterMs: number): void {
    for (const c of this.conns.values()) {
      if (c.ws.readyState !== c.ws.OPEN) continue;
      c.ready = false;
      c.ws.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: `applink-fake-${c.id}` } }));
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (c.ws.readyState === c.ws.OPEN) c.ws.close(1000, reason);
      }, closeAfterMs);
      timer.unref();
      this.timers.add(timer);
    }
    this.workspace.changed();
  }

  /** Drops every connection without a close handshake (a network failure). */
  terminateAll(): void {
    for (const c of this.conns.values()) c.ws.terminate();
  }

  close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.conns.values()) c.ws.terminate();
    this.conns.clear();
    return new Promise((resolve) => this.wss.close(() => resolve()));
  }
}
