// Group commit of votes on SQLite and PostgreSQL: presses that queue behind
// a transaction are committed together, and each keeps its own outcome: a
// redelivered press in a batch is a duplicate while the rest count; a press
// whose own write fails fails alone; one person's presses in one batch are
// applied in turn, and so are their presses from two processes at once
// (PostgreSQL: the voters' locks; SQLite: its one writer); an anonymous
// poll's batch keeps its counters exact.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { commitWithCompletion, type EventCompletion, isEventAlreadyDone } from "../../../src/core/event-completion.js";
import { PollRepository } from "../../../src/domain/polls/poll-repository.js";
import { type VoteResult, Voting } from "../../../src/domain/polls/voting.js";
import { openDatabase } from "../../../src/storage/database.js";
import { alsoWhenDone, ProcessedEvents } from "../../../src/storage/repositories/processed-events.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

forEachDatabase("vote batches", (getDatabase, provider) => {
  let app: PollsTestApp;
  let ledger: ProcessedEvents;
  const mem = new MemoryAdapter("mem");
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let events = 0;

  beforeAll(async () => {
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem], console: false });
    ledger = new ProcessedEvents(getDatabase(), "test");
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());

  async function ask(text: string): Promise<number> {
    await mem.command("kallio", "alice", text);
    return (await getDatabase().db.poll.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
  }

  /** A claimed event, as the router hands a handler its completion. */
  async function claimed(): Promise<EventCompletion> {
    const eventKey = `test:batch-${++events}`;
    const claimedAt = new Date(Date.UTC(2026, 11, 1, 8, 0, 0, events));
    assert.equal(await ledger.claim(eventKey, claimedAt), "claimed");
    return { eventKey, claimedAt };
  }

  const statusOf = async (completion: EventCompletion) =>
    (await getDatabase().db.processedEvent.findUniqueOrThrow({ where: { id: completion.eventKey } })).status;

  it("commits the presses queued behind a transaction together, each counted once with its event done", async () => {
    const id = await ask('/poll "Lunch?" "Soup" "Salad"');
    const completions = await Promise.all(Array.from({ length: 60 }, () => claimed()));
    const results = await Promise.all(
      completions.map((completion, i) =>
        app.s.voting.vote(id, `p-${i}`, { kind: "toggle", position: i % 2 }, completion),
      ),
    );
    expect(results.every((r) => r.kind === "cast" && r.effect === "voted")).toBe(true);
    expect(app.s.voting.largestBatch).toBeGreaterThan(1);
    const tally = await app.s.polls.tally((await app.s.polls.find(id))!);
    expect(tally.options.map((o) => o.count)).toEqual([30, 30]);
    for (const completion of completions) expect(await statusOf(completion)).toBe("done");
    // Each person's vote went in in the order they pressed (votersByOption lists them so).
    const voters = await app.s.polls.votersByOption((await app.s.polls.find(id))!);
    const soup = voters.get((await app.s.polls.options((await app.s.polls.find(id))!))[0]!.id) ?? [];
    expect(soup).toHaveLength(30);
  });

  it("answers a press whose event another delivery has taken as a duplicate, and counts the rest of its batch", async () => {
    const id = await ask('/poll "Tea?" "Yes" "No"');
    const completions = await Promise.all(Array.from({ length: 30 }, () => claimed()));
    // Three events were taken again and finished by another delivery (this claim's lease ran out, say).
    for (const i of [27, 28, 29]) {
      await getDatabase().db.processedEvent.update({
        where: { id: completions[i]!.eventKey },
        data: { status: "done", processedAt: new Date(completions[i]!.claimedAt.getTime() + 60_000) },
      });
    }
    const settled = await Promise.allSettled(
      completions.map((completion, i) => app.s.voting.vote(id, `q-${i}`, { kind: "toggle", position: 0 }, completion)),
    );
    const duplicates = settled.flatMap((s, i) => (s.status === "rejected" && isEventAlreadyDone(s.reason) ? [i] : []));
    expect(duplicates).toEqual([27, 28, 29]);
    expect(settled.filter((s) => s.status === "fulfilled")).toHaveLength(27);
    expect((await app.s.polls.tally((await app.s.polls.find(id))!)).voters).toBe(27);
  });

  it("fails only the press whose own write fails; the others in its batch count", async () => {
    const id = await ask('/poll "Cake?" "Yes" "No"');
    const completions = await Promise.all(Array.from({ length: 20 }, () => claimed()));
    const broken = completions[19]!;
    commitWithCompletion(broken, async () => {
      throw new Error("this press's own write failed");
    });
    const settled = await Promise.allSettled(
      completions.map((completion, i) => app.s.voting.vote(id, `r-${i}`, { kind: "toggle", position: 1 }, completion)),
    );
    const failed = settled.flatMap((s, i) => (s.status === "rejected" ? [i] : []));
    expect(failed).toEqual([19]);
    expect((await app.s.polls.tally((await app.s.polls.find(id))!)).voters).toBe(19);
    expect(await statusOf(broken)).toBe("started");
    expect(await statusOf(completions[0]!)).toBe("done");
  });

  it("commits a press's own writes with its vote, in the same transaction", async () => {
    const id = await ask('/poll "Pie?" "Yes" "No"');
    const completions = await Promise.all(Array.from({ length: 12 }, () => claimed()));
    const noted = completions[11]!;
    // A write that must commit with the event (as a guided flow's end does): it joins the batch.
    alsoWhenDone(noted, (tx) => tx.person.create({ data: { id: `noted-${noted.eventKey}`, displayName: "Noted" } }));
    await Promise.all(
      completions.map((completion, i) => app.s.voting.vote(id, `w-${i}`, { kind: "toggle", position: 0 }, completion)),
    );
    expect((await app.s.polls.tally((await app.s.polls.find(id))!)).voters).toBe(12);
    for (const completion of completions) expect(await statusOf(completion)).toBe("done");
    expect(await getDatabase().db.person.count({ where: { id: `noted-${noted.eventKey}` } })).toBe(1);
  });

  it("applies one person's presses queued in one batch in turn", async () => {
    const id = await ask('/poll --multi "Days?" "Mon" "Tue" "Wed"');
    // Fill the transactions ahead, so that the person's presses queue together.
    const others = Array.from({ length: 10 }, (_, i) =>
      app.s.voting.vote(id, `s-${i}`, { kind: "toggle", position: 0 }),
    );
    const mine: Array<Promise<VoteResult>> = [
      app.s.voting.vote(id, "sam", { kind: "toggle", position: 1 }),
      app.s.voting.vote(id, "sam", { kind: "toggle", position: 2 }),
      app.s.voting.vote(id, "sam", { kind: "toggle", position: 1 }),
    ];
    await Promise.all(others);
    const results = await Promise.all(mine);
    expect(results.map((r) => (r.kind === "cast" ? r.effect : r.reason))).toEqual(["voted", "added", "removed"]);
    expect(results.map((r) => (r.kind === "cast" ? r.choices : []))).toEqual([[1], [1, 2], [2]]);
    const sam = await getDatabase().db.vote.findMany({ where: { pollId: id, personId: "sam" } });
    const options = await app.s.polls.options((await app.s.polls.find(id))!);
    expect(sam.map((v) => options.find((o) => o.id === v.optionId)?.position)).toEqual([2]);
  });

  it("applies one person's presses from two processes at once in turn, never both on the same ballot", async () => {
    const id = await ask('/poll "Where?" "Park" "Beach"');
    // Process B, as a second instance: its own memory, and on PostgreSQL its own pool. SQLite
    // serves one process: B shares its connection (a second handle would block this thread in
    // SQLite's busy wait while the first holds the write lock).
    const shared = app.app.store.database;
    const database = provider === "postgresql" ? await openDatabase(getDatabase().url) : shared;
    try {
      const other = new Voting(database, new PollRepository(database), app.s.ballots, () => clock.now());
      const people = Array.from({ length: 40 }, (_, i) => `twice-${i}`);
      // Each person presses "Park" in both processes at once: one press votes, the other takes it back.
      const results = await Promise.all(
        people.flatMap((person) => [
          app.s.voting.vote(id, person, { kind: "toggle", position: 0 }),
          other.vote(id, person, { kind: "toggle", position: 0 }),
        ]),
      );
      const effects = results.map((r) => (r.kind === "cast" ? r.effect : r.reason));
      for (let i = 0; i < people.length; i++) {
        expect([effects[2 * i], effects[2 * i + 1]].sort(), people[i]).toEqual(["retracted", "voted"]);
      }
      expect(await getDatabase().db.vote.count({ where: { pollId: id } })).toBe(0);
    } finally {
      if (database !== shared) await database.close();
    }
  });

  it("keeps an anonymous poll's counters exact over batches, and a second ballot in the same batch refused", async () => {
    const id = await ask('/poll --anonymous "Budget?" "Park" "Library"');
    const results = await Promise.all([
      ...Array.from({ length: 40 }, (_, i) => app.s.voting.vote(id, `t-${i}`, { kind: "toggle", position: i % 2 })),
      app.s.voting.vote(id, "t-39", { kind: "toggle", position: 0 }),
    ]);
    expect(results.filter((r) => r.kind === "cast")).toHaveLength(40);
    expect(results.filter((r) => r.kind === "refused" && r.reason === "final")).toHaveLength(1);
    const options = await getDatabase().db.pollOption.findMany({ where: { pollId: id }, orderBy: { position: "asc" } });
    expect(options.map((o) => o.anonymousCount)).toEqual([20, 20]);
    expect(await getDatabase().db.anonymousBallot.count({ where: { pollId: id } })).toBe(40);
  });

  it("refuses every press of a batch on a poll that is gone", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => app.s.voting.vote(99_999, `u-${i}`, { kind: "toggle", position: 0 })),
    );
    expect(results.every((r) => r.kind === "refused" && r.reason === "missing")).toBe(true);
  });
});
