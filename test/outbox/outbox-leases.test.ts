// A row being sent keeps its lease while the send runs, so a send longer than
// the lease is not sent again by a second instance; a send whose lease is lost
// is told through its signal and cannot mark the row sent.
import assert from "node:assert/strict";
import { beforeEach, it, vi } from "vitest";
import type { Destination, SendContext } from "../../src/core/adapter.js";
import { ManualClock } from "../../src/core/clock.js";
import type { MessageRef } from "../../src/core/events.js";
import { LeaseLostError } from "../../src/core/lease-renewal.js";
import type { OutboundMessage } from "../../src/core/messages.js";
import { type MessageSender, OutboxDispatcher } from "../../src/outbox/dispatcher.js";
import { Outbox } from "../../src/outbox/outbox.js";
import { forEachDatabasePair, quietLogger } from "../scheduler/database-pair.js";

const ROOM = { platform: "test", chatId: "test:room" };
const LEASE_MS = 60_000;
const WAIT = { timeout: 30_000, interval: 10 };

/** A platform whose sends take as long as the test says: each send runs `during` before it is accepted. */
class SlowSender implements MessageSender {
  readonly sent: string[] = [];
  private nextId = 1;
  constructor(private readonly during: (context: SendContext | undefined) => Promise<void>) {}
  async send(to: Destination, message: OutboundMessage, context?: SendContext): Promise<MessageRef[]> {
    await this.during(context);
    this.sent.push(message.text ?? "");
    return [{ platform: to.platform, chatId: to.chatId, messageId: String(this.nextId++) }];
  }
  async edit(ref: MessageRef): Promise<MessageRef[]> {
    return [ref];
  }
}

forEachDatabasePair("Outbox leases", (get) => {
  let clock: ManualClock;

  beforeEach(async () => {
    await get().first.db.outboxMessage.deleteMany();
    clock = new ManualClock("2026-12-01T08:00:00Z");
  });

  const dispatcherOn = (which: "first" | "second", sender: MessageSender) => {
    const outbox = new Outbox(get()[which], clock);
    const dispatcher = new OutboxDispatcher(
      { outbox, sender, clock, logger: quietLogger },
      { leaseMs: LEASE_MS, renewEveryMs: 5, random: () => 0.5 },
    );
    return { outbox, dispatcher };
  };

  const renewedAtNow = () =>
    vi.waitFor(async () => {
      const row = await get().first.db.outboxMessage.findFirstOrThrow();
      assert.equal(row.leaseExpiresAt?.getTime(), clock.now().getTime() + LEASE_MS);
    }, WAIT);

  it("a send that takes three leases is sent once: its lease is renewed, and a second instance finds nothing to claim", async () => {
    const otherSender = new SlowSender(async () => {});
    const second = dispatcherOn("second", otherSender);
    const claimedBySecond: number[] = [];
    const slow = new SlowSender(async () => {
      for (let step = 0; step < 6; step++) {
        clock.advance(LEASE_MS / 2);
        await renewedAtNow();
        claimedBySecond.push(await second.dispatcher.dispatchDue());
      }
    });
    const first = dispatcherOn("first", slow);
    const id = await first.outbox.enqueue(ROOM, { text: "slow one" });

    assert.equal(await first.dispatcher.dispatchDue(), 1);
    assert.deepEqual(claimedBySecond, [0, 0, 0, 0, 0, 0]);
    assert.deepEqual(slow.sent, ["slow one"]);
    assert.deepEqual(otherSender.sent, []);
    assert.equal(await first.outbox.statusOf(id), "sent");
  });

  it("a send whose lease is lost is aborted through its signal, and its 'sent' is refused", async () => {
    let signal: AbortSignal | undefined;
    const slow = new SlowSender(async (context) => {
      signal = context?.signal;
      // Another instance takes the row (this one's lease ran out unseen).
      await get().second.db.outboxMessage.update({ where: { id }, data: { leaseOwner: "other-instance" } });
      await vi.waitFor(() => assert.ok(context?.signal?.aborted), WAIT);
    });
    const first = dispatcherOn("first", slow);
    const id = await first.outbox.enqueue(ROOM, { text: "contested" });

    await first.dispatcher.dispatchDue();
    assert.equal(signal?.aborted, true);
    assert.ok(signal?.reason instanceof LeaseLostError, `aborted with ${String(signal?.reason)}`);
    const row = await get().first.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    assert.deepEqual([row.status, row.leaseOwner, row.sentAt], ["sending", "other-instance", null]);
  });
});
