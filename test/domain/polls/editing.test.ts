// /poll edit through the whole bot, on SQLite and PostgreSQL: who may edit,
// what may change when (options only before the first vote), every copy
// re-edited, the close job moved, the audit trail; and a second process
// that had the poll's options in memory votes on the edited ones.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { inPollTransaction, lockPollExclusive } from "../../../src/domain/polls/poll-lock.js";
import { PollRepository } from "../../../src/domain/polls/poll-repository.js";
import { Voting } from "../../../src/domain/polls/voting.js";
import { forEachDatabase } from "../../support/databases.js";
import { type PollsCommunity, startPollsCommunity } from "./harness.js";

forEachDatabase("poll edit", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  let c: PollsCommunity;
  const say = (user: string, text: string, chat?: string) => c.say(user, text, chat);
  const cardOf = (question: string) => c.mem.sent.find((m) => m.message.title === question);
  const labels = (question: string) => cardOf(question)?.message.buttons?.map((row) => row.map((b) => b.label));
  const ask = async (user: string, text: string) => {
    await say(user, text);
    return c.latestPollId();
  };

  beforeAll(async () => {
    c = await startPollsCommunity(getDatabase().url, clock, ["carol", "dave"]);
  });
  afterAll(() => c.app.close());

  it("changes the question and options before the first vote, on every copy, and audits it", async () => {
    const id = await ask("bob", '/poll "Picnic where?" "Park" "Beach" --everywhere');
    await c.app.settle();
    assert.equal(c.mem.sent.filter((m) => m.message.title === "Picnic where?").length, 2);
    assert.match(
      await say("bob", `/poll edit ${id} "Picnic where, on Sunday?" "Park" "Beach" "Forest"`),
      new RegExp(`Poll #${id} is changed\\. Its cards in 2 chats now show the change\\.`),
    );
    await c.app.settle();
    const copies = c.mem.sent.filter((m) => m.message.title === "Picnic where, on Sunday?");
    assert.equal(copies.length, 2, "both copies are edited, none is left behind");
    for (const copy of copies) {
      assert.deepEqual(
        copy.message.buttons?.map((row) => row.map((b) => b.label)),
        [["Park"], ["Beach"], ["Forest"], ["Results"]],
      );
    }
    // A press on the new option counts for it (no option kept from before the edit).
    assert.equal((await c.mem.press("kallio", "dave", "Forest")).toast, "You voted for Forest.");
    const tally = await c.app.s.polls.tally((await c.app.s.polls.find(id))!);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [0, 0, 1],
    );
    const audit = await getDatabase().db.auditEntry.findFirstOrThrow({
      where: { action: "poll.edit", subject: `poll:${id}` },
    });
    const detail = JSON.parse(audit.detail) as { question: { before: string; after: string }; options: string[] };
    assert.deepEqual(detail.question, { before: "Picnic where?", after: "Picnic where, on Sunday?" });
    assert.deepEqual(detail.options, ["Park", "Beach", "Forest"]);
  });

  it("keeps the options once someone has voted, with a clear refusal, but still changes the question", async () => {
    const id = await ask("carol", '/poll "Bring what?" "Bread" "Cheese"');
    await c.mem.press("kallio", "dave", "Bread");
    assert.match(
      await say("carol", `/poll edit ${id} "Bring what?" "Bread" "Fruit"`),
      new RegExp(`People have already voted in poll #${id}, so its options stay as they are`),
    );
    assert.deepEqual(labels("Bring what?"), [["Bread"], ["Cheese"], ["Results"]]);
    assert.match(await say("carol", `/poll edit ${id} "Bring what to eat?"`), /is changed/);
    await c.app.settle();
    const card = cardOf("Bring what to eat?");
    assert.ok(card, "the card shows the new question");
    assert.match(card.message.text, /1 person voted/);
    assert.deepEqual(labels("Bring what to eat?"), [["Bread"], ["Cheese"], ["Results"]]);
  });

  it("lets only the creator or an admin edit, and only an open poll", async () => {
    const id = await ask("carol", '/poll "Whose is it?" "Mine" "Yours"');
    assert.match(
      await say("bob", `/poll edit ${id} "Ours?"`),
      new RegExp(`Only the person who started poll #${id} or an admin can edit it\\.`),
    );
    assert.match(await say("alice", `/poll edit ${id} "Whose is it, really?"`), /is changed/);
    assert.match(await say("carol", `/poll edit ${id}`), /Say what to change in poll/);
    await say("carol", `/poll close ${id}`);
    assert.match(await say("carol", `/poll edit ${id} "Too late?"`), new RegExp(`Poll #${id} is already closed\\.`));
    assert.equal((await c.app.s.polls.find(id))?.question, "Whose is it, really?");
  });

  it("moves the close job to the new closing time, and removes it with --closes never", async () => {
    const id = await ask("carol", '/poll "Sauna night?" "Yes" "No" --closes 2h');
    const db = getDatabase().db;
    const key = `poll:${id}:close`;
    assert.equal(
      (await db.job.findUniqueOrThrow({ where: { dedupeKey: key } })).runAt.toISOString(),
      "2026-12-01T10:00:00.000Z",
    );
    assert.match(await say("carol", `/poll edit ${id} --closes "wed 18:00"`), /is changed/);
    // Wed 2 Dec 18:00 in Helsinki.
    const moved = await db.job.findUniqueOrThrow({ where: { dedupeKey: key } });
    assert.equal(moved.runAt.toISOString(), "2026-12-02T16:00:00.000Z");
    assert.equal(moved.status, "pending");
    assert.equal((await c.app.s.polls.find(id))?.closesAt?.toISOString(), "2026-12-02T16:00:00.000Z");
    await c.app.settle();
    assert.match(cardOf("Sauna night?")?.message.footer ?? "", /closes Wed 2 Dec 18:00/);

    // The old time passes: the poll stays open.
    clock.advance(3 * 3_600_000);
    await c.app.settle();
    assert.equal((await c.app.s.polls.find(id))?.status, "open");

    assert.match(await say("carol", `/poll edit ${id} --closes never`), /is changed/);
    assert.equal(await db.job.count({ where: { dedupeKey: key } }), 0);
    assert.equal((await c.app.s.polls.find(id))?.closesAt, null);
    assert.match(await say("carol", `/poll edit ${id} --closes whenever`), /can't read “whenever” as a closing time/);
  });

  it("a process that had the options in memory votes on the options another process put in", async () => {
    const id = await ask("carol", '/poll "Colour?" "Red" "Blue"');
    const database = getDatabase();
    // Process A: has read the poll and its options through a vote, then taken it back.
    const voting = new Voting(database, new PollRepository(database), c.app.s.ballots, () => clock.now());
    await voting.vote(id, "person-a", { kind: "toggle", position: 0 });
    await voting.vote(id, "person-a", { kind: "toggle", position: 0 });
    // Process B, with its own memory, edits the options and the question.
    const other = new PollRepository(database);
    await inPollTransaction(database, async (tx) => {
      await lockPollExclusive(database, tx, id);
      await other.editIn(tx, id, { question: "Colour, really?", options: ["Green", "Yellow"] });
    });
    // Process A's next vote reads the new options and question, not those it kept.
    const result = await voting.vote(id, "person-a", { kind: "toggle", position: 1 });
    assert.equal(result.kind, "cast");
    assert.equal(result.kind === "cast" && result.poll.question, "Colour, really?");
    const yellow = await database.db.pollOption.findFirstOrThrow({ where: { pollId: id, text: "Yellow" } });
    const votes = await database.db.vote.findMany({ where: { pollId: id } });
    assert.deepEqual(
      votes.map((v) => v.optionId),
      [yellow.id],
    );
  });
});
