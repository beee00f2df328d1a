// A crash while the reminder job runs neither loses nor doubles reminders: its
// notices and its completion commit together. A crash before that commit
// leaves nothing and the job is retaken after its lease (60 s), so a shift a
// few minutes away still gets its reminder; a crash after it leaves the job
// done and nothing to send again.
import assert from "node:assert/strict";
import { it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { mentionsOf } from "../../../src/core/messages.js";
import { forEachDatabase } from "../../support/databases.js";
import { type CrashPoint, crashOnce as crashJobOnce, JOB_LEASE_MS, pastLeases } from "../../support/job-crashes.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

const VOLUNTEERS = ["ada", "bo", "cy", "di", "ed", "flo"];

forEachDatabase("task reminders after a crash", (getDatabase) => {
  /** A community, a shift on Sat 5 Dec 10:00 Helsinki (08:00Z) and its volunteers, all in one group. */
  async function shiftWithVolunteers(app: TasksTestApp, tg: MemoryAdapter, chat: string): Promise<number> {
    await tg.command(chat, "admin", `/setup community ${chat}`, { admin: true });
    await tg.command(chat, "admin", `/task add Sorting --when "sat 10:00" --slots ${VOLUNTEERS.length}`);
    const task = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Sorting" }, orderBy: { id: "desc" } });
    for (const name of VOLUNTEERS) await tg.command(chat, name, `/task join ${task.id}`);
    await app.settle();
    return task.id;
  }

  /** Everyone reminded so far (mentions of the reminder messages), in order. */
  const reminded = (tg: MemoryAdapter) =>
    tg.sent
      .filter((m) => m.message.text.startsWith("Reminder:"))
      .flatMap((m) => mentionsOf(m.message).map((p) => p.name));

  /** The 1-hour reminder's first run "dies" at `point`. */
  const crashOnce = (app: TasksTestApp, point: CrashPoint) =>
    crashJobOnce(app.jobs, point, (job) => job.dedupeKey?.endsWith(":reminder:60") ?? false);

  it("a crash before the commit writes nothing; the retry a lease later sends every reminder once, minutes before the start", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const tg = new MemoryAdapter("tg");
    const app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    try {
      const taskId = await shiftWithVolunteers(app, tg, "crash-before");
      const crashes = crashOnce(app, "beforeCompletion");
      // Down until 5 minutes before the start; the 1-hour reminder is late but still useful.
      clock.set("2026-12-05T07:55:00Z");
      await app.settle();
      assert.equal(crashes(), 1);
      assert.deepEqual(reminded(tg), []);
      const queued = await getDatabase().db.outboxMessage.count({ where: { purpose: "task.reminder" } });
      assert.equal(queued, 0, "nothing half-written");

      // The dead run's lease runs out; the next tick retakes the job.
      clock.advance(JOB_LEASE_MS + 1);
      await app.settle();
      assert.deepEqual(reminded(tg).sort(), [...VOLUNTEERS].sort());
      assert.match(tg.sent.find((m) => m.message.text.startsWith("Reminder:"))!.message.text, /starts in 4 minutes/);

      clock.advance(JOB_LEASE_MS + 1);
      await app.settle();
      assert.equal(reminded(tg).length, VOLUNTEERS.length, "and not again");
      const jobs = await getDatabase().db.job.findMany({ where: { dedupeKey: { startsWith: `task:${taskId}:` } } });
      assert.ok(jobs.every((job) => job.status === "done"));
    } finally {
      app.jobs.injectFaults(undefined);
      await app.close();
    }
  });

  it("a crash after the commit leaves the job done with its reminders queued, and nothing is sent twice", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const tg = new MemoryAdapter("tg");
    const app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    try {
      const taskId = await shiftWithVolunteers(app, tg, "crash-after");
      const crashes = crashOnce(app, "afterRun");
      clock.set("2026-12-05T07:00:00Z");
      await app.settle();
      assert.equal(crashes(), 1);
      assert.deepEqual(reminded(tg).sort(), [...VOLUNTEERS].sort());

      await pastLeases(clock, app.settle);
      assert.equal(reminded(tg).length, VOLUNTEERS.length);
      const job = await getDatabase().db.job.findUniqueOrThrow({ where: { dedupeKey: `task:${taskId}:reminder:60` } });
      assert.deepEqual([job.status, job.attempts], ["done", 1]);
    } finally {
      app.jobs.injectFaults(undefined);
      await app.close();
    }
  });
});
