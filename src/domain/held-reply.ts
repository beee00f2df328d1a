// A reply that must reach the person even if the process dies right after the
// change that owes it commits: a guided flow's next question, a filed
// request's receipt (or the pressed button's message becoming it). It is
// written to the outbox in the change's transaction, held back, and sent (or
// edited in) by the handler itself once the transaction has committed; then
// its row is settled. So the outbox posts it only when the
// process died in between: the person gets it exactly once, and a
// redelivery of the event is a duplicate that does nothing.
//
// A reply that will wait for the platform's pace anyway (a burst past
// Telegram's 30 messages a second) is still held and handed to the handler,
// whose send queues it (core/reply-delivery.ts) and settles the held row.
// Queueing such a reply in the transaction instead, left to the outbox,
// saved two statements, but in the routed benchmark Slack's cards then
// starved (1,365 of 3,000 posted in time, against about 2,200): most likely
// the queued receipts' Telegram sends held the dispatcher's places while they
// waited out Telegram's 429s.
import { DeliveryError } from "../core/adapter.js";
import type { HandlerContext } from "../core/context.js";
import { type DeliveryKey, newReplyKey } from "../core/delivery-key.js";
import { EVENT_LEASE_MS } from "../core/event-completion.js";
import type { OutboundMessage } from "../core/messages.js";
import type { PostedReply } from "../core/reply-delivery.js";
import type { Outbox, OutboxWriter } from "../outbox/outbox.js";

/**
 * How long a held reply waits for the handler's own send; only after a crash
 * does the outbox post it. Longer than any direct send (a platform's short
 * retry-after included).
 */
export const REPLY_HOLD_MS = EVENT_LEASE_MS;

export type HeldReplyOutbox = Pick<Outbox, "holdReply" | "holdEdit" | "settleHeldReply">;

export interface HeldReply {
  outboxId: number;
  message: OutboundMessage;
  /**
   * How the handler shows it: a reply under `delivery`, the one key of its
   * send and the row's (a row sent after a crash finds that send's message
   * where the platform can tell); or the pressed button's message, edited.
   */
  shown: { as: "reply"; delivery: DeliveryKey } | { as: "edit" };
}

/** Writes a reply owed by a change to the outbox, in the change's transaction `tx`. */
export type HoldReply = (
  outbox: HeldReplyOutbox,
  ctx: HandlerContext,
  message: OutboundMessage,
  purpose: string,
  tx: OutboxWriter,
) => Promise<HeldReply>;

/** Writes the reply, held, to the outbox in the change's transaction `tx`. */
export async function holdReply(
  outbox: HeldReplyOutbox,
  ctx: HandlerContext,
  message: OutboundMessage,
  purpose: string,
  tx: OutboxWriter,
): Promise<HeldReply> {
  const now = ctx.clock.now();
  const delivery = newReplyKey(now);
  const holdUntil = new Date(now.getTime() + REPLY_HOLD_MS);
  const outboxId = await outbox.holdReply(ctx.replyDestination(), message, purpose, holdUntil, tx, delivery);
  return { outboxId, message, shown: { as: "reply", delivery } };
}

/**
 * As holdReply, for the message whose button was pressed, to become
 * `message` (ctx.updateSource): held as an edit of it. Where the event names
 * no such message, the handler replies instead, and so it is held as a reply.
 */
export const holdSourceUpdate: HoldReply = async (outbox, ctx, message, purpose, tx) => {
  const source = ctx.event.kind === "action" ? ctx.event.message : undefined;
  if (!source) return holdReply(outbox, ctx, message, purpose, tx);
  const holdUntil = new Date(ctx.clock.now().getTime() + REPLY_HOLD_MS);
  const outboxId = await outbox.holdEdit(source, message, purpose, holdUntil, tx);
  return { outboxId, message, shown: { as: "edit" } };
};

/**
 * After the commit: sends a held reply as a direct reply (or edits the
 * pressed button's message into it) and settles its row. If the platform
 * puts a reply off (its pace, a 429), the outbox
 * row that sends it later is the reply from then on; if it refuses for good,
 * the held row is settled unsent. If the send fails otherwise (a network
 * error on an edit, the process going down), the held row stays: the outbox
 * sends it once the hold is over.
 */
export async function sendHeldReply(
  outbox: HeldReplyOutbox,
  ctx: HandlerContext,
  held: HeldReply,
): Promise<PostedReply> {
  let posted: PostedReply;
  try {
    if (held.shown.as === "reply") posted = await ctx.replyCard(held.message, held.shown.delivery, held.outboxId);
    else {
      await ctx.updateSource(held.message);
      posted = { refs: [] };
    }
  } catch (error) {
    // The platform will never take it (the router says so to the person): not for the outbox to try again.
    if (error instanceof DeliveryError && error.permanent) await outbox.settleHeldReply(held.outboxId, []);
    throw error;
  }
  // Put off by the platform, the held row is the reply from then on: it goes later, from the outbox.
  if (posted.queued !== held.outboxId) await outbox.settleHeldReply(held.outboxId, posted.refs);
  return posted;
}
