// Direct replies that survive a platform saying "not now". A reply the
// platform refuses for a while (a 429 with its retry-after, Slack's
// `ratelimited`, a 5xx, a network error: any DeliveryError that is not
// permanent) is handed to the durable queue and goes when allowed, instead
// of being lost or answered with "Something went wrong". Permanent failures
// and bugs still throw. Each reply gets its delivery key here (delivery-key.ts)
// and keeps it in the outbox, so a platform that took a send whose answer was
// lost shows the reply once.
import { DeliveryError, type Destination, type SendContext } from "./adapter.js";
import type { Clock } from "./clock.js";
import type { Delivery } from "./delivery.js";
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

  /** As send, telling also which outbox row carries the reply when it was deferred. */
  async post(to: Destination, message: OutboundMessage, context?: SendContext): Promise<PostedReply> {
    // Made once: the outbox tries the reply again under the same key.
    const delivery = context?.delivery ?? newReplyKey(this.clock.now());
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
      const queued = await this.deferred.deferReply(to, message, notBefore, carried);
      return { refs: [], queued };
    }
  }
}
