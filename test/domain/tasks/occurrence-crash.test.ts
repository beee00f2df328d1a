// A crash while the next-occurrence job of a repeating shift runs neither
// loses nor doubles the next time's card: the card is queued in the outbox
// with the job's completion, and the retry finds it made.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { NEXT_OCCURRENCE_JOB } from "../../../src/domain/tasks/feature.js";
import { forEachDatabase } from "../../support/databases.js";
import { crashOnce, pastLeases } from "../../support/job-crashes.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("the next occurrence after a crash", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;
  let tg: MemoryAdapter;
  const db = () => getDatabase().db;

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(async () => {
    app.app.jobs.injectFaults(undefined);
    await app.close();
  });

  const cases = [
    { point: "beforeCompletion", title: "Soup kitchen", day: "sat", startsAt: "2026-12-05T08:00:00Z" },
    { point: "afterRun", title: "Bread run", day: "sun", startsAt: "2026-12-06T08:00:00Z" },
  ] as const;
  for (const { point, title, day, startsAt } of cases) {
    it(`posts the next time's card once when its job dies ${point === "afterRun" ? "after" : "before"} its commit`, async () => {
      await tg.command("kallio", "alice", `/task add ${title} --when "${day} 10:00" --slots 3 --repeat weekly`);
      const cards = () => tg.messagesIn("kallio").filter((m) => m.message.title === title).length;
      assert.equal(cards(), 1);
      const crashes = crashOnce(app.app.jobs, point, (job) => job.kind === NEXT_OCCURRENCE_JOB);
      clock.set(startsAt);
      await app.settle();
      assert.equal(crashes(), 1);
      const series = await db().task.findMany({ where: { title }, orderBy: { id: "asc" } });
      assert.equal(series.length, 2, "the next time is made in its own transaction");
      const next = series[1]!;
      assert.equal(cards(), point === "afterRun" ? 2 : 1, "its card only with the job's completion");

      await pastLeases(clock, app.settle);
      assert.equal(cards(), 2, "one card for the next time");
      assert.equal(await db().taskPost.count({ where: { taskId: next.id } }), 1);
      assert.equal((await db().task.findMany({ where: { title } })).length, 2, "no third time");
      const post = await db().taskPost.findFirstOrThrow({ where: { taskId: next.id } });
      assert.ok(post.messageRef, "the copy knows where it landed");
    });
  }
});
