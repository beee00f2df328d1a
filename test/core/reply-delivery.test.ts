// A direct reply the platform refuses for a while goes to the outbox (and
// says which row carries it); a permanent refusal is not queued, so it is
// never retried.
import assert from "node:assert/strict";
import { it } from "vitest";
import { DeliveryError, type Destination } from "../../src/core/adapter.js";
import type { Delivery } from "../../src/core/delivery.js";
import { createLogger } from "../../src/core/logger.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import { ReplyDelivery } from "../../src/core/reply-delivery.js";

const logger = createLogger({ level: "silent" });
const clock = { now: () => new Date("2026-01-01T00:00:00Z") };
const to: Destination = { platform: "telegram", chatId: "telegram:1" };

function replies(error: DeliveryError) {
  const queued: { message: OutboundMessage; notBefore: Date }[] = [];
  const delivery = {
    send: async () => {
      throw error;
    },
  } as unknown as Delivery;
  const deferred = {
    async deferReply(_to: Destination, message: OutboundMessage, notBefore: Date): Promise<number> {
      queued.push({ message, notBefore });
      return 41 + queued.length;
    },
  };
  return { replies: new ReplyDelivery(delivery, deferred, clock, logger), queued };
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
