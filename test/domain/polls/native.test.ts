// --native, on SQLite and PostgreSQL: on a platform with native polls the
// poll is the platform's own (non-anonymous, so answers name the voter), and
// its answers join the same tally as button votes. Where a native poll cannot
// keep the poll's promise (anonymous, hidden, coordinators only) or the
// platform has none, the bot says so and uses buttons.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";
import { NativePollAdapter } from "./native-adapter.js";

forEachDatabase("native polls", (getDatabase) => {
  let app: PollsTestApp;
  let nat: NativePollAdapter;
  let mem: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  const tallyOf = async (id: number) => app.s.polls.tally((await app.s.polls.find(id))!);

  beforeAll(async () => {
    nat = new NativePollAdapter("nat");
    mem = new MemoryAdapter("mem");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [nat, mem], console: false });
    await nat.command("club", "alice", "/setup community Kallio", { admin: true });
    await nat.command("club", "alice", "/setup invite");
    const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(nat.lastText("club"))?.[1];
    await mem.command("city", "olga", `/setup join ${code}`, { admin: true });
  });
  afterAll(() => app.close());

  it("creates the platform's own poll, non-anonymous, and counts its answers in the one tally", async () => {
    await nat.command("club", "alice", '/poll "Sauna night?" "Friday" "Saturday" --multi --native');
    assert.match(nat.lastText("club"), /Poll #1 is up as the platform's own poll\. Close it with \/poll close 1/);
    const [native] = nat.polls;
    assert.deepEqual(native?.spec, {
      question: "Sauna night?",
      options: ["Friday", "Saturday"],
      multi: true,
      anonymous: false,
    });
    const post = await getDatabase().db.pollPost.findFirstOrThrow({ where: { pollId: 1 } });
    assert.equal(post.nativePollId, native!.nativePollId);

    assert.equal((await nat.answer("club", "ann", native!.nativePollId, [0, 1])).status, "handled");
    await nat.answer("club", "ben", native!.nativePollId, [1]);
    let tally = await tallyOf(1);
    assert.equal(tally.voters, 2);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [1, 2],
    );
    // A changed answer replaces the old one; an empty one takes it back.
    await nat.answer("club", "ann", native!.nativePollId, [0]);
    await nat.answer("club", "ben", native!.nativePollId, []);
    tally = await tallyOf(1);
    assert.equal(tally.voters, 1);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [1, 0],
    );
    // An answer to a poll that is not ours is ignored.
    assert.equal((await nat.answer("club", "ann", "someone-elses", [0])).status, "handled");
  });

  it("stops the native poll at close (through the outbox, queued with the close) and posts the summary", async () => {
    await nat.command("club", "alice", "/poll close 1");
    assert.equal(await getDatabase().db.outboxMessage.count({ where: { purpose: "poll.stop" } }), 1);
    await app.settle();
    assert.equal(nat.polls[0]?.closed, true);
    assert.match(nat.lastText("club"), /Poll #1 closed: Sauna night\?[\s\S]*Result: “Friday” wins with 1 vote\./);
    // Answers after the close are not counted.
    await nat.answer("club", "cai", nat.polls[0]!.nativePollId, [1]);
    assert.equal((await tallyOf(1)).voters, 1);
  });

  it("uses buttons, and says why, where a native poll cannot keep the poll's promise", async () => {
    await nat.command("club", "alice", '/poll "Secret?" "A" "B" --anonymous --native');
    const [why, card] = nat.messagesIn("club").slice(-2);
    assert.match(why!.message.text, /so this anonymous poll uses buttons/);
    assert.deepEqual(
      card!.message.buttons?.flat().map((b) => b.label),
      ["A", "B", "Results"],
    );
    await nat.command("club", "alice", '/poll "Surprise?" "A" "B" --hidden --native');
    assert.match(nat.messagesIn("club").at(-2)!.message.text, /so this hidden poll uses buttons/);
    await mem.command("city", "olga", '/poll "Here?" "A" "B" --native');
    assert.match(mem.messagesIn("city").at(-2)!.message.text, /This platform has no polls of its own/);
    assert.equal(nat.polls.length, 1);
  });

  it("with --everywhere, is native where the platform has native polls and buttons elsewhere, with one tally", async () => {
    await mem.command("city", "olga", '/poll "Bikes?" "Yes" "No" --everywhere --native');
    // olga is a chat admin on her platform but not a coordinator of the community.
    assert.match(mem.lastText("city"), /That needs the coordinator role here/);
    await nat.command("club", "alice", '/poll "Bikes?" "Yes" "No" --everywhere --native');
    const id = (await getDatabase().db.poll.findFirstOrThrow({ where: { question: "Bikes?" } })).id;
    assert.equal(nat.polls.at(-1)?.spec.question, "Bikes?");
    await app.settle();
    const copy = mem.messagesIn("city").find((m) => m.message.title === "Bikes?");
    assert.ok(copy, "the other platform got a buttons copy");
    await nat.answer("club", "ann", nat.polls.at(-1)!.nativePollId, [0]);
    await mem.press("city", "olga", "Yes");
    const tally = await tallyOf(id);
    assert.equal(tally.voters, 2);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [2, 0],
    );
  });
});
