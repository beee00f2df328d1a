// The guided /task add's "When does it start?" offers the community's usual
// shift times first: two shifts on Wednesdays at 18:30 make "wed 18:30" the
// first button, and pressing it answers the question like typing it would.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import type { RequestsTestApp } from "../requests/harness.js";
import { newestIn, startGroupFlows } from "./group-harness.js";

forEachDatabase("guided /task add: the community's usual times", (getDatabase) => {
  // Tuesday 1 December 2026, 10:00 in Helsinki.
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const whenButtons = () =>
    newestIn(h)
      .message.buttons?.flat()
      .map((b) => b.label);

  beforeAll(async () => {
    h = await startGroupFlows(getDatabase().url, clock);
  });
  afterAll(() => h.close());

  it("offers only the usual suggestions while the community has no habit", async () => {
    await h.tg.command("kallio", "alice", '/task add "Sorting"');
    assert.match(h.tg.lastText("kallio"), /When does it start\?/);
    assert.deepEqual(whenButtons(), ["today 18:00", "tomorrow 18:00", "sat 10:00", "Cancel"]);
    await h.tg.command("kallio", "alice", "/cancel");
  });

  it("puts a weekday and time two shifts share first, and its button answers the question", async () => {
    await h.say(h.tg, "kallio", "alice", '/task add "Soup kitchen" --when "2026-12-02 18:30" --slots 3');
    await h.say(h.tg, "kallio", "alice", '/task add "Soup kitchen" --when "2026-12-09 18:30" --slots 3');
    await h.tg.command("kallio", "alice", '/task add "Soup kitchen"');
    assert.deepEqual(whenButtons(), ["wed 18:30", "today 18:00", "tomorrow 18:00", "Cancel"]);
    await h.tg.press("kallio", "alice", "wed 18:30");
    assert.match(h.tg.lastText("kallio"), /How many people/);
    await h.tg.command("kallio", "alice", "/cancel");
  });
});
