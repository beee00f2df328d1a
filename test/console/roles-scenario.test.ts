// Roles within a shift in the console (issue 20): each role has its own slots
// and wait-list, a Join button each, and /task join --role; moving to another
// role frees the place in the old one for its wait-list.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startTasksApp, type TasksTestApp } from "../domain/tasks/harness.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("roles in the console", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;

  beforeAll(async () => {
    app = await startTasksApp(getDatabase().url, { clock });
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    await app.type(":as carol", "/help", ":as dave", "/help", ":as erin", "/help", ":as frank", "/help");
    await app.type(":as alice", "/role carol coordinator");
  });
  afterAll(() => app.close());

  it("posts a card with each role's slots and a Join button per role", async () => {
    const added = await app.type(
      ":as carol",
      '/task add "Food bank" --when "sat 10:00" --until "13:00" --roles "driver:1, sorter:2"',
    );
    assert.match(added, /driver: 0\/1 filled\n {2}sorter: 0\/2 filled/);
    assert.doesNotMatch(added, /Slots:/);
    assert.match(added, /\[1\] Join as driver {2}\[2\] Join as sorter {2}\[3\] Maybe {2}\[4\] Leave/);
  });

  it("keeps a slot count and a wait-list per role", async () => {
    assert.match(await app.type(":as dave", ":press 1"), /In: dave \(driver\)[\s\S]*driver: 1\/1 filled/);
    assert.match(
      await app.type(":as erin", "/task join 1 --role driver"),
      /“Food bank” is full; you're on the wait-list, number 1/,
    );
    assert.match(
      await app.type(":as frank", "/task join 1"),
      /Task #1 has roles: driver, sorter\. Choose one: \/task join 1 --role <role>/,
    );
    const sorter = await app.type(":as frank", "/task join 1 --role Sorter");
    assert.match(sorter, /You're in as sorter for “Food bank”/);
    assert.match(await app.type("/task show 1"), /driver: 1\/1 filled · 1 on the wait-list\n {2}sorter: 1\/2 filled/);
  });

  it("moving to another role frees the place for that role's wait-list", async () => {
    const moved = await app.type(":as dave", "/task join 1 --role sorter");
    assert.match(moved, /You're in as sorter for “Food bank”/);
    assert.match(moved + (await app.at("2026-12-01T08:01:00Z")), /@erin Good news: a place opened up in “Food bank”/);
    const card = await app.type("/task show 1");
    assert.match(card, /driver: 1\/1 filled\n {2}sorter: 2\/2 filled/);
    assert.match(card, /In: erin \(driver\), frank \(sorter\), dave \(sorter\)/);
    assert.match(await app.type(":as carol", "/task roster 1"), /1\. erin \(@erin\) · driver/);
    assert.match(await app.type("/task edit 1 --slots 5"), /slots per role: use --roles, not --slots/);
  });

  it("refuses roles it cannot read", async () => {
    assert.match(
      await app.type(":as carol", '/task add "Sorting" --when "sat 14:00" --roles "driver"'),
      /“driver” is not a role\. Write roles as name:slots/,
    );
    assert.match(
      await app.type('/task add "Sorting" --when "sat 14:00" --roles "a:1, A:2"'),
      /The role “a” is listed twice/,
    );
    assert.match(
      await app.type('/task add "Sorting" --when "sat 14:00" --roles "a:1" --slots 3'),
      /use --roles, not --slots/,
    );
  });
});
