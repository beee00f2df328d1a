// A TCP proxy for tests: a local port that forwards to a target (the shared
// PostgreSQL server, a bot's HTTP port). `cut()` drops every open connection
// and refuses new ones until `restore()`, so a test can take a server away
// from the bot for a while without stopping it for everyone else.
import net from "node:net";

export interface ProxyTarget {
  host: string;
  port: number;
}

export class TcpProxy {
  private readonly sockets = new Set<net.Socket>();
  private isCut = false;

  private constructor(
    private readonly server: net.Server,
    private target: ProxyTarget,
  ) {
    server.on("connection", (client) => this.accept(client));
  }

  static async start(target: ProxyTarget): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, target);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** New connections go to `target` from now on (open ones stay where they are). */
  retarget(target: ProxyTarget): void {
    this.target = target;
  }

  /** Drops every open connection and refuses new ones. */
  cut(): void {
    this.isCut = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.isCut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.isCut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("error", () => undefined);
      socket.on("close", () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
