// Guided flows in the console: a command that lacks a piece asks for it, one
// question at a time, and ends in a preview whose Create runs the one-line
// command.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { startTasksApp, type TasksTestApp } from "../domain/tasks/harness.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("guided flows in the console", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tuesday 1 Dec, 10:00 in Helsinki
  let app: TasksTestApp;

  beforeAll(async () => {
    app = await startTasksApp(getDatabase().url, { clock });
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
  });
  afterAll(() => app.close());

  it("guides /task add from a bare command to the created shift", async () => {
    const first = await app.type(":as alice", "/task add");
    assert.match(first, /What is the shift\?/);
    assert.match(await app.type("Park clean-up"), /When does it start\?/);
    const slots = await app.type("sat 10:00");
    assert.match(slots, /How many people are needed\?/);
    assert.match(slots, /\[1\] 1 {2}\[2\] 2 {2}\[3\] 3/);
    assert.match(await app.type("many"), /That does not fit\. Try again[\s\S]*How many people are needed\?/);
    assert.match(await app.type(":press 4"), /Where is it\? \(optional\)/);
    const preview = await app.type("skip");
    assert.match(preview, /Check before it is created/);
    assert.match(preview, /\/task add "Park clean-up" --when "sat 10:00" --slots 4/);
    const created = await app.type(":press 1");
    assert.match(created, /Park clean-up\n {2}When: Sat 5 Dec 10:00/);
    assert.match(created, /Slots: 0\/4 filled/);
    // The flow is over: plain words are talk again.
    assert.match(await app.type("hello"), /commands start with \//);
  });
});
