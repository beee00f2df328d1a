// Two instances on one PostgreSQL, one killed: the vote burst against two bot
// processes sharing a database. Telegram lets only one process long-poll a
// bot, so both run in webhook mode behind a TCP "load balancer" that sends
// Telegram's POSTs to instance A; when A is killed mid-burst the balancer
// fails over to B (as a health-checked balancer would), the fake retries what
// A did not answer, and A comes back after a short or long downtime.
// PostgreSQL only: several instances on one SQLite file are not supported.
import { TcpProxy } from "../support/tcp-proxy.js";
import { voteBurst } from "./scenarios/vote-burst.js";
import type { BotProcess } from "./support/bot-process.js";
import { faultScenario } from "./support/fault-matrix.js";
import { type FaultWorld, telegramBot, telegramWorld } from "./support/fault-world.js";
import { freePort } from "./support/free-port.js";

interface Cluster {
  balancer: TcpProxy;
  portA: number;
  portB: number;
  env: Record<string, string>;
}

/** The world being built (runs are sequential, one world at a time). */
let building: Cluster | undefined;
const clusters = new WeakMap<FaultWorld, Cluster & { b: BotProcess }>();

faultScenario({
  ...voteBurst,
  name: "two instances",
  providers: ["postgresql"],
  open: telegramWorld({
    members: 30,
    async env() {
      const portA = await freePort();
      const portB = await freePort();
      const balancer = new TcpProxy("127.0.0.1", portA);
      const balancerPort = await balancer.listen();
      const env = {
        HTTP_HOST: "127.0.0.1",
        TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${balancerPort}/telegram`,
        TELEGRAM_WEBHOOK_SECRET: "fault-suite-webhook-secret",
      };
      building = { balancer, portA, portB, env };
      return { ...env, HTTP_PORT: String(portA) };
    },
  }),
  async prepare(world, run) {
    if (run === 0) {
      const cluster = building;
      if (!cluster) throw new Error("no cluster built");
      const b = telegramBot(world.fake, world.database.url, { ...cluster.env, HTTP_PORT: String(cluster.portB) });
      world.cleanups.push(
        () => b.kill(),
        () => cluster.balancer.close(),
      );
      await b.start();
      clusters.set(world, { ...cluster, b });
    } else {
      // A is up again: the balancer sends to it, so A is the one in the burst again.
      clusters.get(world)?.balancer.retarget("127.0.0.1", clusters.get(world)?.portA ?? 0);
    }
    await voteBurst.prepare?.(world, run);
  },
  async fault(world) {
    const cluster = clusters.get(world);
    if (!cluster) throw new Error("no cluster");
    // A dies: the balancer sends new connections to B from now on.
    cluster.balancer.retarget("127.0.0.1", cluster.portB);
    return async () => undefined;
  },
});
