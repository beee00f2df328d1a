// The gateway at /gateway (JSON text frames): HELLO, IDENTIFY with token,
// shard and intent checks, READY and GUILD_CREATE, heartbeats, dispatches
// with per-session sequence numbers, RESUME with replay of what a dropped
// connection missed, and op 9 for unknown sessions.

import { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { sessionId as newSessionId, shardOf } from "./snowflake.js";
import { isObject, type JsonObject, type JsonValue } from "./types.js";

export const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildPresences: 1 << 8,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
  GuildMessagePolls: 1 << 24,
  DirectMessagePolls: 1 << 25,
} as const;

export const PRIVILEGED_INTENTS = Intent.GuildMembers | Intent.GuildPresences | Intent.MessageContent;
/** Every intent bit Discord defines; anything else is 4013 Invalid intent(s). */
const KNOWN_INTENTS = 0x1ffff | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);

export interface LoggedDispatch {
  s: number;
  t: string;
  d: JsonValue;
}

export interface GatewaySession {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  /** Every dispatch of the session, so a RESUME can replay what the client missed. */
  log: LoggedDispatch[];
  socket: WebSocket | null;
  /** Invalidated (client closed with 1000/1001, or a new IDENTIFY replaced it); no resume. */
  ended: boolean;
  resumes: number;
}

export interface GatewayHooks {
  token: () => string;
  /** Privileged intents the application may use (set in the developer portal). */
  allowedPrivilegedIntents: () => number;
  /** Intents refused to this application whatever they are (a test's stand-in for a portal setting); 4014. */
  refusedIntents?: () => number;
  heartbeatIntervalMs: () => number;
  /** ws://127.0.0.1:PORT/gateway */
  resumeUrl: () => string;
  readyPayload: (session: GatewaySession, guildIds: string[]) => JsonObject;
  /** Guilds the bot is in, whatever the shard. */
  guildIds: () => string[];
  guildCreatePayload: (guildId: string, session: GatewaySession) => JsonObject;
}

export interface DispatchTarget {
  /** The guild whose shard carries it; null for DMs (shard 0). */
  guildId: string | null;
  /** The intent a session needs to receive it (none: always delivered). */
  intent?: number;
  /** INTERACTION_CREATE goes to one session per shard, not to every session. */
  once?: boolean;
}

export class Gateway extends EventEmitter {
  readonly sessions: GatewaySession[] = [];
  connectionsOpened = 0;
  identifies = 0;
  /** Set false to stop ACKing heartbeats (discord.js then treats the link as a zombie and resumes). */
  answerHeartbeats = true;
  heartbeatsReceived = 0;
  /** Close frames the server sent, for assertions: shard, code, reason. */
  readonly closes: { shard: number | null; code: number; reason: string }[] = [];

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();

