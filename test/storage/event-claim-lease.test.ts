// A claim on an event belongs to a live process: it holds a lease, renewed
// while the handler runs. A redelivery while the lease holds is a duplicate;
// once it has run out (the process died), the next redelivery takes the
// event at once instead of waiting 120 s; a holder known dead (a process on
// this machine that is gone) loses it at once. Manual clock, both databases.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { it, vi } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { EVENT_LEASE_MS, type EventCompletion } from "../../src/core/event-completion.js";
import { thisMachine } from "../../src/core/instance-liveness.js";
import { createLogger } from "../../src/core/logger.js";
import { LEGACY_STALE_AFTER_MS, ProcessedEvents } from "../../src/storage/repositories/processed-events.js";
import { Store } from "../../src/storage/store.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { testRouter } from "../support/test-router.js";

const T0 = new Date("2026-12-01T08:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);

forEachDatabase("event claims held by a lease", (getDatabase) => {
  let events = 0;
  const nextKey = () => `test:lease-${++events}`;
  const dead = () => new ProcessedEvents(getDatabase(), "dead-instance");
  const live = () => new ProcessedEvents(getDatabase(), "live-instance");
  const rowOf = (key: string) => getDatabase().db.processedEvent.findUniqueOrThrow({ where: { id: key } });

  it("retakes a dead process's claim as soon as its lease has run out, not before", async () => {
    const key = nextKey();
    assert.equal(await dead().claim(key, T0), "claimed");
    assert.equal((await rowOf(key)).claimedBy, "dead-instance");
    // The process died: nobody renews. Within the lease a redelivery finds it busy (not done, not its own)…
    assert.equal(await live().claim(key, at(EVENT_LEASE_MS - 1_000)), "busy");
    // …and right after it (long before the old 120 s), the redelivery takes it.
    assert.equal(await live().claim(key, at(EVENT_LEASE_MS + 1_000)), "claimed");
    const row = await rowOf(key);
    assert.deepEqual([row.status, row.claimedBy], ["started", "live-instance"]);
    // The dead claim is no longer its own: it cannot renew or finish it.
    const stale: EventCompletion = { eventKey: key, claimedAt: T0 };
    assert.equal(await dead().renew(stale, at(EVENT_LEASE_MS + 2_000)), false);
    await dead().finish(stale);
    assert.equal((await rowOf(key)).status, "started");
  });

  it("retakes at once a claim whose holder is a process on this machine that is gone, and only then", async () => {
    const key = nextKey();
    // A real process that has exited: its PID is free (the parent reaped it).
    const gonePid = spawnSync(process.execPath, ["-e", ""]).pid;
    assert.ok(gonePid && !thisMachine.processExists(gonePid));
    const namespace = thisMachine.pidNamespace ? `:pidns${thisMachine.pidNamespace}` : "";
    const goneHolder = `${hostname()}:${gonePid}:abc123${namespace}`;
    assert.equal(await new ProcessedEvents(getDatabase(), goneHolder).claim(key, T0), "claimed");
    if (!thisMachine.pidNamespace) return; // no /proc: nothing is known gone, the lease decides
    // Long before its lease runs out, a redelivery takes it.
    assert.equal(await live().claim(key, at(1_000)), "claimed");
    assert.equal((await rowOf(key)).claimedBy, "live-instance");

    // A holder that is alive here (this very process), or elsewhere, keeps its claim until its lease runs out.
    const aliveHere = `${hostname()}:${process.pid}:def456${namespace}`;
    const otherHost = `another-host:${gonePid}:abc123${namespace}`;
    for (const holder of [aliveHere, otherHost]) {
      const held = nextKey();
      assert.equal(await new ProcessedEvents(getDatabase(), holder).claim(held, T0), "claimed");
      assert.equal(await live().claim(held, at(1_000)), "busy", holder);
    }
  });

  it("claims events asked for together, and a key asked for twice together only once", async () => {
    const ledger = live();
    const [a, b, twice, other] = [nextKey(), nextKey(), nextKey(), nextKey()];
    // Two inserts fly at once; the rest come meanwhile and go together, the doubled key among them.
    const results = await Promise.all([a, b, twice, twice, other].map((key) => ledger.claim(key, T0)));
    assert.deepEqual(results, ["claimed", "claimed", "claimed", "busy", "claimed"]);
    for (const key of [a, b, twice, other]) {
      const row = await rowOf(key);
      assert.deepEqual(
        [row.status, row.claimedBy, row.leaseUntil?.getTime()],
        ["started", "live-instance", T0.getTime() + EVENT_LEASE_MS],
      );
    }
    // Already there: a redelivery of a batch's event is busy (its lease runs), not claimed again.
    assert.deepEqual(await Promise.all([a, other].map((key) => ledger.claim(key, at(1_000)))), ["busy", "busy"]);
  });

  it("does not retake a live claim whose lease is renewed", async () => {
    const key = nextKey();
    const owner = live();
    assert.equal(await owner.claim(key, T0), "claimed");
    const claim: EventCompletion = { eventKey: key, claimedAt: T0 };
    // Renewed every 20 s, it is held long past the first lease and past 120 s.
    for (let ms = 20_000; ms <= 200_000; ms += 20_000) {
      assert.equal(await owner.renew(claim, at(ms)), true);
      assert.equal(await dead().claim(key, at(ms + 5_000)), "busy", `at ${ms + 5_000} ms`);
    }
    await owner.finish(claim);
    assert.equal((await rowOf(key)).status, "done");
    assert.equal(await dead().claim(key, at(10 * 60_000)), "duplicate");
  });

  it("lets a claim written before leases go stale after 120 s, as it did", async () => {
    const key = nextKey();
    await getDatabase().db.processedEvent.create({ data: { id: key, status: "started", processedAt: T0 } });
    assert.equal(await live().claim(key, at(LEGACY_STALE_AFTER_MS - 1_000)), "busy");
    assert.equal(await live().claim(key, at(LEGACY_STALE_AFTER_MS + 1_000)), "claimed");
  });

  it("renews a running handler's claim, so a redelivery meanwhile is a duplicate still in progress", async () => {
    const database = getDatabase();
    const clock = new ManualClock(T0);
    const store = new Store(database, "router-instance");
    const adapter = new MemoryAdapter("lease");
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let runs = 0;
    const router = testRouter(store, [adapter], createLogger({ level: "silent" }), undefined, {
      clock,
      claimRenewEveryMs: 20,
    });
    router.use({
      name: "slow",
      translations: { namespace: "slow", en: {}, fi: {}, sv: {} },
      commands: [
        {
          name: "slow",
          summary: "slow:slow",
          fallback: {
            usage: "slow:slow",
            async run() {
              runs++;
              await released;
            },
          },
        },
      ],
    });
    await adapter.start(router);
    const first = adapter.command("home", "alice", "/slow");
    const key = await vi.waitFor(
      async () =>
        (
          await database.db.processedEvent.findFirstOrThrow({
            where: { id: { startsWith: "lease:" }, status: "started" },
          })
        ).id,
      { timeout: 30_000 },
    );
    // The handler is still running as the clock passes three whole leases; each time the heartbeat renews it.
    for (let lease = 1; lease <= 3; lease++) {
      clock.advance(EVENT_LEASE_MS + 1_000);
      const now = clock.now().getTime();
      await vi.waitFor(async () => assert.ok((await rowOf(key)).leaseUntil!.getTime() > now), { timeout: 30_000 });
      // Not done yet: an adapter with an inbox keeps it and tries again, rather than dropping it.
      const meanwhile = await adapter.redeliverLast();
      assert.deepEqual([meanwhile.status, meanwhile.inProgress], ["duplicate", true]);
    }
    release();
    assert.equal((await first).status, "handled");
    const after = await adapter.redeliverLast();
    assert.deepEqual([after.status, after.inProgress], ["duplicate", undefined]);
    assert.equal(runs, 1);
    assert.deepEqual([(await rowOf(key)).status, (await rowOf(key)).claimedBy], ["done", "router-instance"]);
    await adapter.stop();
  });
});
