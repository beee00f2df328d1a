// Live results without flooding, on SQLite and PostgreSQL, with the clock
// moved by hand: never an edit that would show what the copy already shows,
// always a final edit at close, at most one edit of a copy waiting in the
// outbox, and one edit per interval even with two bot processes flushing the
// same copy. The 500-vote burst is in live-results-burst.test.ts.
import assert from "node:assert/strict";
import { it } from "vitest";
import { pollsModule } from "../../../src/domain/polls/index.js";
import { forEachDatabase } from "../../support/databases.js";
import { liveResultsFixture } from "./live-results-fixture.js";

forEachDatabase("live poll results", (getDatabase) => {
  const live = liveResultsFixture(getDatabase);
  const { mem, clock, ask, editRows } = live;

  it("does not edit when the tally ends up as the copy shows it", async () => {
    const { card } = await ask("Unchanged?");
    const before = (await editRows()).length;
    await mem.press("kallio", "bob", "Yes"); // due at once: edit 1
    await live.app.settle();
    assert.equal((await editRows()).length, before + 1);
    clock.advance(100);
    await mem.press("kallio", "bob", "Yes"); // takes it back
    clock.advance(100);
    await mem.press("kallio", "bob", "Yes"); // and votes again: the same as shown
    clock.advance(1_000);
    await live.app.settle();
    assert.equal((await editRows()).length, before + 1);
    assert.equal(card().edits, 1);
    assert.match(card().message.text, /1 person voted/);
  });

  it("always makes a final edit at close, within the interval too", async () => {
    const { id, card } = await ask("Closing?");
    await mem.press("kallio", "bob", "No");
    clock.advance(100);
    await mem.command("kallio", "alice", `/poll close ${id}`);
    await live.app.settle();
    assert.equal(card().edits, 2);
    assert.equal(card().message.buttons, undefined);
    assert.match(card().message.text, /Result: “No” wins with 1 vote\./);
    assert.match(card().message.footer ?? "", /closed/);
  });

  it("keeps at most one edit of a copy waiting in the outbox, then sends the latest tally", async () => {
    const { card } = await ask("Slow chat?");
    const before = (await editRows()).length;
    await mem.press("kallio", "bob", "Yes"); // edit queued, not delivered (as if rate-limited)
    clock.advance(1_500);
    await mem.press("kallio", "carol", "Yes"); // due, but the first edit still waits
    await live.app.app.jobs.tick();
    const waiting = (await editRows()).slice(before);
    assert.equal(waiting.length, 1);
    await live.app.app.dispatcher.dispatchDue();
    clock.advance(1_000);
    await live.app.settle();
    await live.app.settle();
    assert.equal((await editRows()).length - before, 2);
    assert.match(card().message.text, /2 people voted/);
  });

  it("edits once per interval with two bot processes flushing the same copy", async () => {
    const { id } = await ask("Two processes?");
    // A second process: its own services (and memory of what it scheduled) on the same database.
    const other = pollsModule({ ...live.app.s.deps }).services;
    assert.notEqual(other.live, live.app.s.live);
    const before = (await editRows()).length;
    await live.app.s.voting.vote(id, "p-1", { kind: "toggle", position: 0 });
    await Promise.all([
      live.app.s.live.flush(id),
      other.live.flush(id),
      live.app.s.live.flush(id),
      other.live.flush(id),
    ]);
    assert.equal((await editRows()).length, before + 1);
    await live.app.app.dispatcher.dispatchDue();

    await other.voting.vote(id, "p-2", { kind: "toggle", position: 1 });
    await Promise.all([live.app.s.live.flush(id), other.live.flush(id)]);
    assert.equal((await editRows()).length, before + 1, "not due yet");
    clock.advance(1_000);
    await Promise.all([live.app.s.live.flush(id), other.live.flush(id), live.app.s.live.flush(id)]);
    assert.equal((await editRows()).length, before + 2);
    const post = (await live.app.s.polls.posts(id))[0]!;
    assert.equal(post.dirty, false);
  });
});
