// Issue 20's sign-ups in the console: Maybe next to Join (held apart, no
// place), a note to the coordinators with a sign-up, the register of who came
// with hours only for them and no-shows counted, and past shifts.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startTasksApp, type TasksTestApp } from "../domain/tasks/harness.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("sign-ups in the console", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tuesday 1 Dec, 10:00 in Helsinki
  let app: TasksTestApp;

  beforeAll(async () => {
    app = await startTasksApp(getDatabase().url, { clock });
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    await app.type(":as carol", "/help", ":as dave", "/help", ":as erin", "/help", ":as frank", "/help");
    await app.type(":as gina", "/help", ":as alice", "/role carol coordinator");
    await app.type(":as carol", '/task add "Food bank sorting" --when "sat 10:00" --until "13:00" --slots 2');
  });
  afterAll(() => app.close());

  it("holds a maybe apart from the slots; Join converts it and Leave removes it", async () => {
    const pressed = await app.type(":as dave", ":press 2");
    assert.match(pressed, /Slots: 0\/2 filled\n {2}Maybe: 1/);
    assert.match(pressed, /\(You're a maybe\)/);
    assert.match(
      await app.type(":as erin", "/task maybe 1"),
      /You're a maybe for “Food bank sorting”, Sat 5 Dec 10:00–13:00\. It holds no place/,
    );
    const joined = await app.type(":as dave", ":press 1");
    assert.match(joined, /Slots: 1\/2 filled\n {2}Maybe: 1/);
    assert.match(joined, /In: dave/);
    assert.match(await app.type(":as erin", "/task leave 1"), /You're no longer a maybe for “Food bank sorting”/);
    assert.doesNotMatch(await app.type("/task show 1"), /Maybe:/);
  });

  it("keeps a sign-up's note for the coordinators, never on the card", async () => {
    const joined = await app.type(":as frank", '/task join 1 --note "can bring a van"');
    assert.match(joined, /You're in: “Food bank sorting”/);
    assert.doesNotMatch(joined, /van/);
    assert.match(await app.type(":as gina", '/task maybe 1 --note "if my shift ends early"'), /You're a maybe/);
    assert.doesNotMatch(await app.type("/task show 1"), /van|early/);
    const roster = await app.type(":as carol", "/task roster 1");
    assert.match(roster, /1\. dave \(@dave\)\n {2}2\. frank \(@frank\) · “can bring a van”/);
    assert.match(roster, /Maybe \(1\):\n {2}1\. gina \(@gina\) · “if my shift ends early”/);
    assert.match(await app.type(":as frank", '/task join 1 --note "and a trailer"'), /Noted for the coordinators/);
    assert.match(await app.type(":as carol", "/task roster 1"), /frank \(@frank\) · “and a trailer”/);
  });

  it("takes the register once the shift has started: hours only for those who came, no-shows counted", async () => {
    assert.match(await app.type(":as carol", "/task attendance 1"), /has not started yet; mark who came once it has/);
    await app.at("2026-12-05T11:30:00Z");
    const register = await app.type("/task attendance 1");
    assert.match(register, /Who came to #1 Food bank sorting\?\n {2}· dave · not marked\n {2}· frank · not marked/);
    assert.match(register, /\[1\] · dave {2}\[2\] · frank {2}\[3\] All came/);
    assert.match(await app.type(":press 3"), /✓ dave · came\n {2}✓ frank · came\n {2}\n {2}2 of 2 came/);
    assert.match(await app.type(":press 2"), /✓ dave · came\n {2}✗ frank · did not come/);
    assert.match(await app.type(":as dave", ":press 2"), /only|coordinator/i);

    const done = await app.type(":as carol", "/task done 1");
    assert.match(done, /#1 dave · 3 h · waiting/);
    assert.doesNotMatch(done, /#2 · frank · Sat 5 Dec 2026 · 3 h/);
    assert.match(await app.type("/task roster 1"), /frank \(@frank\) · did not come · “and a trailer” · 1 no-show/);

    // Marked as come after all: the hours follow.
    assert.match(await app.type("/task attendance 1 --all"), /✓ frank · came/);
    assert.match(await app.type("/hours pending"), /#2 · frank · Sat 5 Dec 2026 · 3 h/);
    assert.match(await app.type("/task attendance 1 --absent @frank"), /✗ frank · did not come/);
    assert.doesNotMatch(await app.type("/hours pending"), /frank/);

    // The month's no-shows are in the coordinators' hours report, and in its CSV; residents get no report.
    const report = await app.type("/hours report --month 2026-12 --csv");
    assert.match(report, /Marked absent from this month's shifts \(no-shows\):\n {2}frank: 1 shift/);
    assert.match(report, /volunteer,frank,,0,0,1/);
    assert.match(await app.type(":as dave", "/hours report"), /coordinator role/);
  });

  it("lists past shifts newest first and shows a done one", async () => {
    await app.type(":as carol", '/task add "Park clean-up" --when "sun 10:00" --until "12:00"');
    await app.at("2026-12-06T11:00:00Z");
    const past = await app.type(":as dave", "/task list past");
    assert.match(past, /Past shifts\n {2}#2 · [^\n]*Park clean-up[^\n]*\n {2}#1 · [^\n]*Food bank sorting · done/);
    const shown = await app.type("/task show 1");
    assert.match(shown, /Task #1 · done, thank you!/);
    assert.doesNotMatch(shown, /\[1\] Join/);
  });
});
