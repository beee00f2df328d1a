// A volunteer shift from start to finish in the console, with the clock
// moved by hand: a coordinator adds a 2-slot shift, three people join (the
// third waits), one leaves and the third is promoted and told, reminders
// fire, the shift is marked done, the hours approved and reported as CSV.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startTasksApp, type TasksTestApp } from "../domain/tasks/harness.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("tasks in the console", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tuesday 1 Dec, 10:00 in Helsinki
  let app: TasksTestApp;

  beforeAll(async () => {
    app = await startTasksApp(getDatabase().url, { clock });
  });
  afterAll(() => app.close());

  it("runs a shift from sign-up to the hours report", async () => {
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    await app.type(":as carol", "/help", ":as dave", "/help", ":as erin", "/help", ":as frank", "/help");
    assert.match(await app.type(":as alice", "/role carol coordinator"), /carol is now coordinator/);

    const added = await app.type(
      ":as carol",
      '/task add "Food bank sorting" --when "sat 10:00" --until "13:00" --slots 2 --where "Kallio library"',
    );
    assert.match(
      added,
      /Food bank sorting\n {2}When: Sat 5 Dec 10:00–13:00\n {2}Where: Kallio library\n {2}Slots: 0\/2 filled/,
    );
    assert.match(added, /\[1\] Join {2}\[2\] Maybe {2}\[3\] Leave/);

    assert.match(await app.type(":as dave", ":press 1"), /Slots: 1\/2 filled[\s\S]*\(You're in\)/);
    assert.match(await app.type(":as erin", "/task join 1"), /You're in: “Food bank sorting”, Sat 5 Dec 10:00–13:00/);
    const third = await app.type(":as frank", ":press 1");
    assert.match(third, /Slots: 2\/2 filled · 1 on the wait-list/);
    assert.match(third, /\(You're on the wait-list, number 1\)/);

    const left = await app.type(":as dave", "/task leave 1");
    assert.match(left, /You left “Food bank sorting”/);
    assert.match(left, /In: erin, frank/);
    // The outbox delivers as soon as the leave commits; settling picks up anything left.
    assert.match(
      left + (await app.at("2026-12-01T08:01:00Z")),
      /@frank Good news: a place opened up in “Food bank sorting”, Sat 5 Dec 10:00–13:00\. You're in!/,
    );

    const dayBefore = await app.at("2026-12-04T08:00:00Z");
    // One reminder in the chat, mentioning both volunteers: one message per event, not one per person.
    assert.match(dayBefore, /@erin @frank Reminder: “Food bank sorting” starts in 24 hours/);
    assert.equal((dayBefore.match(/starts in 24 hours/g) ?? []).length, 1);
    assert.doesNotMatch(dayBefore, /@dave/);
    const hourBefore = await app.at("2026-12-05T07:00:00Z");
    assert.equal((hourBefore.match(/starts in 1 hour/g) ?? []).length, 1);

    await app.at("2026-12-05T11:30:00Z");
    const done = await app.type(":as carol", "/task done 1");
    assert.match(
      done,
      /#1 “Food bank sorting” is done\n {2}Hours proposed, waiting for approval:\n {2}#1 erin · 3 h · waiting\n {2}#2 frank · 3 h · waiting/,
    );
    assert.match(done, /\[1\] Approve all/);
    const approved = await app.type(":press 1");
    assert.match(approved, /#1 erin · 3 h · approved\n {2}#2 frank · 3 h · approved/);
    assert.match(approved, /\(Approved 2 entries \(6 h\)\.\)/);

    const report = await app.type("/hours report --csv");
    assert.match(report, /Volunteer hours, December 2026/);
    assert.match(report, /erin: 3 h \(1 entry\)\n {2}frank: 3 h \(1 entry\)/);
    assert.match(
      report,
      /\(file hours-2026-12\.csv\)\n {2}type,name,task,hours,entries,no-shows\n {2}volunteer,erin,,3,1,0\n {2}volunteer,frank,,3,1,0\n {2}task,Food bank sorting,1,6,2,0\n {2}total,,,6,2,0/,
    );
    assert.match(report, /Total: 6 h in 2 entries/);
  });
});
