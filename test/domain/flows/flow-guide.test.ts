// Guided flows kept by the core: state per person per chat in the database,
// so a restart mid-flow loses nothing; /cancel leaves; the expiry job puts
// an unanswered flow away with a note; two people's flows in one group
// never mix; an answer that does not fit asks again.
import assert from "node:assert/strict";
import { afterEach, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { startTasksApp, type TasksTestApp } from "../tasks/harness.js";

forEachDatabase("guided flows", (getDatabase) => {
  let running: TasksTestApp[] = [];
  const start = async (clock: ManualClock) => {
    const app = await startTasksApp(getDatabase().url, { clock });
    running.push(app);
    return app;
  };
  afterEach(async () => {
    for (const app of running) await app.close();
    running = [];
  });

  /** A community "kallio-N" where alice is admin and bob a coordinator. */
  const community = async (app: TasksTestApp, name: string) => {
    await app.type(":as alice", `:in ${name}`, `/setup community ${name}`);
    await app.type(":as bob", `:in ${name}`, "/help");
    assert.match(await app.type(":as alice", "/role bob coordinator"), /bob is now coordinator/);
  };

  it("keeps a flow across a restart", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const before = await start(clock);
    await community(before, "restart");
    await before.type("/task add");
    assert.match(await before.type("Sorting"), /When does it start\?/);
    await before.close();
    running = [];

    const after = await start(clock);
    assert.match(await after.type(":as alice", ":in restart", "sat 10:00"), /How many people are needed\?/);
    await after.type("/cancel");
  });

  it("leaves a flow on /cancel", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const app = await start(clock);
    await community(app, "cancels");
    await app.type('/task add "Sorting"');
    assert.match(await app.type("/cancel"), /Stopped\. Nothing was created\./);
    assert.match(await app.type("sat 10:00"), /commands start with \//);
    assert.match(await app.type("/cancel"), /You have no questions open here\./);
    assert.equal(await app.app.database.db.guidedFlow.count(), 0);
  });

  it("puts an unanswered flow away after 15 minutes, with a note", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const app = await start(clock);
    await community(app, "expiry");
    await app.type('/task add "Sorting"');
    await app.at("2026-12-01T08:10:00Z");
    assert.match(await app.type("sat 10:00"), /How many people are needed\?/);
    // The answer moved the flow on: 15 minutes from it, not from the start.
    assert.doesNotMatch(await app.at("2026-12-01T08:16:00Z"), /ran out of time/);
    const note = await app.at("2026-12-01T08:26:00Z");
    assert.match(note, /@alice Your unfinished questions ran out of time/);
    assert.match(await app.type("4"), /commands start with \//);
    assert.equal(await app.app.database.db.guidedFlow.count(), 0);
  });

  it("keeps two people's flows in one group apart", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const app = await start(clock);
    await community(app, "two");
    assert.match(await app.type("/task add"), /What is the shift\?/);
    assert.match(await app.type(":as bob", ":in two", '/task add --when "sun 12:00"'), /What is the shift\?/);
    assert.match(await app.type(":as alice", "Alice's shift"), /When does it start\?/);
    // Bob's answer is his title, not Alice's time.
    assert.match(await app.type(":as bob", "Bob's shift"), /How many people are needed\?/);
    // A press on Bob's question by Alice is refused and changes nothing.
    assert.match(await app.type(":as alice", ":press 2"), /someone else's/);
    const preview = await app.type(":as bob", ":press 3", "skip");
    assert.match(preview, /\/task add "Bob's shift" --when "sun 12:00" --slots 3/);
    assert.match(await app.type(":as alice", "sat 10:00"), /How many people are needed\?/);
    await app.type("/cancel", ":as bob", "/cancel");
  });

  it("asks again after an answer that does not fit", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const app = await start(clock);
    await community(app, "invalid");
    await app.type('/task add "Sorting"');
    // The command's own check, at once: the line says why, and the question comes again.
    assert.match(await app.type("banana"), /can't read “banana” as a time[\s\S]*When does it start\?/);
    assert.match(await app.type("yesterday 10:00"), /is in the past[\s\S]*When does it start\?/);
    await app.type("sat 10:00");
    const again = await app.type("lots");
    assert.match(again, /That does not fit\. Try again, or press Cancel\.\n\s*How many people are needed\?/);
    assert.match(await app.type("0"), /That does not fit/);
    assert.match(await app.type("2"), /Where is it\?/);
    await app.type("/cancel");
  });

  it("keeps the questions when Create is refused, so Edit can fix the piece", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const app = await start(clock);
    await community(app, "refused");
    // Five minutes ahead when answered, past by the time Create is pressed.
    await app.type('/task add "Sorting" --slots 2', "today 10:05");
    assert.match(await app.type("skip"), /\[1\] Create {2}\[2\] Edit {2}\[3\] Cancel/);
    await app.at("2026-12-01T08:10:00Z");
    assert.match(await app.type(":press 1"), /is in the past/);
    assert.equal(await app.app.database.db.task.count({ where: { title: "Sorting" } }), 0);
    assert.match(await app.type(":press 2"), /Which piece do you want to change\?/);
    assert.match(await app.type(":press 2"), /When does it start\?/);
    assert.match(await app.type("sat 10:00"), /--when "sat 10:00" --slots 2/);
    assert.match(await app.type(":press 1"), /Sorting\n {2}When: Sat 5 Dec 10:00/);
    assert.equal(await app.app.database.db.guidedFlow.count(), 0);
  });

  it("asks nothing in a chat with no community: the command says so itself", async () => {
    const clock = new ManualClock("2026-12-01T08:00:00Z");
    const app = await start(clock);
    const reply = await app.type(":as alice", ":in nowhere", "/poll");
    assert.doesNotMatch(reply, /What do you want to ask\?/);
    assert.match(reply, /This chat is not part of a community yet/);
  });
});
