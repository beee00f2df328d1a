// Anonymous polls are anonymous also to someone who reads the database: no
// value stored in it finds a voter's ballot, there are no live counts unless
// the creator asks for them, and once the poll closes no row keeps per-vote
// timing (live-result edits, ballot order, timestamps). One vote per person
// survives a restart and a /link.
import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { qualifiedTable } from "../../../src/storage/raw-sql.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

const VOTED = "Your vote is counted. It's anonymous, so it can't be changed or taken back.";
const ALREADY = /You have already voted in poll #\d+\. It is anonymous/;

forEachDatabase("anonymous polls against a database reader", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: PollsTestApp;
  let mem: MemoryAdapter;
  let other: MemoryAdapter;
  const db = () => getDatabase().db;

  beforeAll(async () => {
    mem = new MemoryAdapter("mem");
    other = new MemoryAdapter("other");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem, other], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());

  async function ask(text: string): Promise<number> {
    await mem.command("kallio", "alice", text);
    const poll = await db().poll.findFirst({ orderBy: { id: "desc" } });
    assert.ok(poll, mem.lastText("kallio"));
    return poll.id;
  }

  const lastCard = () => mem.messagesIn("kallio").findLast((m) => m.message.buttons !== undefined || m.edits > 0)!;

  it("stores nothing that, hashed with a person's id, finds their ballot", async () => {
    const id = await ask('/poll "Secret?" "Kumquat" "Rhubarb" --anonymous');
    for (const voter of ["ann", "ben", "cai"]) {
      assert.equal((await mem.press("kallio", voter, "Kumquat")).toast, VOTED);
    }
    const poll = await db().poll.findUniqueOrThrow({ where: { id } });
    const keys = new Set((await db().anonymousBallot.findMany({ where: { pollId: id } })).map((b) => b.voterHash));
    assert.equal(keys.size, 3);
    const people = (await db().person.findMany()).map((p) => p.id);
    const values = Object.values(poll).map((v) => String(v));
    for (const person of people) {
      for (const value of values) {
        for (const guess of [
          createHash("sha256").update(value).update(person).digest("hex"),
          createHmac("sha256", value).update(person).digest("hex"),
        ]) {
          assert.ok(!keys.has(guess), "a ballot key computed from the poll's row");
        }
      }
    }
    assert.equal(poll.salt, null);
  });

  it("shows no counts on an anonymous card while it is open, unless the poll was made with --live", async () => {
    await ask('/poll "Quiet?" "Yes-q" "No-q" --anonymous');
    await mem.press("kallio", "ann", "Yes-q");
    await app.settle();
    clock.advance(2_000);
    await app.settle();
    const quiet = lastCard().message.text;
    assert.match(quiet, /Results are hidden until the poll closes\. 1 person has voted so far/);
    assert.doesNotMatch(quiet, /Yes-q — 1/);

    await ask('/poll "Loud?" "Yes-l" "No-l" --anonymous --live');
    await mem.press("kallio", "ann", "Yes-l");
    clock.advance(2_000);
    await app.settle();
    assert.match(lastCard().message.text, /Yes-l — 1 \(100%\)/);
  });

  it("keeps no per-vote timing once it closes: no live edits in the outbox, ballots in no voting order, no times", async () => {
    const id = await ask('/poll "Order?" "First" "Second" --anonymous --live');
    const voters = ["v1", "v2", "v3", "v4", "v5", "v6"];
    for (const [i, voter] of voters.entries()) {
      await mem.press("kallio", voter, i % 2 ? "Second" : "First");
      clock.advance(2_000);
      await app.settle();
    }
    const card = lastCard();
    const edits = () =>
      db().outboxMessage.count({
        where: { destination: mem.chatId("kallio"), message: { contains: `"messageId":"${card.id}"` } },
      });
    assert.ok((await edits()) > 0, "live edits went through the outbox");
    await mem.command("kallio", "alice", `/poll close ${id}`);
    clock.advance(15 * 60_000);
    await app.settle();
    assert.match(lastCard().message.text, /First — 3/);
    assert.equal(await edits(), 0);

    const ballots = await db().anonymousBallot.findMany({ where: { pollId: id } });
    assert.equal(ballots.length, voters.length);
    for (const ballot of ballots) {
      assert.deepEqual(Object.keys(ballot).sort(), ["id", "pollId", "voterHash"], "no time on a ballot");
      assert.match(String(ballot.id), /^[A-Za-z0-9_-]{22}$/);
    }
    // Stored order (SQLite's rowid, PostgreSQL's heap) follows the random ids, not the votes.
    const database = getDatabase();
    const postgres = database.provider === "postgresql";
    const stored = await database.db.$queryRawUnsafe<Array<{ id: string }>>(
      postgres
        ? `SELECT "id" FROM ${qualifiedTable(database.target, "AnonymousBallot")} WHERE "pollId" = ${id} ORDER BY ctid`
        : `SELECT "id" FROM "AnonymousBallot" WHERE "pollId" = ${id} ORDER BY rowid`,
    );
    const ids = stored.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  it("counts one vote per person across a restart", async () => {
    const id = await ask('/poll "Again?" "Once" "Twice" --anonymous');
    assert.equal((await mem.press("kallio", "dan", "Once")).toast, VOTED);
    await app.close();
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem, other], console: false });
    assert.match((await mem.press("kallio", "dan", "Twice")).toast ?? "", ALREADY);
    assert.equal((await app.s.polls.tally((await app.s.polls.find(id))!)).voters, 1);
  });

  it("keeps a ballot with the person when /link joins their accounts", async () => {
    await ask('/poll "Linked?" "Aye" "Nay" --anonymous');
    assert.equal((await mem.press("kallio", "eve", "Aye")).toast, VOTED);
    // The account that asks for the code is kept; the one that votes here is merged into it.
    await other.command("dm:eve", "eve", "/link");
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(other.lastText("dm:eve"))?.[1];
    assert.ok(code);
    await mem.command("dm:eve", "eve", `/link ${code}`);
    assert.match((await mem.press("kallio", "eve", "Nay")).toast ?? "", ALREADY);
  });
});
