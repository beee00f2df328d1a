// Repeating shifts: the next occurrence is made when the current one starts,
// with its own sign-ups; one occurrence can be moved or cancelled alone.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("repeating shifts", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;
  let tg: MemoryAdapter;
  const say = async (user: string, text: string) => {
    await tg.command("kallio", user, text);
    return tg.lastText("kallio");
  };
  const occurrences = () =>
    getDatabase().db.task.findMany({ where: { title: "Soup kitchen" }, orderBy: { id: "asc" } });

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());

  it("makes the next occurrence when the current one starts, with its own sign-ups and card", async () => {
    await say(
      "alice",
      '/task add Soup kitchen --when "sat 10:00" --until "12:00" --slots 3 --repeat weekly --cutoff "1 day"',
    );
    const card = tg.messagesIn("kallio").at(-1)!.message;
    assert.equal(card.fields?.find((f) => f.label === "Repeats")?.value, "every week");
    await say("bob", "/task join 1");
    assert.equal((await occurrences()).length, 1);

    clock.set("2026-12-05T07:59:00Z");
    await app.settle();
    assert.equal((await occurrences()).length, 1);

    clock.set("2026-12-05T08:00:00Z");
    await app.settle();
    const [first, next] = await occurrences();
    assert.ok(first && next);
    assert.deepEqual(
      [
        next.id,
        next.seriesId,
        next.startsAt.toISOString(),
        next.endsAt?.toISOString(),
        next.cutoffAt?.toISOString(),
        next.capacity,
      ],
      [2, 1, "2026-12-12T08:00:00.000Z", "2026-12-12T10:00:00.000Z", "2026-12-11T08:00:00.000Z", 3],
    );
    assert.ok(first.nextCreatedAt);
    assert.equal(await getDatabase().db.signup.count({ where: { taskId: 2 } }), 0);
    // Its card is posted where the series was made, and it has its own reminders.
    const posted = tg.messagesIn("kallio").at(-1)!.message;
    assert.equal(posted.footer, "Task #2 · /task join 2");
    assert.equal(posted.fields?.[0]?.value, "Sat 12 Dec 10:00–12:00");
    assert.equal(await getDatabase().db.job.count({ where: { dedupeKey: { startsWith: "task:2:reminder:" } } }), 2);
    // Running the job again makes nothing twice.
    await app.jobs.schedule(
      "task.next-occurrence",
      clock.now(),
      { taskId: 1, slot: "2026-12-05T08:00:00.000Z" },
      { dedupeKey: "task:1:next" },
    );
    await app.settle();
    assert.equal((await occurrences()).length, 2);
    assert.equal(await getDatabase().db.taskPost.count({ where: { taskId: 2 } }), 1);
  });

  it("moves and cancels one occurrence without touching the series", async () => {
    // #2 moves to Sunday; the series keeps its Saturday rhythm.
    clock.set("2026-12-06T09:00:00Z");
    await say("alice", '/task edit 2 --when "2026-12-13 12:00"');
    clock.set("2026-12-12T08:00:00Z");
    await app.settle();
    const third = (await occurrences()).at(-1)!;
    assert.deepEqual([third.id, third.startsAt.toISOString(), third.status], [3, "2026-12-19T08:00:00.000Z", "open"]);

    // #3 alone is cancelled; #4 still comes on the 26th.
    await say("alice", "/task cancel 3 Holiday");
    clock.set("2026-12-19T08:00:00Z");
    await app.settle();
    const fourth = (await occurrences()).at(-1)!;
    assert.deepEqual(
      [fourth.id, fourth.startsAt.toISOString(), fourth.status],
      [4, "2026-12-26T08:00:00.000Z", "open"],
    );
  });

  it("stops the series with --series", async () => {
    const reply = await say("alice", "/task cancel 4 --series");
    assert.match(reply, /^Cancelled #4 “Soup kitchen”\./);
    clock.set("2026-12-26T08:00:00Z");
    await app.settle();
    assert.equal((await occurrences()).length, 4);
  });
});
