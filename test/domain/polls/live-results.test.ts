// Live results without flooding, on SQLite and PostgreSQL, with the clock
// moved by hand: at most one edit per posted copy per interval, never an edit
// that would show what the copy already shows, always a final edit at close,
// at most one edit of a copy waiting in the outbox, and one edit per interval
// even with two bot processes flushing the same copy.
import assert from "node:assert/strict";
import { after, before, beforeEach, it } from "node:test";
import { ManualClock } from "../../../src/core/clock.js";
import { LIVE_EDIT_PURPOSE } from "../../../src/domain/polls/poll-repository.js";
import { servicesFor } from "../../../src/domain/polls/services.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

const START = "2026-12-01T08:00:00.000Z";

forEachDatabase("live poll results", (getDatabase) => {
  let app: PollsTestApp;
  let mem: MemoryAdapter;
  const clock = new ManualClock(START);
  let polls = 0;

  before(async () => {
    mem = new MemoryAdapter("mem");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  after(() => app.close());
  beforeEach(() => clock.set(START));

  async function ask(question: string): Promise<{ id: number; card: () => (typeof mem.sent)[number] }> {
    await mem.command("kallio", "alice", `/poll "${question}" "Yes" "No"`);
    const id = ++polls;
    const sent = mem.sent.find((m) => m.message.title === question)!;
    assert.ok(sent, "the card was posted");
    return { id, card: () => mem.sent.find((m) => m.id === sent.id)! };
  }

  const editRows = (chatId = "mem:kallio") =>
    getDatabase().db.outboxMessage.findMany({
      where: { purpose: LIVE_EDIT_PURPOSE, destination: chatId },
      orderBy: { id: "asc" },
    });

  it("edits a copy at most 3 times for 500 votes in 2 seconds, and the last edit shows all 500", async () => {
    const { id, card } = await ask("Busy?");
    const before = (await editRows()).length;
    for (let i = 0; i < 500; i++) {
      clock.set(new Date(Date.parse(START) + i * 4));
      const outcome = await mem.press("kallio", `voter${i}`, i % 2 ? "Yes" : "No");
      assert.equal(outcome.status, "handled");
      // The dispatcher keeps up, as it does when running.
      await app.app.dispatcher.dispatchDue();
    }
    // Two seconds on: the durable flush job runs wherever jobs are ticked.
    clock.set(new Date(Date.parse(START) + 2_000));
    await app.settle();
    const edits = (await editRows()).slice(before);
    assert.ok(edits.length <= 3, `${edits.length} edits`);
    assert.equal(card().edits, edits.length);
    assert.match(card().message.text, /500 people voted/);
    assert.match(card().message.text, /1\. Yes — 250 \(50%\)/);
    const tally = await app.s.polls.tally((await app.s.polls.find(id))!);
    assert.equal(tally.voters, 500);
  });

  it("does not edit when the tally ends up as the copy shows it", async () => {
    const { card } = await ask("Unchanged?");
    const before = (await editRows()).length;
    await mem.press("kallio", "bob", "Yes"); // due at once: edit 1
    await app.settle();
    assert.equal((await editRows()).length, before + 1);
    clock.advance(100);
    await mem.press("kallio", "bob", "Yes"); // takes it back
    clock.advance(100);
    await mem.press("kallio", "bob", "Yes"); // and votes again: the same as shown
    clock.advance(1_000);
    await app.settle();
    assert.equal((await editRows()).length, before + 1);
    assert.equal(card().edits, 1);
    assert.match(card().message.text, /1 person voted/);
  });

  it("always makes a final edit at close, within the interval too", async () => {
    const { id, card } = await ask("Closing?");
    await mem.press("kallio", "bob", "No");
    clock.advance(100);
    await mem.command("kallio", "alice", `/poll close ${id}`);
    await app.settle();
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
    await app.app.jobs.tick();
    const waiting = (await editRows()).slice(before);
    assert.equal(waiting.length, 1);
    await app.app.dispatcher.dispatchDue();
    clock.advance(1_000);
    await app.settle();
    await app.settle();
    assert.equal((await editRows()).length - before, 2);
    assert.match(card().message.text, /2 people voted/);
  });

  it("edits once per interval with two bot processes flushing the same copy", async () => {
    const { id } = await ask("Two processes?");
    // A second process: its own services (and memory of what it scheduled) on the same database.
    const other = servicesFor({ ...app.app.polls });
    assert.notEqual(other.live, app.s.live);
    const before = (await editRows()).length;
    await app.s.voting.vote(id, "p-1", { kind: "toggle", position: 0 });
    await Promise.all([app.s.live.flush(id), other.live.flush(id), app.s.live.flush(id), other.live.flush(id)]);
    assert.equal((await editRows()).length, before + 1);
    await app.app.dispatcher.dispatchDue();

    await other.voting.vote(id, "p-2", { kind: "toggle", position: 1 });
    await Promise.all([app.s.live.flush(id), other.live.flush(id)]);
    assert.equal((await editRows()).length, before + 1, "not due yet");
    clock.advance(1_000);
    await Promise.all([app.s.live.flush(id), other.live.flush(id), app.s.live.flush(id)]);
    assert.equal((await editRows()).length, before + 2);
    const post = (await app.s.polls.posts(id))[0]!;
    assert.equal(post.dirty, false);
  });
});
