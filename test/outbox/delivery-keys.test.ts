// Every send says which message it is (its delivery key) and which attempt:
// an outbox row as `outbox:<id>:<when queued>`; a direct reply under a key of its own that
// goes with it into the outbox when the platform refuses it for a while,
// together with whether the refused attempt may have landed; each part of a
// split message under a key of its own.
import assert from "node:assert/strict";
import { beforeEach, it } from "vitest";
import { DeliveryError } from "../../src/core/adapter.js";
import { ManualClock } from "../../src/core/clock.js";
import { ReplyDelivery } from "../../src/core/reply-delivery.js";
import { OutboxDispatcher } from "../../src/outbox/dispatcher.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { quietLogger } from "../scheduler/database-pair.js";
import { forEachDatabase } from "../support/databases.js";
import { deliveryOver, ScriptedAdapter } from "./scripted-adapter.js";

const ROOM = { platform: "test", chatId: "test:room" };
const QUEUED_AT = new Date("2026-12-01T08:00:00Z");

forEachDatabase("delivery keys", (getDatabase) => {
  let clock: ManualClock;

  beforeEach(async () => {
    await getDatabase().db.outboxMessage.deleteMany();
    clock = new ManualClock(QUEUED_AT.toISOString());
  });

  function harness() {
    const outbox = new Outbox(getDatabase(), clock);
    const adapter = new ScriptedAdapter("test", clock);
    const sender = deliveryOver(adapter);
    const dispatcher = new OutboxDispatcher(
      { outbox, sender, clock, logger: quietLogger },
      { random: () => 0.5, backoff: { baseMs: 1_000, maxMs: 60_000 } },
    );
    const replies = new ReplyDelivery(sender, outbox, clock, quietLogger);
    return { outbox, adapter, dispatcher, replies };
  }

  async function sendAll(dispatcher: OutboxDispatcher, done: () => boolean): Promise<void> {
    for (let step = 0; step < 200 && !done(); step++) {
      await dispatcher.dispatchDue();
      if (!done()) clock.advance(1_000);
    }
    assert.ok(done(), "sent within the step bound");
  }

  it("sends an outbox row as outbox:<id>:<when queued>, the same key on every attempt, counting them", async () => {
    const { outbox, adapter, dispatcher } = harness();
    const id = await outbox.enqueue(ROOM, { text: "notice" });
    adapter.failures.push(new DeliveryError("timed out", { mayHaveLanded: true }));
    await sendAll(dispatcher, () => adapter.delivered.length === 1);
    const keys = adapter.attempts.map((a) => a.delivery);
    assert.deepEqual(
      keys.map((k) => [k?.key, k?.attempt]),
      [
        [`outbox:${id}:${QUEUED_AT.getTime().toString(36)}`, 1],
        [`outbox:${id}:${QUEUED_AT.getTime().toString(36)}`, 2],
      ],
    );
    assert.equal(keys[1]?.firstTriedAt.toISOString(), "2026-12-01T08:00:00.000Z", "the row's first try");
  });

  it("keeps a direct reply's key when the reply goes to the outbox, and that it may have landed", async () => {
    const { adapter, dispatcher, replies } = harness();
    adapter.failures.push(new DeliveryError("connection reset", { mayHaveLanded: true }));
    const posted = await replies.post(ROOM, { text: "your request is filed" });
    assert.ok(posted.queued, "deferred to the outbox");
    await sendAll(dispatcher, () => adapter.delivered.length === 1);
    const [direct, fromOutbox] = adapter.attempts.map((a) => a.delivery);
    assert.match(direct?.key ?? "", /^reply:/);
    assert.equal(direct?.mayHaveLanded, false);
    assert.equal(fromOutbox?.key, direct?.key, "one key for the reply wherever it is tried");
    assert.equal(fromOutbox?.mayHaveLanded, true);
    assert.equal(fromOutbox?.firstTriedAt.toISOString(), direct?.firstTriedAt.toISOString());
  });

  it("a reply refused cleanly (a rate limit) goes on without a lookup, under its key", async () => {
    const { adapter, dispatcher, replies } = harness();
    adapter.failures.push(new DeliveryError("429", { retryAfterMs: 1_000 }));
    await replies.post(ROOM, { text: "later" });
    await sendAll(dispatcher, () => adapter.delivered.length === 1);
    const [direct, fromOutbox] = adapter.attempts.map((a) => a.delivery);
    assert.equal(fromOutbox?.key, direct?.key);
    assert.equal(fromOutbox?.mayHaveLanded, false);
    assert.equal(fromOutbox?.attempt, 1);
  });

  it("gives each part of a split message a key of its own", async () => {
    const { adapter, replies } = harness();
    const long = Array.from({ length: 1_500 }, (_, i) => `word${i}`).join(" ");
    await replies.send(ROOM, { text: long });
    const keys = adapter.delivered.map((a) => a.delivery?.key ?? "");
    assert.ok(keys.length >= 2, "the text was split");
    assert.equal(new Set(keys).size, keys.length);
    assert.deepEqual(
      keys.slice(1),
      keys.slice(1).map((_, i) => `${keys[0]}#${i + 2}`),
    );
  });

  it("a long reply refused after its first part goes to the outbox saying that part may be there", async () => {
    const { adapter, dispatcher, replies } = harness();
    adapter.failures.push(undefined, new DeliveryError("429", { retryAfterMs: 1_000 }));
    const long = Array.from({ length: 1_500 }, (_, i) => `word${i}`).join(" ");
    const posted = await replies.post(ROOM, { text: long });
    assert.ok(posted.queued, "deferred after the first part went");
    const tried = adapter.attempts.length;
    await sendAll(dispatcher, () => adapter.attempts.length >= tried + 2);
    const [first] = adapter.attempts.slice(tried).map((a) => a.delivery);
    assert.equal(first?.key, adapter.attempts[0]?.delivery?.key, "the first part again, under its key");
    assert.equal(first?.mayHaveLanded, true, "so a platform that can tell finds it instead");
  });
});
