// How many statements a press on a poll button sends to the database, for a
// person the bot has never seen and for one it knows (issue 16: statements
// per press are the steadiest measure of the vote path's cost). Counted
// below Prisma, at the driver adapter, so emulated upserts and transaction
// control count too. The bounds are today's counts: lower them as the path
// gets cheaper, never raise them without a reason in the commit.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

// Before issue 16's work: 25 and 21 on SQLite, 26 and 22 on PostgreSQL (its
// shared and per-voter locks are a statement each). Every one of them is
// plain SQL now (no query compiler); a press alone still takes its own
// transaction, pressed in a crowd it shares one (see the batch below). The
// person, identity and membership are read in one statement, and on
// PostgreSQL a newcomer's are made in that same statement (participants.ts);
// and on PostgreSQL the poll and the batch's voters are locked in one
// (vote-batch-statements.ts): 15 and 12 on PostgreSQL, 11 for a known voter
// on SQLite, before those.
const BOUNDS = {
  sqlite: { newVoter: 14, knownVoter: 10 },
  postgresql: { newVoter: 9, knownVoter: 10 },
};

forEachDatabase("statements per vote", (getDatabase, provider) => {
  let app: PollsTestApp | undefined;
  const mem = new MemoryAdapter("mem");
  const clock = new ManualClock("2026-12-01T08:00:00.000Z");
  let counting = false;
  let statements: string[] = [];

  beforeAll(async () => {
    app = await startPollsApp(getDatabase().url, {
      clock,
      adapters: [mem],
      console: false,
      observeStatement: (sql) => {
        if (counting) statements.push(sql);
      },
    });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app?.close());

  /** The statements one press sends, from the update to its answer. */
  async function countPress(user: string, label: string): Promise<string[]> {
    statements = [];
    counting = true;
    try {
      const outcome = await mem.press("kallio", user, label);
      assert.equal(outcome.status, "handled");
    } finally {
      counting = false;
    }
    return statements;
  }

  it("a new voter's press and a known voter's press stay within their statement bounds", async () => {
    await mem.command("kallio", "alice", '/poll "Date?" "Saturday" "Sunday"');
    // The first press on a poll edits its card, the second arranges the next
    // flush; the presses of a burst come after those.
    await countPress("warmup", "Saturday");
    await countPress("warmup2", "Sunday");
    const newVoter = await countPress("bob", "Saturday");
    await mem.command("kallio", "alice", '/poll "Time?" "Morning" "Evening"');
    await countPress("warmup", "Morning");
    await countPress("warmup2", "Morning");
    const knownVoter = await countPress("bob", "Evening");
    expect(newVoter.length, newVoter.join("\n")).toBeLessThanOrEqual(BOUNDS[provider].newVoter);
    expect(knownVoter.length, knownVoter.join("\n")).toBeLessThanOrEqual(BOUNDS[provider].knownVoter);
    // Every press was stored, once: the two warm-ups and bob on the second poll.
    const tally = await app!.s.polls.tally((await app!.s.polls.find(2))!);
    expect(tally.voters).toBe(3);
  });

  it("a crowd's presses share transactions: far fewer statements than each alone", async () => {
    await mem.command("kallio", "alice", '/poll "Place?" "Park" "Beach"');
    const crowd = Array.from({ length: 30 }, (_, i) => `crowd-${i}`);
    // Known voters, each seen once already, and the card's first edit arranged.
    for (const user of crowd) await mem.command("kallio", user, "/help");
    await countPress("warmup", "Park");
    await countPress("warmup2", "Beach");
    statements = [];
    counting = true;
    try {
      const outcomes = await Promise.all(crowd.map((user, i) => mem.press("kallio", user, i % 2 ? "Park" : "Beach")));
      expect(outcomes.every((o) => o.status === "handled")).toBe(true);
    } finally {
      counting = false;
    }
    const alone = crowd.length * BOUNDS[provider].knownVoter;
    // Here: 84 on SQLite and 95 on PostgreSQL for 30 presses, against 330 and 360 alone
    // (132 and 138 while each event's claim was an insert of its own).
    expect(statements.length, `${statements.length} statements for ${crowd.length} presses`).toBeLessThan(alone * 0.4);
    // Their events' claims share inserts: those that come while two are in flight go in the next (3 here).
    const claims = statements.filter((sql) => /INSERT INTO \S*"ProcessedEvent"/.test(sql));
    expect(claims.length).toBeLessThanOrEqual(crowd.length / 3);
    const tally = await app!.s.polls.tally((await app!.s.polls.find(3))!);
    expect(tally.voters).toBe(32);
  });
});
