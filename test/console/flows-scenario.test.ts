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

  it("guides /poll: question, options as a list, optional close time", async () => {
    assert.match(await app.type(":as alice", "/poll"), /What do you want to ask\?/);
    assert.match(await app.type("Pizza or soup?"), /What are the options\?/);
    assert.match(await app.type("Pizza"), /That does not fit/);
    assert.match(
      await app.type("Pizza, Soup, Both"),
      /When does it close\?[\s\S]*\[1\] 2h {2}\[2\] 24h {2}\[3\] 3 days {2}\[4\] Skip/,
    );
    assert.match(await app.type("whenever"), /can't read “whenever” as a closing time[\s\S]*When does it close\?/);
    const preview = await app.type(":press 2");
    assert.match(preview, /\/poll "Pizza or soup\?" "Pizza" "Soup" "Both" --closes "24h"/);
    const poll = await app.type(":press 1");
    assert.match(poll, /Pizza or soup\?/);
    assert.match(poll, /Both/);
  });

  it("guides /setup category add, then /request with the category as a button", async () => {
    assert.match(await app.type(":as alice", "/setup category add"), /short code/);
    assert.match(await app.type("lighting"), /What is its name/);
    assert.match(await app.type("Street lighting"), /How soon should it be answered\?/);
    const preview = await app.type("3 days");
    assert.match(preview, /\/setup category add "lighting" "Street lighting" --expect "3 days"/);
    assert.match(await app.type(":press 1"), /Street lighting/);

    const category = await app.type("/request");
    assert.match(category, /What is it about\?[\s\S]*\[1\] Street lighting {2}\[2\] Cancel/);
    assert.match(await app.type(":press 1"), /Describe the problem/);
    assert.match(await app.type("Lamp out at the corner"), /Where is it\?/);
    // The console sends no photos: Skip passes the photo question.
    assert.match(await app.type("Main street 1"), /Add a photo\?[\s\S]*\[1\] Skip/);
    const request = await app.type(":press 1");
    assert.match(request, /\/request "lighting" "Lamp out at the corner" --where "Main street 1"/);
    assert.match(await app.type(":press 1"), /Your request number is/);
  });

  it("guides /hours log: which shift or what was done, then how long", async () => {
    assert.match(await app.type(":as alice", "/hours log"), /Which shift was it\?/);
    assert.match(await app.type("Made coffee for the crew"), /How many hours\?/);
    const preview = await app.type(":press 2");
    assert.match(preview, /\/hours log "2" --note "Made coffee for the crew"/);
    assert.match(await app.type(":press 1"), /2 h/);
  });

  it("changes one piece through Edit, and Cancel leaves without creating", async () => {
    assert.match(await app.type(":as alice", '/task add "Sorting" --slots 2'), /When does it start\?/);
    const preview = await app.type("sat 10:00", "skip");
    assert.match(preview, /\[1\] Create {2}\[2\] Edit {2}\[3\] Cancel/);
    assert.match(await app.type(":press 2"), /Which piece do you want to change\?[\s\S]*\[3\] People/);
    assert.match(await app.type(":press 3"), /How many people are needed\?/);
    assert.match(await app.type("5"), /\/task add "Sorting" --when "sat 10:00" --slots 5\n/);
    assert.match(await app.type(":press 3"), /Stopped\. Nothing was created\./);
  });
});
