// Live results under a burst, on SQLite and PostgreSQL, with the clock moved
// by hand: at most one edit per posted copy per interval, and the last edit
// shows every vote. Its own file because it is the longest of the poll tests.
import assert from "node:assert/strict";
import { it } from "vitest";
import { forEachDatabase } from "../../support/databases.js";
import { liveResultsFixture, START } from "./live-results-fixture.js";

forEachDatabase("live poll results", (getDatabase) => {
  const live = liveResultsFixture(getDatabase);
  const { mem, clock, ask, editRows } = live;

  // 500 presses one after another: minutes on a loaded 2-core machine, so a longer allowance than the rest.
  it("edits a copy at most 3 times for 500 votes in 2 seconds, and the last edit shows all 500", {
    timeout: 240_000,
  }, async () => {
    const { id, card } = await ask("Busy?");
    const before = (await editRows()).length;
    for (let i = 0; i < 500; i++) {
      clock.set(new Date(Date.parse(START) + i * 4));
      const outcome = await mem.press("kallio", `voter${i}`, i % 2 ? "Yes" : "No");
      assert.equal(outcome.status, "handled");
      // The dispatcher keeps up, as it does when running.
      await live.app.app.dispatcher.dispatchDue();
    }
    // Two seconds on: the durable flush job runs wherever jobs are ticked.
    clock.set(new Date(Date.parse(START) + 2_000));
    await live.app.settle();
    const edits = (await editRows()).slice(before);
    assert.ok(edits.length <= 3, `${edits.length} edits`);
    assert.equal(card().edits, edits.length);
    assert.match(card().message.text, /500 people voted/);
    assert.match(card().message.text, /1\. Yes — 250 \(50%\)/);
    const tally = await live.app.s.polls.tally((await live.app.s.polls.find(id))!);
    assert.equal(tally.voters, 500);
  });
});
