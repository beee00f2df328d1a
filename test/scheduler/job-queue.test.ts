import assert from "node:assert/strict";
import { beforeEach, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { claimDueJobs } from "../../src/scheduler/job-claims.js";
import { type JobHandler, JobQueue, type JobQueueObserver } from "../../src/scheduler/job-queue.js";
import { Ticker } from "../../src/scheduler/ticker.js";
import { capturingLogger, forEachDatabasePair, quietLogger } from "./database-pair.js";

const MINUTE = 60_000;

forEachDatabasePair("JobQueue", (get) => {
  let clock: ManualClock;

  beforeEach(async () => {
    await get().first.db.job.deleteMany();
    clock = new ManualClock("2026-12-01T08:00:00Z");
  });

  const queueOn = (which: "first" | "second", observer?: JobQueueObserver, logger = quietLogger) =>
    new JobQueue(
      { database: get()[which], clock, logger, observer },
      { backoff: { baseMs: 1_000, maxMs: 60_000 }, concurrency: 4 },
    );
  const ago = (ms: number) => new Date(clock.now().getTime() - ms);
  const later = (ms: number) => new Date(clock.now().getTime() + ms);

  it("runs due jobs once, with their payload, and leaves future ones", async () => {
    const queue = queueOn("first");
    const seen: unknown[] = [];
    queue.register<{ n: number }>("note", { run: async (payload) => void seen.push(payload.n) });
    await queue.schedule("note", ago(MINUTE), { n: 1 });
    await queue.schedule("note", later(MINUTE), { n: 2 });

    assert.deepEqual(await queue.tick(), { done: 1, retried: 0, dead: 0, dropped: 0 });
    assert.deepEqual(seen, [1]);
    assert.deepEqual(await queue.tick(), { done: 0, retried: 0, dead: 0, dropped: 0 });

    clock.advance(MINUTE);
    await queue.tick();
    assert.deepEqual(seen, [1, 2]);
    const rows = await get().first.db.job.findMany({ orderBy: { runAt: "asc" } });
    assert.deepEqual(
      rows.map((r) => [r.status, r.attempts, r.leaseOwner]),
      [
        ["done", 1, null],
        ["done", 1, null],
      ],
    );
  });

  it("keeps one job per dedupeKey: scheduling again updates it, cancel removes it", async () => {
    const queue = queueOn("first");
    const firstId = await queue.schedule("remind", later(MINUTE), { v: 1 }, { dedupeKey: "task:1:remind" });
    const secondId = await queue.schedule("remind", later(2 * MINUTE), { v: 2 }, { dedupeKey: "task:1:remind" });
    assert.equal(secondId, firstId);
    const rows = await get().first.db.job.findMany();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.payload, JSON.stringify({ v: 2 }));
    assert.equal(rows[0]!.runAt.getTime(), later(2 * MINUTE).getTime());

    assert.equal(await queue.cancel("task:1:remind"), true);
    assert.equal(await queue.cancel("task:1:remind"), false);
    assert.equal(await get().first.db.job.count(), 0);
  });

  it("with keepEarlierRun, a pending job keeps its earlier run time and takes the new payload; an earlier time still wins", async () => {
    const queue = queueOn("first");
    const keep = { dedupeKey: "card:1:resync", keepEarlierRun: true };
    const id = await queue.schedule("resync", later(MINUTE), { v: 1 }, keep);
    assert.equal(await queue.schedule("resync", later(2 * MINUTE), { v: 2 }, keep), id);
    let [row] = await get().first.db.job.findMany();
    assert.equal(row!.runAt.getTime(), later(MINUTE).getTime(), "not postponed");
    assert.equal(row!.payload, JSON.stringify({ v: 2 }));

    await queue.schedule("resync", later(MINUTE / 2), { v: 3 }, keep);
    [row] = await get().first.db.job.findMany();
    assert.equal(row!.runAt.getTime(), later(MINUTE / 2).getTime(), "brought forward");
    assert.equal(await get().first.db.job.count(), 1);
  });

  it("revives a finished job of the same key, so a moved shift gets its reminder again", async () => {
    const queue = queueOn("first");
    let runs = 0;
    queue.register("remind", { run: async () => void runs++ });
    await queue.schedule("remind", ago(1), {}, { dedupeKey: "k" });
    await queue.tick();
    await queue.schedule("remind", later(MINUTE), {}, { dedupeKey: "k" });
    clock.advance(MINUTE);
    await queue.tick();
    assert.equal(runs, 2);
    assert.equal(await get().first.db.job.count(), 1);
  });

  it("retries a failing job with exponential backoff, then marks it dead and says so", async () => {
    const dead: string[] = [];
    const lags: number[] = [];
    const queue = queueOn("first", { jobDead: (kind) => dead.push(kind), jobStarted: (_k, lag) => lags.push(lag) });
    let runs = 0;
    queue.register("flaky", {
      run: async () => {
        runs++;
        throw new Error(`boom ${runs}`);
      },
    });
    await queue.schedule("flaky", clock.now(), {}, { maxAttempts: 3 });

    assert.equal((await queue.tick()).retried, 1);
    let row = await get().first.db.job.findFirstOrThrow();
    assert.equal(row.status, "pending");
    assert.equal(row.runAt.getTime(), later(1_000).getTime(), "first retry after the base delay");
    assert.match(row.lastError ?? "", /boom 1/);

    clock.advance(999);
    assert.equal((await queue.tick()).retried, 0, "not before its time");
    clock.advance(1);
    await queue.tick();
    row = await get().first.db.job.findFirstOrThrow();
    assert.equal(row.runAt.getTime(), later(2_000).getTime(), "then twice the delay");

    clock.advance(2_000);
    assert.equal((await queue.tick()).dead, 1);
    row = await get().first.db.job.findFirstOrThrow();
    assert.equal(row.status, "dead");
    assert.equal(row.attempts, 3);
    assert.ok(row.finishedAt);
    assert.deepEqual(dead, ["flaky"]);
    assert.equal(runs, 3);
    assert.deepEqual(lags, [0, 0, 0]);
  });

  it("leaves kinds it has no handler for to instances that have one", async () => {
    const older = queueOn("first");
    older.register("old", { run: async () => {} });
    await older.schedule("new-kind", ago(1), {});
    assert.deepEqual(await older.tick(), { done: 0, retried: 0, dead: 0, dropped: 0 });
    assert.equal((await get().first.db.job.findFirstOrThrow()).status, "pending");
  });

  it("two instances on two connections run each of 200 due jobs exactly once", async () => {
    const runs = new Map<number, number>();
    const byInstance = { first: 0, second: 0 };
    const handler = (which: "first" | "second"): JobHandler<{ n: number }> => ({
      async run({ n }) {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        byInstance[which]++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    const first = queueOn("first");
    const second = queueOn("second");
    first.register("count", handler("first"));
    second.register("count", handler("second"));
    for (let n = 0; n < 200; n++) await first.schedule("count", ago(n * 1_000), { n });

    // Both tick until neither finds work; bounded so a bug cannot hang the test.
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([first.tick(), second.tick()]);
      if (a.done + b.done === 0) break;
    }

    assert.equal(runs.size, 200);
    for (const [n, count] of runs) assert.equal(count, 1, `job ${n} ran ${count} times`);
    assert.equal(await get().first.db.job.count({ where: { status: "done" } }), 200);
    assert.ok(byInstance.first > 0 && byInstance.second > 0, `both instances worked: ${JSON.stringify(byInstance)}`);
  });

  it("runs a job again, once, after the instance that claimed it died and its lease expired", async () => {
    const survivor = queueOn("second");
    let runs = 0;
    survivor.register("once", { run: async () => void runs++ });
    await survivor.schedule("once", ago(1), {});

    // The instance that "dies": it claims the job and never reports back.
    const claimed = await claimDueJobs(get().first, {
      owner: "dead-instance",
      now: clock.now(),
      leaseMs: 5 * MINUTE,
      limit: 10,
      kinds: ["once"],
    });
    assert.equal(claimed.length, 1);

    await survivor.tick();
    assert.equal(runs, 0, "held by the lease");
    clock.advance(5 * MINUTE - 1);
    await survivor.tick();
    assert.equal(runs, 0, "still held");
    clock.advance(2);
    await survivor.tick();
    assert.equal(runs, 1, "taken over after the lease expired");
    await survivor.tick();
    clock.advance(10 * MINUTE);
    await survivor.tick();
    assert.equal(runs, 1, "and not again");
    const row = await get().first.db.job.findFirstOrThrow();
    assert.equal(row.status, "done");
    assert.equal(row.attempts, 2);
  });

  it("after a restart, runs jobs that are still useful and drops stale ones with a log line", async () => {
    // Before the "downtime": reminders 30 minutes before each shift.
    const before = queueOn("first");
    const shifts = { early: "2026-12-01T08:10:00Z", morning: "2026-12-01T08:40:00Z", noon: "2026-12-01T12:00:00Z" };
    const ids: Record<string, string> = {};
    for (const [name, startsAt] of Object.entries(shifts)) {
      const runAt = new Date(new Date(startsAt).getTime() - 30 * MINUTE);
      ids[name] = await before.schedule(
        "shift.remind",
        runAt,
        { shift: name, startsAt },
        { dedupeKey: `remind:${name}` },
      );
    }

    // Down until 08:45: the early and morning shifts have started, noon's reminder is not yet due.
    clock.set("2026-12-01T08:45:00Z");
    const { logger, lines } = capturingLogger();
    const restarted = queueOn("second", undefined, logger);
    const reminded: string[] = [];
    restarted.register<{ shift: string; startsAt: string }>("shift.remind", {
      run: async ({ shift }) => void reminded.push(shift),
      tooLate: ({ startsAt }, _job, now) => now >= new Date(startsAt),
    });
    const ticker = new Ticker(() => restarted.tick(), logger, { everySeconds: 15 });
    ticker.start(); // ticks once at start
    await ticker.stop();

    assert.deepEqual(reminded, []);
    const statuses = Object.fromEntries(
      (await get().first.db.job.findMany()).map((job) => [job.dedupeKey, job.status] as const),
    );
    assert.deepEqual(statuses, { "remind:early": "dropped", "remind:morning": "dropped", "remind:noon": "pending" });
    const dropped = lines().filter((line) => line.msg === "job dropped: too late to run");
    assert.deepEqual(dropped.map((line) => line.jobId).sort(), [ids.early, ids.morning].sort());
    assert.ok(dropped.every((line) => line.level === 30 && line.kind === "shift.remind"));

    // Noon's reminder runs when due (11:30).
    clock.set("2026-12-01T11:30:00Z");
    await restarted.tick();
    assert.deepEqual(reminded, ["noon"]);
  });
});
