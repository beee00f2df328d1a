// Reminders are jobs in the database: they survive a restart, go out once,
// skip people who turned them off, and are dropped once the shift started.
import assert from "node:assert/strict";
import { it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { mentionsOf } from "../../../src/core/messages.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp } from "./harness.js";

forEachDatabase("task reminders", (getDatabase) => {
  it("sends a reminder exactly once even when the bot restarts between scheduling and the due time", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
    const url = getDatabase().url;

    // First run: a shift with three people signed up; one turns reminders off.
    const before = new MemoryAdapter("tg");
    const first = await startTasksApp(url, { clock, adapters: [before], console: false });
    await before.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await before.command(
      "kallio",
      "alice",
      '/task add Food bank sorting --when "sat 10:00" --until "13:00" --slots 2 --where "Kallio library"',
    );
    for (const name of ["bob", "carol", "dave"]) await before.command("kallio", name, "/task join 1");
    await before.command("kallio", "carol", "/task reminders off");
    await first.close();

    // A new process on the same database, a day later.
    const after = new MemoryAdapter("tg");
    const second = await startTasksApp(url, { clock, adapters: [after], console: false });
    const reminders = () =>
      after.sent
        .filter((m) => m.message.text.startsWith("Reminder:"))
        .map((m) => [
          mentionsOf(m.message)
            .map((p) => p.name)
            .join(),
          m.message.text,
        ]);
    try {
      clock.set("2026-12-04T07:59:00Z");
      await second.settle();
      assert.deepEqual(reminders(), []);

      clock.set("2026-12-04T08:00:00Z");
      await second.settle();
      assert.deepEqual(reminders(), [
        [
          "bob",
          "Reminder: “Food bank sorting” starts in 24 hours (Sat 5 Dec 10:00–13:00).\nWhere: Kallio library\nCan't make it? Send /task leave 1 so that someone else can come.",
        ],
      ]);
      // dave is on the wait-list and carol turned reminders off.
      assert.equal(after.sent.at(-1)?.message.footer, "Turn these off with /task reminders off");

      // Again, and even the same job run once more (as after a crash before it was marked done): nothing new.
      await second.settle();
      await second.jobs.schedule(
        "task.reminder",
        clock.now(),
        { taskId: 1, offsetMinutes: 1440, startsAt: "2026-12-05T08:00:00.000Z" },
        { dedupeKey: "task:1:reminder:1440" },
      );
      await second.settle();
      assert.equal(reminders().length, 1);
      assert.equal(await getDatabase().db.outboxMessage.count({ where: { purpose: "task.reminder" } }), 1);

      // The 1-hour reminder, then a shift that started while the bot was down drops its reminder.
      clock.set("2026-12-05T07:00:00Z");
      await second.settle();
      assert.match(reminders().at(-1)?.[1] ?? "", /starts in 1 hour/);
      assert.equal(reminders().length, 2);
    } finally {
      await second.close();
    }
  });

  it("drops a reminder whose shift has started, and follows moves and cancellations", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const tg = new MemoryAdapter("tg");
    const app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    const db = getDatabase().db;
    try {
      await tg.command("porvoo", "olga", "/setup community Porvoo", { admin: true });
      await tg.command("porvoo", "olga", '/task add Snow work --when "thu 10:00" --slots 3');
      const task = await db.task.findFirstOrThrow({ where: { title: "Snow work" } });
      await tg.command("porvoo", "pia", `/task join ${task.id}`);

      // The bot was down through the start: both reminders are past due and the shift has begun.
      clock.set("2026-12-03T08:30:00Z");
      await app.settle();
      const jobs = await db.job.findMany({ where: { dedupeKey: { startsWith: `task:${task.id}:reminder:` } } });
      assert.deepEqual(
        jobs.map((j) => j.status),
        ["dropped", "dropped"],
      );
      assert.equal(tg.sent.filter((m) => m.message.text.startsWith("Reminder:")).length, 0);

      clock.set("2026-12-03T09:00:00Z");
      await tg.command("porvoo", "olga", '/task add Second --when "sun 10:00" --slots 3');
      const second = await db.task.findFirstOrThrow({ where: { title: "Second" } });
      await tg.command("porvoo", "olga", `/task cancel ${second.id}`);
      assert.equal(await db.job.count({ where: { dedupeKey: { startsWith: `task:${second.id}:` } } }), 0);
    } finally {
      await app.close();
    }
  });

  it("after downtime sends one reminder, with the true time left, when the 24-hour and 1-hour ones are both due", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const tg = new MemoryAdapter("tg");
    const app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    try {
      await tg.command("vaasa", "vera", "/setup community Vaasa", { admin: true });
      await tg.command("vaasa", "vera", '/task add Late shift --when "fri 10:00" --slots 3');
      const task = await getDatabase().db.task.findFirstOrThrow({ where: { title: "Late shift" } });
      await tg.command("vaasa", "wilma", `/task join ${task.id}`);

      // The bot was down from before the 24-hour mark until 40 minutes before the start (Fri 4 Dec 10:00 Helsinki).
      clock.set("2026-12-04T07:20:00Z");
      await app.settle();
      const sent = tg.sent.filter((m) => m.message.text.startsWith("Reminder:")).map((m) => m.message.text);
      assert.equal(sent.length, 1);
      assert.match(sent[0]!, /starts in 40 minutes/);
    } finally {
      await app.close();
    }
  });
});
