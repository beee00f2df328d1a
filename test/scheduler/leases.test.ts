import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { RunCoordinator } from "node-cron";
import { beforeEach, it } from "vitest";
import { ManualClock, systemClock } from "../../src/core/clock.js";
import { LeaseRunCoordinator } from "../../src/scheduler/lease-coordinator.js";
import { Leases } from "../../src/scheduler/leases.js";
import { scheduleSingleton } from "../../src/scheduler/singleton-schedule.js";
import { forEachDatabasePair, quietLogger } from "./database-pair.js";

forEachDatabasePair("Leases", (get) => {
  beforeEach(async () => {
    await get().first.db.lease.deleteMany();
  });

  it("is held by one owner until it expires; the holder may renew it", async () => {
    const clock = new ManualClock();
    const a = new Leases(get().first.db);
    const b = new Leases(get().second.db);
    assert.equal(await a.acquire("retention", "A", 10_000, clock.now()), true);
    assert.equal(await b.acquire("retention", "B", 10_000, clock.now()), false);
    assert.equal(await a.acquire("retention", "A", 10_000, clock.now()), true, "renewal");
    assert.equal(await a.holder("retention", clock.now()), "A");

    clock.advance(10_001);
    assert.equal(await b.holder("retention", clock.now()), undefined);
    assert.equal(await b.acquire("retention", "B", 10_000, clock.now()), true);
    assert.equal(await a.acquire("retention", "A", 10_000, clock.now()), false);

    await a.release("retention", "A");
    assert.equal(await b.holder("retention", clock.now()), "B", "only the holder can release");
    await b.release("retention", "B");
    assert.equal(await a.acquire("retention", "A", 10_000, clock.now()), true);
  });

  it("has exactly one winner when many instances race for it", async () => {
    const now = new Date();
    const contenders = Array.from({ length: 12 }, (_, i) => ({
      leases: new Leases((i % 2 === 0 ? get().first : get().second).db),
      owner: `instance-${i}`,
    }));
    for (const name of ["race-fresh", "race-expired"]) {
      if (name === "race-expired") {
        await get().first.db.lease.create({ data: { name, owner: "gone", expiresAt: new Date(now.getTime() - 1) } });
      }
      const results = await Promise.all(contenders.map((c) => c.leases.acquire(name, c.owner, 60_000, now)));
      assert.equal(results.filter(Boolean).length, 1, name);
    }
  });

  it("elects one instance per cron fire through node-cron's RunCoordinator", async () => {
    const name = `singleton-test-${randomBytes(3).toString("hex")}`;
    const asked = new Map<string, boolean[]>();
    const recording = (inner: RunCoordinator): RunCoordinator => ({
      async shouldRun(key, ttl) {
        const won = await inner.shouldRun(key, ttl);
        asked.set(key, [...(asked.get(key) ?? []), won]);
        return won;
      },
    });
    let runs = 0;
    const schedules = (["first", "second"] as const).map((which, i) =>
      scheduleSingleton(async () => void runs++, {
        name,
        expression: "* * * * * *",
        coordinator: recording(new LeaseRunCoordinator(new Leases(get()[which].db), `instance-${i}`, systemClock)),
        leaseMs: 60_000,
        logger: quietLogger,
      }),
    );
    try {
      // Every second fires; wait (bounded) until two fires were decided by both instances.
      const decided = () => [...asked.values()].filter((answers) => answers.length === 2).length;
      for (let waited = 0; decided() < 2 && waited < 5_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await Promise.all(schedules.map((s) => s.stop()));
    }
    const fires = [...asked.entries()].filter(([, answers]) => answers.length === 2);
    assert.ok(fires.length >= 2, `fires decided: ${fires.length}`);
    for (const [key, answers] of fires) {
      assert.ok(key.startsWith(`${name}:`), key);
      assert.equal(answers.filter(Boolean).length, 1, `one winner for ${key}`);
    }
    const won = [...asked.values()].flat().filter(Boolean).length;
    assert.equal(runs, won, "the winner, and only the winner, ran");
  });
});
