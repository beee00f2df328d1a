// Direct replies that survive a platform saying "not now". A reply the
// platform refuses for a while (a 429 with its retry-after, Slack's
// `ratelimited`, a 5xx, a network error: any DeliveryError that is not
// permanent) is handed to the durable queue and goes when allowed, instead
// of being lost or answered with "Something went wrong". Permanent failures
// and bugs still throw. Each reply gets its delivery key here (delivery-key.ts)
// and keeps it in the outbox, so a platform that took a send whose answer was
// lost shows the reply once.
//
// A reply that would wait for the platform's pace (its SDK queue is long: a
// burst of commands past Telegram's 30 messages a second) is queued at once
// instead of waited for: the event that asked for it finishes, and the
// events behind it are not held up by a send that cannot go yet.
import { DeliveryError, type Destination, type SendContext } from "./adapter.js";
import type { Clock } from "./clock.js";
import { type Delivery, LONGEST_PACE_WAIT_MS } from "./delivery.js";
import { newReplyKey } from "./delivery-key.js";
import type { MessageRef } from "./events.js";
import type { Logger } from "./logger.js";
import type { OutboundMessage } from "./messages.js";
import type { DeferredReplies } from "./ports.js";

/** Whether a later attempt can succeed where this one failed. */
export function isTransientDeliveryFailure(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError && !error.permanent;
}

/**
 * Where a reply went: the messages it became, or (when the platform refused
 * for a while) the outbox row that sends it later. A card's owner keeps the
 * row id and reads the messages from it once it is sent (Outbox.sentRefsOf),
 * so later edits still reach the card.
 */
export interface PostedReply {
  refs: MessageRef[];
  queued?: number;
}

export class ReplyDelivery {
  constructor(
    private readonly delivery: Delivery,
    private readonly deferred: DeferredReplies | undefined,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Sends now; or, when the platform refuses for a while, queues it and resolves with no refs. */
  async send(to: Destination, message: OutboundMessage, context?: SendContext): Promise<MessageRef[]> {
    return (await this.post(to, message, context)).refs;
  }

  /**
   * As send, telling also which outbox row carries the reply when it was deferred.
   * `heldRow`: the row already holding the reply (held-reply.ts), which is then the one deferred.
   */
  async post(to: Destination, message: OutboundMessage, context?: SendContext, heldRow?: number): Promise<PostedReply> {
    // Made once: the outbox tries the reply again under the same key.
    const delivery = context?.delivery ?? newReplyKey(this.clock.now());
    const waitMs = this.deferred ? this.delivery.sendDelayMs(to.platform, to.chatId) : 0;
    if (this.deferred && waitMs > LONGEST_PACE_WAIT_MS) {
      const notBefore = new Date(this.clock.now().getTime() + waitMs);
      this.logger.debug(
        { platform: to.platform, chatId: to.chatId, waitMs },
        "reply queued behind the platform's pace",
      );
      const queued =
        heldRow === undefined
          ? await this.deferred.deferReply(to, message, notBefore, delivery)
          : await this.deferred.releaseHeld(heldRow, notBefore);
      return { refs: [], queued };
    }
    try {
      return { refs: await this.delivery.send(to, message, { ...context, delivery }) };
    } catch (error) {
      if (!this.deferred || !isTransientDeliveryFailure(error)) throw error;
      const notBefore = new Date(this.clock.now().getTime() + (error.retryAfterMs ?? 0));
      this.logger.warn(
        { err: error, platform: to.platform, chatId: to.chatId, notBefore: notBefore.toISOString() },
        "reply deferred to the outbox",
      );
      const carried = { ...delivery, mayHaveLanded: delivery.mayHaveLanded || error.mayHaveLanded };
      // A held row already carries the key, marked "may have landed".
      const queued =
        heldRow === undefined
          ? await this.deferred.deferReply(to, message, notBefore, carried)
          : await this.deferred.releaseHeld(heldRow, notBefore);
      return { refs: [], queued };
    }
  }
}
