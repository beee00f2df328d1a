// A running job's lease is renewed while it runs, so a job longer than its
// lease is not taken by a second instance; a run whose lease is lost is
// aborted through its signal and cannot record its outcome.
import assert from "node:assert/strict";
import { beforeEach, it, vi } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { LeaseLostError } from "../../src/core/lease-renewal.js";
import { JobQueue } from "../../src/scheduler/job-queue.js";
import { forEachDatabasePair, quietLogger } from "./database-pair.js";

const LEASE_MS = 60_000;
const WAIT = { timeout: 30_000, interval: 10 };

forEachDatabasePair("JobQueue leases", (get) => {
  let clock: ManualClock;

  beforeEach(async () => {
    await get().first.db.job.deleteMany();
    clock = new ManualClock("2026-12-01T08:00:00Z");
  });

  // Lease expiry runs on the manual clock; renewals fire on a short real-time interval.
  const queueOn = (which: "first" | "second") =>
    new JobQueue(
      { database: get()[which], clock, logger: quietLogger },
      { leaseMs: LEASE_MS, renewEveryMs: 5, backoff: { baseMs: 1_000, maxMs: 60_000 } },
    );

  /** Waits until the running job's lease reaches a full lease past the clock's now: a renewal landed. */
  const renewedAtNow = () =>
    vi.waitFor(async () => {
      const row = await get().first.db.job.findFirstOrThrow();
      assert.equal(row.leaseExpiresAt?.getTime(), clock.now().getTime() + LEASE_MS);
    }, WAIT);

  it("keeps renewing a job that runs three leases long, so a second instance never runs it", async () => {
    const first = queueOn("first");
    const second = queueOn("second");
    let runs = 0;
    let secondTicks = 0;
    const handler = {
      async run() {
        runs++;
        // Half a lease at a time, three leases in all; after each step the second instance looks for due work.
        for (let step = 0; step < 6; step++) {
          clock.advance(LEASE_MS / 2);
          await renewedAtNow();
          const seen = await second.tick();
          secondTicks++;
          assert.deepEqual(seen, { done: 0, retried: 0, dead: 0, dropped: 0 });
        }
      },
    };
    first.register("long", handler);
    second.register("long", handler);
    await first.schedule("long", clock.now(), {});

    assert.deepEqual(await first.tick(), { done: 1, retried: 0, dead: 0, dropped: 0 });
    assert.equal(runs, 1);
    assert.equal(secondTicks, 6);
    const row = await get().first.db.job.findFirstOrThrow();
    assert.deepEqual([row.status, row.attempts, row.leaseOwner], ["done", 1, null]);
  });

  it("aborts a run whose renewal finds the job taken, and refuses its completion", async () => {
    const first = queueOn("first");
    let reason: unknown;
    let completion: unknown;
    first.register("slow", {
      async run(_payload, job) {
        // Another instance takes the job over (its lease ran out while this one could not renew, say).
        await get().second.db.job.update({
          where: { id: job.id },
          data: { leaseOwner: "other-instance", attempts: { increment: 1 } },
        });
        await vi.waitFor(() => assert.ok(job.signal.aborted), WAIT);
        reason = job.signal.reason;
        completion = await get()
          .first.db.$transaction(async (tx) => {
            await tx.lease.create({ data: { name: "effect-of-the-lost-run", owner: "x", expiresAt: clock.now() } });
            await job.completeIn(tx);
          })
          .then(
            () => "committed",
            (error: unknown) => error,
          );
      },
    });
    await first.schedule("slow", clock.now(), {});

    assert.deepEqual(await first.tick(), { done: 0, retried: 0, dead: 0, dropped: 0 });
    assert.ok(reason instanceof LeaseLostError, `aborted with ${String(reason)}`);
    assert.ok(completion instanceof LeaseLostError, `completion refused with ${String(completion)}`);
    assert.equal(await get().first.db.lease.count({ where: { name: "effect-of-the-lost-run" } }), 0, "rolled back");
    const row = await get().first.db.job.findFirstOrThrow();
    assert.deepEqual([row.status, row.leaseOwner], ["running", "other-instance"], "left to the instance holding it");
  });

  it("aborts a run whose job was rescheduled meanwhile, and leaves the new schedule alone", async () => {
    const first = queueOn("first");
    let aborted = false;
    first.register("remind", {
      async run(_payload, job) {
        await first.schedule("remind", new Date(clock.now().getTime() + LEASE_MS), { v: 2 }, { dedupeKey: "k" });
        await vi.waitFor(() => assert.ok(job.signal.aborted), WAIT);
        aborted = true;
      },
    });
    await first.schedule("remind", clock.now(), { v: 1 }, { dedupeKey: "k" });

    await first.tick();
    assert.ok(aborted);
    const row = await get().first.db.job.findFirstOrThrow();
    assert.deepEqual([row.status, row.payload, row.leaseOwner], ["pending", JSON.stringify({ v: 2 }), null]);
  });
});
