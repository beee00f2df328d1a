// What features may ask the outbox about its rows: where one stands,
// whether an edit of a message still waits to go, and a reply held back
// while its handler sends it (settled, or left to the dispatcher).
import assert from "node:assert/strict";
import { it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import type { MessageRef } from "../../src/core/events.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { forEachDatabase } from "../support/databases.js";

const ROOM = { platform: "test", chatId: "test:room" };
const sent = (messageId: string): MessageRef => ({ platform: "test", chatId: "test:room", messageId });

forEachDatabase("outbox queries", (getDatabase) => {
  it("tells where a row stands, and nothing for a row it does not have", async () => {
    const database = getDatabase();
    const outbox = new Outbox(database, new ManualClock());
    const id = await outbox.enqueue(ROOM, { text: "hello" });
    assert.equal(await outbox.statusOf(id), "pending");
    await database.db.outboxMessage.update({ where: { id }, data: { status: "dead" } });
    assert.equal(await outbox.statusOf(id), "dead");
    assert.equal(await outbox.statusOf(id + 1000), undefined);
  });

  it("knows an edit of a message is waiting until it is sent, for that message and purpose only", async () => {
    const database = getDatabase();
    const outbox = new Outbox(database, new ManualClock());
    // A message whose text quotes another message's id must not count as its edit.
    await outbox.enqueue(ROOM, { text: '"messageId":"42"' }, "poll.results");
    assert.equal(await outbox.editWaiting(sent("42"), "poll.results"), false);

    const id = await outbox.enqueueEdit(sent("42"), { text: "3 votes" }, "poll.results");
    assert.equal(await outbox.editWaiting(sent("42"), "poll.results"), true);
    assert.equal(await outbox.editWaiting(sent("4"), "poll.results"), false);
    assert.equal(await outbox.editWaiting(sent("42"), "request.card.edit"), false);

    await database.db.outboxMessage.update({ where: { id }, data: { status: "sending" } });
    assert.equal(await outbox.editWaiting(sent("42"), "poll.results"), true);
    await database.db.outboxMessage.update({ where: { id }, data: { status: "sent" } });
    assert.equal(await outbox.editWaiting(sent("42"), "poll.results"), false);
  });

  it("holds a reply back until its hold is over, and a settled one is never claimed", async () => {
    const database = getDatabase();
    const clock = new ManualClock();
    const outbox = new Outbox(database, clock);
    // The rows this test holds that a dispatcher claims now (earlier tests' rows aside).
    const claim = async () =>
      (await outbox.claim({ owner: "me", now: clock.now(), leaseMs: 60_000, limit: 10 }))
        .map((row) => row.id)
        .filter((id) => id === settled || id === orphaned);
    const holdUntil = new Date(clock.now().getTime() + 30_000);
    const [settled, orphaned] = await database.db.$transaction(
      async (tx): Promise<[number, number]> => [
        await outbox.holdReply(ROOM, { text: "next question" }, "flows.reply", holdUntil, tx),
        await outbox.holdReply(
          { ...ROOM, chatId: "test:other" },
          { text: "lost question" },
          "flows.reply",
          holdUntil,
          tx,
        ),
      ],
    );
    assert.deepEqual(await claim(), []);
    assert.equal(await outbox.settleHeldReply(settled, [sent("7")]), true);
    assert.deepEqual(await outbox.sentRefsOf(settled), [sent("7")]);
    // Past the hold, only the one whose sender died goes; settling it then is too late.
    clock.advance(30_001);
    assert.deepEqual(await claim(), [orphaned]);
    assert.equal(await outbox.settleHeldReply(orphaned, [sent("8")]), false);
  });
});
