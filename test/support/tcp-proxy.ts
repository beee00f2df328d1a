// A TCP proxy between a client and a real server, that a test can cut:
// pause() destroys every connection and refuses new ones; resume() lets
// connections through again. Simulates the database becoming unreachable
// (the readiness tests, the fault suite's PostgreSQL cut), and with
// retarget() a load balancer failing over to another instance.
import { createConnection, createServer, type Server, type Socket } from "node:net";

export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private paused = false;

  constructor(
    private targetHost: string,
    private targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        const address = this.server.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });
  }

  /** New connections go to this target from now on; open ones stay where they are. */
  retarget(host: string, port: number): void {
    this.targetHost = host;
    this.targetPort = port;
  }

  pause(): void {
    this.paused = true;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  resume(): void {
    this.paused = false;
  }

  async close(): Promise<void> {
    this.pause();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  protected accept(client: Socket): void {
    if (this.paused) {
      // Refused: closed before a byte is exchanged, as a dead host's RST would.
      client.destroy();
      return;
    }
    const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("error", () => socket.destroy());
      socket.on("close", () => this.sockets.delete(socket));
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

/** A proxy in front of the PostgreSQL server of `url`, and the same URL through it. */
export async function proxyInFrontOf(url: string): Promise<{ proxy: TcpProxy; url: string }> {
  const real = new URL(url);
  const proxy = new TcpProxy(real.hostname, Number(real.port || 5432));
  const proxied = new URL(real);
  proxied.host = `127.0.0.1:${await proxy.listen()}`;
  return { proxy, url: proxied.toString() };
}
