// A loopback load balancer for the two-instances benchmark: each new TCP
// connection goes to the next instance in turn. The Telegram fake opens one
// connection per webhook POST, so this spreads updates request by request.
import type { Socket } from "node:net";
import { TcpProxy } from "../test/support/tcp-proxy.js";

export class RoundRobinProxy extends TcpProxy {
  private next = 0;

  constructor(private readonly ports: number[]) {
    super("127.0.0.1", ports[0]!);
  }

  protected override accept(client: Socket): void {
    this.retarget("127.0.0.1", this.ports[this.next++ % this.ports.length]!);
    super.accept(client);
  }
}