  constructor(private readonly hooks: GatewayHooks) {
    super();
    this.setMaxListeners(0);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.connectionsOpened += 1;
      this.sockets.add(ws);
      ws.on("close", () => this.sockets.delete(ws));
      const v = url.searchParams.get("v");
      const encoding = url.searchParams.get("encoding") ?? "json";
      if (v !== null && v !== "10" && v !== "9") {
        this.closeSocket(ws, null, 4012, "Invalid API version");
        return;
      }
      if (encoding !== "json") {
        this.closeSocket(ws, null, 4002, "Error while decoding payload.");
        return;
      }
      this.serve(ws);
      this.emit("change");
    });
  }

  /** Sessions that can still receive events (connected or waiting for a RESUME). */
  get liveSessions(): GatewaySession[] {
    return this.sessions.filter((s) => !s.ended);
  }

  /** Open sessions (IDENTIFYed or RESUMEd on an open socket). */
  connectedShards(): number[] {
    return this.liveSessions.filter((s) => s.socket !== null).map((s) => s.shard[0]);
  }

  dispatch(t: string, d: JsonValue | ((session: GatewaySession) => JsonValue), target: DispatchTarget): number {
    let matching = this.liveSessions.filter((s) => {
      const shard = target.guildId === null ? 0 : shardOf(target.guildId, s.shard[1]);
      if (s.shard[0] !== shard) return false;
      return target.intent === undefined || (s.intents & target.intent) !== 0;
    });
    if (target.once && matching.length > 1) {
      const connected = matching.filter((s) => s.socket !== null);
      const pick = (connected.length > 0 ? connected : matching).at(-1);
      matching = pick ? [pick] : [];
    }
    for (const s of matching) this.send(s, t, typeof d === "function" ? d(s) : d);
    return matching.length;
  }

  /**
   * Closes the open connection of each session (of one shard, if given) as
   * Discord would. 1006 drops the TCP link without a close frame.
   */
  forceClose(shard?: number, code = 4000, reason = "Unknown error"): number {
    let n = 0;
    // Ended sessions too: invalidateSessions() may have ended one whose socket is still open.
    for (const s of this.sessions) {
      if (shard !== undefined && s.shard[0] !== shard) continue;
      const ws = s.socket;
      if (!ws) continue;
      s.socket = null;
      n += 1;
      if (code === 1006) ws.terminate();
      else this.closeSocket(ws, s.shard[0], code, reason);
    }
    this.emit("change");
    return n;
  }

  /** Op 7: Discord asks the client to reconnect and resume. */
  requestReconnect(shard?: number): void {
    for (const s of this.liveSessions) {
      if (shard !== undefined && s.shard[0] !== shard) continue;
      s.socket?.send(JSON.stringify({ op: Op.Reconnect, d: null }));
    }
  }

  /** Op 1 from the server: the client must heartbeat at once. */
  requestHeartbeat(shard?: number): void {
    for (const s of this.liveSessions) {
      if (shard !== undefined && s.shard[0] !== shard) continue;
      s.socket?.send(JSON.stringify({ op: Op.Heartbeat, d: null }));
    }
  }

  /** Forgets sessions so the next RESUME gets op 9 (as after a long outage). */
  invalidateSessions(shard?: number): void {
    for (const s of this.liveSessions) if (shard === undefined || s.shard[0] === shard) s.ended = true;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  // ---- per connection -----------------------------------------------------

  private serve(ws: WebSocket): void {
    let session: GatewaySession | null = null;
    ws.send(
      JSON.stringify({ op: Op.Hello, d: { heartbeat_interval: this.hooks.heartbeatIntervalMs() }, s: null, t: null }),
    );

    ws.on("message", (data, isBinary) => {
      if (isBinary) {
        this.closeSocket(ws, session?.shard[0] ?? null, 4002, "Error while decoding payload.");
        return;
      }
      let payload: unknown;
      try {
        payload = JSON.parse(data.toString());
      } catch {
        this.closeSocket(ws, session?.shard[0] ?? null, 4002, "Error while decoding payload.");
        return;
      }
      if (!isObject(payload) || typeof payload.op !== "number") {
        this.closeSocket(ws, session?.shard[0] ?? null, 4002, "Error while decoding payload.");
        return;
      }
      const d = payload.d;
      switch (payload.op) {
        case Op.Heartbeat:
          this.heartbeatsReceived += 1;
          if (this.answerHeartbeats) ws.send(JSON.stringify({ op: Op.HeartbeatAck, d: null }));
          this.emit("change");
          return;
        case Op.Identify:
          if (session) {
            this.closeSocket(ws, session.shard[0], 4005, "Already authenticated.");
            return;
          }
          session = this.identify(ws, d);
          return;
        case Op.Resume:
          if (session) {
            this.closeSocket(ws, session.shard[0], 4005, "Already authenticated.");
            return;
          }
          session = this.resume(ws, d);
          return;
        case Op.PresenceUpdate:
        case Op.VoiceStateUpdate:
        case Op.RequestGuildMembers:
          if (!session) this.closeSocket(ws, null, 4003, "Not authenticated.");
          return;
        default:
          this.closeSocket(ws, session?.shard[0] ?? null, 4001, "Unknown opcode.");
      }
    });

    ws.on("close", (code) => {
      if (!session || session.socket !== ws) return;
      session.socket = null;
      // Closing with 1000 or 1001 ends the session; any other close keeps it resumable.
      if (code === 1000 || code === 1001) session.ended = true;
      this.emit("change");
    });
  }

  private identify(ws: WebSocket, d: JsonValue | undefined): GatewaySession | null {
    if (!isObject(d)) {
      this.closeSocket(ws, null, 4002, "Error while decoding payload.");
      return null;
    }
    const token = typeof d.token === "string" ? d.token.replace(/^Bot /, "") : "";
    if (token !== this.hooks.token()) {
      this.closeSocket(ws, null, 4004, "Authentication failed.");
      return null;
    }
    let shard: [number, number] = [0, 1];
    if (d.shard !== undefined && d.shard !== null) {
      const raw = d.shard;
      const id = Array.isArray(raw) ? raw[0] : undefined;
      const count = Array.isArray(raw) ? raw[1] : undefined;
      if (typeof id !== "number" || typeof count !== "number" || count < 1 || id < 0 || id >= count) {
        this.closeSocket(ws, null, 4010, "Invalid shard.");
        return null;
      }
      shard = [id, count];
    }
    const intents = d.intents;
    if (typeof intents !== "number" || !Number.isInteger(intents) || (intents & ~KNOWN_INTENTS) !== 0) {
      this.closeSocket(ws, shard[0], 4013, "Invalid intent(s).");
      return null;
    }
    const refused = this.hooks.refusedIntents?.() ?? 0;
    if ((intents & PRIVILEGED_INTENTS & ~this.hooks.allowedPrivilegedIntents()) !== 0 || (intents & refused) !== 0) {
      this.closeSocket(ws, shard[0], 4014, "Disallowed intent(s).");
      return null;
    }
    // A fresh IDENTIFY for a shard replaces sessions of that shard left waiting for a RESUME.
    for (const old of this.liveSessions) {
      if (old.shard[0] === shard[0] && old.shard[1] === shard[1] && old.socket === null) old.ended = true;
    }
    const session: GatewaySession = {
      id: newSessionId(),
      shard,
      intents,
      seq: 0,
      log: [],
      socket: ws,
      ended: false,
      resumes: 0,
    };
    this.sessions.push(session);
    this.identifies += 1;
    const guildIds = this.hooks.guildIds().filter((g) => shardOf(g, shard[1]) === shard[0]);
    this.send(session, "READY", this.hooks.readyPayload(session, guildIds));
    // Each guild announced unavailable in READY arrives as GUILD_CREATE right after.
    for (const g of guildIds) this.send(session, "GUILD_CREATE", this.hooks.guildCreatePayload(g, session));
    this.emit("change");
    return session;
  }

  private resume(ws: WebSocket, d: JsonValue | undefined): GatewaySession | null {
    const sid = isObject(d) && typeof d.session_id === "string" ? d.session_id : "";
    const token = isObject(d) && typeof d.token === "string" ? d.token.replace(/^Bot /, "") : "";
    const seq = isObject(d) && typeof d.seq === "number" ? d.seq : 0;
    const session = this.sessions.find((s) => s.id === sid && !s.ended);
    if (token !== this.hooks.token()) {
      this.closeSocket(ws, null, 4004, "Authentication failed.");
      return null;
    }
    if (!session) {
      ws.send(JSON.stringify({ op: Op.InvalidSession, d: false, s: null, t: null }));
      return null;
    }
    if (seq > session.seq) {
      this.closeSocket(ws, session.shard[0], 4007, "Invalid seq.");
      return null;
    }
    if (session.socket && session.socket !== ws) this.closeSocket(session.socket, session.shard[0], 4000, "Replaced");
    session.socket = ws;
    session.resumes += 1;
    for (const e of session.log) {
      if (e.s > seq) ws.send(JSON.stringify({ op: Op.Dispatch, t: e.t, s: e.s, d: e.d }));
    }
    this.send(session, "RESUMED", null);
    this.emit("change");
    return session;
  }

  private send(session: GatewaySession, t: string, d: JsonValue): void {
    session.seq += 1;
    session.log.push({ s: session.seq, t, d });
    session.socket?.send(JSON.stringify({ op: Op.Dispatch, t, s: session.seq, d }));
  }

  private closeSocket(ws: WebSocket, shard: number | null, code: number, reason: string): void {
    this.closes.push({ shard, code, reason });
    ws.close(code, reason);
    this.emit("change");
  }
}
