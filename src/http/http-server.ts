// The one HTTP server: /healthz (the process is alive), /readyz (it can do
// its work), /metrics (Prometheus), and whatever later work mounts on it: the
// Telegram webhook, Slack events, Open311.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { HttpRoute } from "../core/http-route.js";
import type { Logger } from "../core/logger.js";
import { boundBody, DEFAULT_MAX_BODY_BYTES } from "./body-limit.js";
import { nodeHandlerOf, type RouteHandler } from "./node-route.js";
import type { Readiness } from "./readiness.js";

export type { RouteHandler } from "./node-route.js";

/** What /metrics serves: the Prometheus text and its content type. */
export interface MetricsSource {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface HttpServerOptions {
  /** HTTP_PORT; 0 picks a free port (tests). */
  port: number;
  host?: string;
  logger: Logger;
  readiness: Readiness;
  metrics: MetricsSource;
  /** How long close() lets requests in progress finish before cutting connections. */
  closeGraceMs?: number;
  /** What a body refused with 413 may still send, dropped, before its connection is cut (default 8 MB, 5 s). */
  refusedBodyDrop?: RefusedBodyDrop;
}

export interface RefusedBodyDrop {
  maxBytes: number;
  maxMs: number;
}

/** What a refused body may still send, dropped unread, before its connection is cut. */
const REFUSED_BODY_DROP: RefusedBodyDrop = { maxBytes: 8 * 1024 * 1024, maxMs: 5_000 };

const BUILT_IN = ["/healthz", "/readyz", "/metrics"];

export interface MountOptions {
  /** Largest request body the route accepts; more gets 413 before the handler runs. Default 1 MB. */
  maxBodyBytes?: number;
}

interface Mount {
  prefix: string;
  handler: RouteHandler;
  maxBodyBytes: number;
}

export class HttpServer {
  private readonly server: Server;
  private readonly mounts: Mount[] = [];
  private readonly sockets = new Set<Socket>();
  private closing = false;

  constructor(private readonly options: HttpServerOptions) {
    this.server = createServer((req, res) => {
      // A keep-alive connection whose last response ends during close() would
      // otherwise hold close() open until the keep-alive timeout.
      res.once("finish", () => {
        if (this.closing) this.server.closeIdleConnections();
      });
      void this.route(req, res);
    });
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  /**
   * Routes every path under `prefix` ("/telegram/webhook", "/slack") to
   * `handler`. Prefixes match whole path segments; the longest one wins.
   */
  mount(prefix: string, handler: RouteHandler, options: MountOptions = {}): void {
    const normal = normalisePrefix(prefix);
    if (BUILT_IN.some((path) => matches(path, normal) || matches(normal, path))) {
      throw new Error(`cannot mount ${prefix}: it overlaps ${BUILT_IN.join(", ")}`);
    }
    if (this.mounts.some((m) => m.prefix === normal)) throw new Error(`${normal} is mounted twice`);
    this.mounts.push({ prefix: normal, handler, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES });
    this.mounts.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  /** Serves a feature's or adapter's neutral route under its prefix. */
  mountRoute(route: HttpRoute): void {
    this.mount(route.prefix, nodeHandlerOf(route));
  }

  /** Starts listening; resolves with the port (useful with port 0). */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.port, this.options.host ?? "0.0.0.0", () => {
        this.server.off("error", reject);
        resolve(this.port);
      });
    });
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Stops accepting connections, lets requests in progress finish (up to the grace), then closes. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const grace = setTimeout(() => {
      for (const socket of this.sockets) socket.destroy();
    }, this.options.closeGraceMs ?? 5_000);
    try {
      await closed;
    } finally {
      clearTimeout(grace);
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    try {
      if (path === "/healthz") return send(res, 200, "text/plain; charset=utf-8", "ok");
      if (path === "/readyz") return await this.ready(res);
      if (path === "/metrics") {
        const body = await this.options.metrics.render();
        return send(res, 200, this.options.metrics.contentType, body);
      }
      const mount = this.mounts.find((m) => matches(path, m.prefix));
      if (mount) {
        const body = await boundBody(req, mount.maxBodyBytes);
        if (body.kind === "tooLarge") {
          return refuseTooLarge(req, res, mount.maxBodyBytes, this.options.refusedBodyDrop ?? REFUSED_BODY_DROP);
        }
        return await mount.handler(body.request, res);
      }
      send(res, 404, "text/plain; charset=utf-8", "not found");
    } catch (error) {
      this.options.logger.error({ err: error, path }, "http handler failed");
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "internal error");
      else res.destroy();
    }
  }

  private async ready(res: ServerResponse): Promise<void> {
    const report = await this.options.readiness.evaluate();
    const body = JSON.stringify({
      status: report.ready ? "ready" : "unavailable",
      down: report.down,
      checks: report.checks,
    });
    send(res, report.ready ? 200 : 503, "application/json", body);
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store" });
  res.end(body);
}

/**
 * 413 at once, then the rest of the body is dropped as it comes, for a
 * while, before the connection is cut. Closing a socket with unread input
 * makes the kernel answer the client's next bytes with a reset, and a client
 * still sending loses the 413 it was about to read (the lingering close of
 * nginx and Apache, for the same reason). A client that stops once answered
 * keeps its connection; one that goes on past the bound is cut.
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, maxBodyBytes: number, drop: RefusedBodyDrop): void {
  // Reading before answering: Node dumps a body nobody is reading when the
  // answer has gone, to its end and without this byte bound.
  let dropped = 0;
  const cut = () => req.socket.destroy();
  const timer = setTimeout(cut, drop.maxMs);
  timer.unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > drop.maxBytes) cut();
  });
  req.once("close", () => clearTimeout(timer));
  req.resume();
  res.writeHead(413, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
  res.end(`request body too large (at most ${maxBodyBytes} bytes)`);
}

function normalisePrefix(prefix: string): string {
  const withSlash = prefix.startsWith("/") ? prefix : `/${prefix}`;
  return withSlash.length > 1 ? withSlash.replace(/\/+$/, "") : withSlash;
}

/** "/slack/events" is under "/slack"; "/slackware" is not. */
function matches(path: string, prefix: string): boolean {
  return prefix === "/" || path === prefix || path.startsWith(`${prefix}/`);
}
