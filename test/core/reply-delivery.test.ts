// A direct reply the platform refuses for a while goes to the outbox (and
// says which row carries it); a permanent refusal is not queued, so it is
// never retried. A reply that would wait long in the platform's queue goes
// to the outbox at once, without being tried.
import assert from "node:assert/strict";
import { it } from "vitest";
import { DeliveryError, type Destination } from "../../src/core/adapter.js";
import { type Delivery, LONGEST_PACE_WAIT_MS } from "../../src/core/delivery.js";
import { createLogger } from "../../src/core/logger.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import { ReplyDelivery } from "../../src/core/reply-delivery.js";

const logger = createLogger({ level: "silent" });
const clock = { now: () => new Date("2026-01-01T00:00:00Z") };
const to: Destination = { platform: "telegram", chatId: "telegram:1" };

function replies(error: DeliveryError | undefined, waitMs = 0) {
  const queued: { message: OutboundMessage; notBefore: Date }[] = [];
  const released: { id: number; notBefore: Date }[] = [];
  const sent: string[] = [];
  const delivery = {
    send: async (_to: Destination, message: OutboundMessage) => {
      if (error) throw error;
      sent.push(message.text);
      return [{ platform: "telegram", chatId: "telegram:1", messageId: "7" }];
    },
    sendDelayMs: (platform: string, chatId: string) => (platform === to.platform && chatId === to.chatId ? waitMs : 0),
  } as unknown as Delivery;
  const deferred = {
    async deferReply(_to: Destination, message: OutboundMessage, notBefore: Date): Promise<number> {
      queued.push({ message, notBefore });
      return 41 + queued.length;
    },
    async releaseHeld(id: number, notBefore: Date): Promise<number> {
      released.push({ id, notBefore });
      return id;
    },
  };
  return { replies: new ReplyDelivery(delivery, deferred, clock, logger), queued, released, sent };
}

it("a transient refusal is queued after its retry-after, and the row is named", async () => {
  const { replies: r, queued } = replies(new DeliveryError("429", { retryAfterMs: 120_000 }));
  const posted = await r.post(to, { text: "card" });
  assert.deepEqual(posted, { refs: [], queued: 42 });
  assert.equal(queued[0]?.notBefore.toISOString(), "2026-01-01T00:02:00.000Z");
});

it("a permanent refusal (chat not found) is thrown and never queued", async () => {
  const { replies: r, queued } = replies(new DeliveryError("chat not found", { permanent: true }));
  await assert.rejects(r.post(to, { text: "card" }), /chat not found/);
  assert.equal(queued.length, 0);
});

it("a reply that would wait in the platform's queue longer than LONGEST_PACE_WAIT_MS is queued at once, due when it would go", async () => {
  const { replies: r, queued, sent } = replies(undefined, LONGEST_PACE_WAIT_MS + 1_750);
  const posted = await r.post(to, { text: "receipt" });
  assert.deepEqual(posted, { refs: [], queued: 42 });
  assert.deepEqual(sent, []);
  assert.equal(queued[0]?.message.text, "receipt");
  assert.equal(queued[0]?.notBefore.toISOString(), "2026-01-01T00:00:02.000Z");
});

it("a reply that would wait only a moment is sent directly", async () => {
  const { replies: r, queued, sent } = replies(undefined, LONGEST_PACE_WAIT_MS);
  const posted = await r.post(to, { text: "receipt" });
  assert.equal(posted.refs.length, 1);
  assert.deepEqual(sent, ["receipt"]);
  assert.equal(queued.length, 0);
});

it("a held reply the platform puts off goes later from the row that holds it, not from a second row", async () => {
  const paced = replies(undefined, LONGEST_PACE_WAIT_MS + 4_000);
  assert.deepEqual(await paced.replies.post(to, { text: "receipt" }, undefined, 7), { refs: [], queued: 7 });
  assert.deepEqual(paced.released, [
    { id: 7, notBefore: new Date(clock.now().getTime() + LONGEST_PACE_WAIT_MS + 4_000) },
  ]);
  assert.equal(paced.queued.length, 0);

  const refused = replies(new DeliveryError("429", { retryAfterMs: 120_000 }));
  assert.deepEqual(await refused.replies.post(to, { text: "receipt" }, undefined, 8), { refs: [], queued: 8 });
  assert.equal(refused.released[0]?.notBefore.toISOString(), "2026-01-01T00:02:00.000Z");
  assert.equal(refused.queued.length, 0);
});
