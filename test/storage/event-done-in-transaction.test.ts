// An event is marked done inside the transaction of the handler's writes
// (markEventDoneIn): done with them or not at all, only by the claim that
// holds it, and a redelivery of a done event is a duplicate however late.
import assert from "node:assert/strict";
import { it } from "vitest";
import {
  EventAlreadyDone,
  type EventCompletion,
  forgetCompletionWrites,
  isDoneCommitted,
} from "../../src/core/event-completion.js";
import type { Database } from "../../src/storage/database.js";
import type { Tx } from "../../src/storage/repositories/people.js";
import { alsoWhenDone, markEventDoneIn, ProcessedEvents } from "../../src/storage/repositories/processed-events.js";
import { inTransaction } from "../../src/storage/row-lock.js";
import { forEachDatabase } from "../support/databases.js";

const T0 = new Date("2026-12-01T08:00:00Z");
const LATER = new Date(T0.getTime() + 10 * 60_000);

forEachDatabase("event done in the handler's transaction", (getDatabase) => {
  let events = 0;
  const ledger = () => new ProcessedEvents(getDatabase());

  /** A fresh event claimed at `at`, as the router claims it. */
  async function claimed(at = T0): Promise<EventCompletion> {
    const eventKey = `test:done-in-tx-${++events}`;
    assert.equal(await ledger().claim(eventKey, at), "claimed");
    return { eventKey, claimedAt: at };
  }

  /** The handler's write: one outbox row for the event. */
  const write = (tx: Tx, completion: EventCompletion) =>
    tx.outboxMessage.create({
      data: { destination: completion.eventKey, platform: "test", message: "{}", purpose: "test", nextAttemptAt: T0 },
    });
  const writes = (database: Database, completion: EventCompletion) =>
    database.db.outboxMessage.count({ where: { destination: completion.eventKey } });
  const statusOf = async (database: Database, completion: EventCompletion) =>
    (await database.db.processedEvent.findUniqueOrThrow({ where: { id: completion.eventKey } })).status;

  it("commits the done mark with the writes: a redelivery after any outage is a duplicate", async () => {
    const database = getDatabase();
    const completion = await claimed();
    await inTransaction(database, async (tx) => {
      await write(tx, completion);
      await markEventDoneIn(tx, completion);
    });
    // The router's finish never ran (the process died): the row is done all the same.
    assert.equal(await statusOf(database, completion), "done");
    assert.equal(await ledger().claim(completion.eventKey, LATER), "duplicate");
    assert.equal(isDoneCommitted(completion), true, "the router's own finish is skipped: one statement fewer");
  });

  it("rolls back with the writes: the event stays started, so a redelivery may retake it once stale", async () => {
    const database = getDatabase();
    const completion = await claimed();
    await assert.rejects(
      inTransaction(database, async (tx) => {
        await write(tx, completion);
        await markEventDoneIn(tx, completion);
        throw new Error("the handler failed after marking");
      }),
      /the handler failed/,
    );
    assert.equal(await statusOf(database, completion), "started");
    assert.equal(isDoneCommitted(completion), false, "not committed: the router still settles the event");
    assert.equal(await writes(database, completion), 0);
    assert.equal(await ledger().claim(completion.eventKey, LATER), "claimed");
  });

  it("throws EventAlreadyDone for an event another claim completed, and its writes roll back", async () => {
    const database = getDatabase();
    const stale = await claimed();
    // The first claim went stale; a redelivery took it again and completed the event.
    assert.equal(await ledger().claim(stale.eventKey, LATER), "claimed");
    const retaken: EventCompletion = { eventKey: stale.eventKey, claimedAt: LATER };
    await inTransaction(database, async (tx) => {
      await write(tx, retaken);
      await markEventDoneIn(tx, retaken);
    });
    // The first, slow handler now tries to commit the same effect.
    await assert.rejects(
      inTransaction(database, async (tx) => {
        await write(tx, stale);
        await markEventDoneIn(tx, stale);
      }),
      EventAlreadyDone,
    );
    assert.equal(await writes(database, stale), 1);
  });

  it("throws EventAlreadyDone for a claim taken again while it is still started", async () => {
    const database = getDatabase();
    const stale = await claimed();
    assert.equal(await ledger().claim(stale.eventKey, LATER), "claimed");
    await assert.rejects(
      inTransaction(database, (tx) => markEventDoneIn(tx, stale)),
      (error) => error instanceof EventAlreadyDone && error.eventKey === stale.eventKey,
    );
    assert.equal(await statusOf(database, stale), "started");
  });

  it("lets a second transaction of the same claim pass (a handler that commits in steps)", async () => {
    const database = getDatabase();
    const completion = await claimed();
    for (let step = 0; step < 2; step++) {
      await inTransaction(database, async (tx) => {
        await write(tx, completion);
        await markEventDoneIn(tx, completion);
      });
    }
    assert.equal(await writes(database, completion), 2);
    assert.equal(await statusOf(database, completion), "done");
  });

  it("lets one of two concurrent transactions of competing claims commit, never both", async () => {
    const database = getDatabase();
    const first = await claimed();
    // Both deliveries run at once: the first claim, and a retake of it.
    assert.equal(await ledger().claim(first.eventKey, LATER), "claimed");
    const second: EventCompletion = { eventKey: first.eventKey, claimedAt: LATER };
    const outcomes = await Promise.allSettled(
      [first, second].map((completion) =>
        inTransaction(database, async (tx) => {
          await write(tx, completion);
          await markEventDoneIn(tx, completion);
        }),
      ),
    );
    // The retake holds the row, so the first claim's mark fails; the retake's commits.
    assert.deepEqual(
      outcomes.map((o) => o.status),
      ["rejected", "fulfilled"],
    );
    assert.equal(await writes(database, first), 1);
  });

  it("commits the completion's own writes in the transaction that marks it done, once, and in no other", async () => {
    const database = getDatabase();
    const completion = await claimed();
    alsoWhenDone(completion, (tx) => write(tx, completion));
    // A transaction that rolls back takes the writes with it; the next one that marks the event done makes them.
    await assert.rejects(
      inTransaction(database, async (tx) => {
        await markEventDoneIn(tx, completion);
        throw new Error("refused after marking");
      }),
    );
    assert.equal(await writes(database, completion), 0);
    await inTransaction(database, (tx) => markEventDoneIn(tx, completion));
    assert.equal(await writes(database, completion), 1);
    // A second transaction of the same claim finds the event its own already: no second write.
    await inTransaction(database, (tx) => markEventDoneIn(tx, completion));
    await ledger().finish(completion);
    assert.equal(await writes(database, completion), 1);
  });

  it("makes the completion's writes with the router's finish when the handler marked nothing", async () => {
    const database = getDatabase();
    const completion = await claimed();
    alsoWhenDone(completion, (tx) => write(tx, completion));
    await ledger().finish(completion);
    assert.equal(await statusOf(database, completion), "done");
    assert.equal(await writes(database, completion), 1);
    await ledger().finish(completion);
    assert.equal(await writes(database, completion), 1);
  });

  it("makes none of them when the handler failed (the router forgets them)", async () => {
    const database = getDatabase();
    const completion = await claimed();
    alsoWhenDone(completion, (tx) => write(tx, completion));
    forgetCompletionWrites(completion);
    await ledger().finish(completion);
    assert.equal(await statusOf(database, completion), "done");
    assert.equal(await writes(database, completion), 0);
  });
});
