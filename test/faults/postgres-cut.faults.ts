// PostgreSQL cut during a burst: the vote burst, but instead of a kill the
// bot's connections to PostgreSQL are cut through a TCP proxy for a seeded
// 3-10 s, then restored; the shared server keeps running. Presses that arrive
// while the database is away must not be acknowledged and then dropped.
// PostgreSQL only: a SQLite file cannot be cut away from its process.
import { voteBurst } from "./scenarios/vote-burst.js";
import { faultScenario } from "./support/fault-matrix.js";
import { telegramWorld } from "./support/fault-world.js";

faultScenario({
  ...voteBurst,
  name: "PostgreSQL cut",
  providers: ["postgresql"],
  open: telegramWorld({ members: 30, proxyDatabase: true }),
  interrupt: "none",
  async fault(world, rng) {
    const proxy = world.proxy;
    if (!proxy) throw new Error("the PostgreSQL cut needs the database proxy");
    proxy.pause();
    // The outage itself, in real time.
    await new Promise((resolve) => setTimeout(resolve, rng.int(3_000, 10_000)));
    return async () => proxy.resume();
  },
});
