// Finding a message Talkoot already posted, so that a send whose answer was
// lost is not posted twice. Every chat.postMessage carries Slack message
// metadata naming its delivery key (src/core/delivery-key.ts); before a send
// that may have landed already is tried again, the chat's (or the thread's)
// latest messages are read with their metadata and searched for the key.
//
// Reading needs channels:history / groups:history / mpim:history /
// im:history. Without it (an app installed before Talkoot asked for it) or
// outside a channel the bot is in, the lookup says so once in the log and the
// message is posted: at most one duplicate, as before.
import type { webApi } from "@slack/bolt";
import type { DeliveryKey } from "../../src/core/delivery-key.js";
import type { Logger } from "../../src/core/logger.js";
import { slackErrorName, toDeliveryError } from "./delivery-error.js";

/** The metadata event type that marks Talkoot's messages with their delivery key. */
export const DELIVERY_EVENT_TYPE = "talkoot_delivery";
/** Messages read per lookup: a lost send's message is among the chat's latest. */
export const LOOKUP_LIMIT = 50;
/** How long before the key's first attempt the lookup starts: room for the bot's and Slack's clocks to differ. */
export const LOOKBACK_MARGIN_MS = 15 * 60_000;
/** Errors that mean the bot may not read this chat; it posts without looking. */
const CANNOT_READ = new Set(["missing_scope", "not_in_channel", "channel_not_found", "thread_not_found"]);

/** What chat.postMessage carries so the message can be found again. */
export interface DeliveryMetadata {
  event_type: typeof DELIVERY_EVENT_TYPE;
  event_payload: { key: string };
}

export function deliveryMetadata(key: string): DeliveryMetadata {
  return { event_type: DELIVERY_EVENT_TYPE, event_payload: { key } };
}

/** The delivery key a message's metadata names, if it is one of Talkoot's. */
export function deliveryKeyOf(metadata: unknown): string | undefined {
  const { event_type, event_payload } = (metadata ?? {}) as { event_type?: unknown; event_payload?: unknown };
  if (event_type !== DELIVERY_EVENT_TYPE) return undefined;
  const key = (event_payload as { key?: unknown } | undefined)?.key;
  return typeof key === "string" ? key : undefined;
}

/** A Slack `ts` for a moment (seconds with six decimals). */
export function slackTsAt(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(6);
}

export class DeliveredLookup {
  /** Error names already logged, so a missing scope is said once, not on every send. */
  private readonly said = new Set<string>();

  constructor(private readonly deps: { client: webApi.WebClient; logger: Logger }) {}

  /**
   * The ts of the message carrying `delivery.key` in `channel` (in the thread
   * `threadTs` when given), or undefined when it is not there or the bot may
   * not read the chat. Throws a DeliveryError that is not permanent when
   * Slack could not answer now: neither posting nor giving up is safe then.
   */
  async find(channel: string, threadTs: string | undefined, delivery: DeliveryKey): Promise<string | undefined> {
    const method = threadTs ? "conversations.replies" : "conversations.history";
    const window = {
      channel,
      oldest: slackTsAt(delivery.firstTriedAt.getTime() - LOOKBACK_MARGIN_MS),
      inclusive: true,
      limit: LOOKUP_LIMIT,
      // Slack leaves metadata out of what it returns unless asked.
      include_all_metadata: true,
    };
    let messages: { ts?: string; metadata?: unknown }[];
    try {
      const answer = threadTs
        ? await this.deps.client.conversations.replies({ ...window, ts: threadTs })
        : await this.deps.client.conversations.history(window);
      messages = answer.messages ?? [];
    } catch (error) {
      const name = slackErrorName(error);
      const failure = toDeliveryError(method, error);
      if (!failure.permanent && !(name && CANNOT_READ.has(name))) throw failure;
      this.sayOnce(name ?? failure.message, method, error);
      return undefined;
    }
    return messages.find((message) => deliveryKeyOf(message.metadata) === delivery.key)?.ts;
  }

  private sayOnce(reason: string, method: string, error: unknown): void {
    if (this.said.has(reason)) return;
    this.said.add(reason);
    const hint =
      reason === "missing_scope"
        ? "; add the channels:history, groups:history, mpim:history and im:history scopes and reinstall the app"
        : "";
    this.deps.logger.warn(
      { err: error, reason },
      `slack: cannot look for a message already sent (${method}: ${reason}); posting without looking, ` +
        `so a send whose answer was lost may show twice${hint}`,
    );
  }
}
