// Every vote counted exactly once, on SQLite and PostgreSQL: concurrent
// voters, one person's concurrent presses, redelivered events, votes racing
// a close, votes after a close, and what an anonymous poll's rows hold.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { Prisma } from "../../../src/storage/generated/sqlite/client.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

forEachDatabase("poll voting", (getDatabase) => {
  let app: PollsTestApp;
  let mem: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let polls = 0;

  beforeAll(async () => {
    mem = new MemoryAdapter("mem");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());

  /** Asks a poll in #kallio as alice; resolves with its number. */
  async function ask(text: string): Promise<number> {
    await mem.command("kallio", "alice", text);
    polls++;
    const poll = await getDatabase().db.poll.findUnique({ where: { id: polls } });
    assert.ok(poll, `poll ${polls} was made by: ${mem.lastText("kallio")}`);
    return polls;
  }

  const tallyOf = async (id: number) => app.s.polls.tally((await app.s.polls.find(id))!);

  it("counts 1,000 concurrent votes by 1,000 people as 1,000", async () => {
    const id = await ask('/poll "Lunch?" "Soup" "Salad" "Pie"');
    const people = Array.from({ length: 1000 }, (_, i) => `person-${i}`);
    const results = await Promise.all(
      people.map((person, i) => app.s.voting.vote(id, person, { kind: "toggle", position: i % 3 })),
    );
    assert.equal(results.filter((r) => r.kind === "cast").length, 1000);
    const tally = await tallyOf(id);
    assert.equal(tally.voters, 1000);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [334, 333, 333],
    );
    assert.equal(await getDatabase().db.vote.count({ where: { pollId: id } }), 1000);
  });

  it("leaves one vote after 50 concurrent choices by one person on a single-choice poll", async () => {
    const id = await ask('/poll "Colour?" "Red" "Green" "Blue" "Gold"');
    // Typed or native choices name the option to hold: whichever lands last wins, and only it.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => app.s.voting.vote(id, "person-x", { kind: "set", positions: [i % 4] })),
    );
    assert.equal(await getDatabase().db.vote.count({ where: { pollId: id, personId: "person-x" } }), 1);
    assert.equal((await tallyOf(id)).voters, 1);
  });

  it("applies one person's concurrent presses one after another: 49 presses of one option leave it chosen", async () => {
    const id = await ask('/poll "Tea?" "Yes" "No"');
    // A press toggles; 49 toggles applied in turn end with the option chosen, once.
    await Promise.all(
      Array.from({ length: 49 }, () => app.s.voting.vote(id, "person-y", { kind: "toggle", position: 0 })),
    );
    assert.equal(await getDatabase().db.vote.count({ where: { pollId: id, personId: "person-y" } }), 1);
    // And 50 concurrent button presses through the whole bot never leave more than one vote.
    await Promise.all(Array.from({ length: 50 }, (_, i) => mem.press("kallio", "zoe", i % 2 ? "Yes" : "No")));
    const zoe = await getDatabase().db.identity.findUniqueOrThrow({ where: { id: "mem:zoe" } });
    const zoes = await getDatabase().db.vote.count({ where: { pollId: id, personId: zoe.personId } });
    assert.ok(zoes <= 1, `${zoes} votes`);
    const tally = await tallyOf(id);
    assert.equal(tally.votes, await getDatabase().db.vote.count({ where: { pollId: id } }));
  });

  it("counts a redelivered press once, however often and however concurrently it arrives", async () => {
    const id = await ask('/poll "Coffee?" "Yes" "No"');
    const first = await mem.press("kallio", "bob", "Yes");
    assert.equal(first.toast, "You voted for Yes.");
    const again = await Promise.all(Array.from({ length: 20 }, () => mem.redeliverLast()));
    assert.ok(
      again.every((o) => o.status === "duplicate"),
      "every redelivery is a duplicate",
    );
    const tally = await tallyOf(id);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [1, 0],
    );
  });

  it("refuses a vote after the close with a clear line, and the tally does not change", async () => {
    const id = await ask('/poll "Picnic?" "Sat" "Sun"');
    await mem.press("kallio", "bob", "Sat");
    await mem.command("kallio", "alice", `/poll close ${id}`);
    const before = await tallyOf(id);
    const late = await mem.press("kallio", "carol", "Sun");
    assert.equal(late.status, "failed");
    assert.equal(late.toast, `Poll #${id} is closed; votes are no longer counted.`);
    await mem.command("kallio", "carol", `/poll vote ${id} 2`);
    assert.equal(mem.lastText("kallio"), `Poll #${id} is closed; votes are no longer counted.`);
    const refused = await app.s.voting.vote(id, "person-z", { kind: "toggle", position: 1 });
    assert.deepEqual([refused.kind, refused.kind === "refused" && refused.reason], ["refused", "closed"]);
    assert.deepEqual(await tallyOf(id), before);
  });

  it("refuses votes once the closing time has passed, even before the close job runs", async () => {
    const id = await ask('/poll "Quick?" "A" "B" --closes 1h');
    clock.advance(3_600_000);
    const late = await app.s.voting.vote(id, "person-late", { kind: "toggle", position: 0 });
    assert.equal(late.kind === "refused" && late.reason, "closed");
    await app.settle();
    assert.equal((await app.s.polls.find(id))?.status, "closed");
    clock.set("2026-12-01T08:00:00Z");
  });

  it("counts votes racing a close either fully before it or not at all", async () => {
    const id = await ask('/poll "Race?" "A" "B"');
    const votes = Array.from({ length: 200 }, (_, i) =>
      app.s.voting.vote(id, `racer-${i}`, { kind: "toggle", position: i % 2 }),
    );
    const close = app.s.closer.close(id);
    const [closed, ...results] = await Promise.all([close, ...votes]);
    assert.equal(closed.kind, "closed");
    const cast = results.filter((r) => r.kind === "cast").length;
    const refused = results.filter((r) => r.kind === "refused").length;
    assert.equal(cast + refused, 200);
    const final = await tallyOf(id);
    // The tally the close saw is the final one: no vote landed after it.
    assert.equal(closed.kind === "closed" && closed.tally.voters, cast);
    assert.equal(final.voters, cast);
  });

  it("keeps no row that links a person to an option in an anonymous poll", async () => {
    const id = await ask('/poll "Secret?" "Kumquat-option" "Rhubarb-option" --anonymous');
    const card = mem.messagesIn("kallio").at(-1)!;
    assert.match(card.message.text, /Anonymous: nobody, admins included, can see who voted what/);
    const voters = ["voter-ann", "voter-ben", "voter-cai"];
    for (const [i, voter] of voters.entries()) {
      const outcome = await mem.press("kallio", voter, i === 0 ? "Rhubarb-option" : "Kumquat-option");
      assert.equal(outcome.toast, "Your vote is counted. It's anonymous, so it can't be changed or taken back.");
    }
    const again = await mem.press("kallio", "voter-ann", "Kumquat-option");
    assert.match(again.toast ?? "", /You have already voted in poll #\d+\. It is anonymous, so your vote is final/);
    await app.settle();

    const { db } = getDatabase();
    assert.equal(await db.vote.count({ where: { pollId: id } }), 0);
    const options = await db.pollOption.findMany({ where: { pollId: id }, orderBy: { position: "asc" } });
    assert.deepEqual(
      options.map((o) => o.anonymousCount),
      [2, 1],
    );
    const ballots = await db.anonymousBallot.findMany({ where: { pollId: id } });
    assert.equal(ballots.length, 3);
    // A ballot has a keyed hash and a random id, and no time: nothing to line up with a change in the counts.
    assert.ok(
      ballots.every((b) => /^[0-9a-f]{64}$/.test(b.voterHash) && !("createdAt" in b)),
      "ballots hold a keyed hash and no time",
    );

    // Every row of every table: none holds both someone who voted and an option.
    const identities = await db.identity.findMany({ where: { id: { in: voters.map((v) => `mem:${v}`) } } });
    const whoMarks = identities.flatMap((i) => [i.id, i.personId, i.displayName]);
    const optionMarks = ["Kumquat-option", "Rhubarb-option", ...options.map((o) => `"optionId":${o.id}`)];
    const delegates = db as unknown as Record<string, { findMany(): Promise<unknown[]> }>;
    for (const model of Object.values(Prisma.ModelName)) {
      const rows = await delegates[model.charAt(0).toLowerCase() + model.slice(1)]!.findMany();
      for (const row of rows) {
        const text = JSON.stringify(row);
        const who = whoMarks.find((mark) => text.includes(mark));
        const what = optionMarks.find((mark) => text.includes(mark));
        assert.ok(!(who && what), `${model} row links ${who} to ${what}: ${text.slice(0, 200)}`);
      }
    }
  });

  it("lets only coordinators vote in a coordinators' poll, with a polite refusal for others", async () => {
    await mem.command("kallio", "alice", "/role @bob coordinator");
    const id = await ask('/poll "Budget?" "Yes" "No" --who coordinators');
    const refused = await mem.press("kallio", "carol", "Yes");
    assert.equal(refused.toast, `Sorry, only coordinators vote in poll #${id}. Thank you for wanting to take part!`);
    assert.equal((await mem.press("kallio", "bob", "Yes")).toast, "You voted for Yes.");
    assert.equal((await tallyOf(id)).voters, 1);
  });
});
