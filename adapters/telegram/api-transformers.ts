// Every Bot API call passes two grammY transformers:
//
//   throttler (outer): Telegram's send limits (about 30 messages/s per bot,
//     1/s per private chat, 20/min per group), queued per chat so a busy chat
//     never gets a 429 storm. Only methods that put or change a message in a
//     chat count against those limits; reads such as getChatMember and
//     answerCallbackQuery pass straight through, or every command in a group
//     would wait behind the group's 20-per-minute budget.
//     Each send waiting in it is counted (send-backlog.ts), so the core can
//     tell how long a reply would wait and queue it durably instead.
//   auto-retry (inner): on a 429 it waits Telegram's retry_after and tries
//     again (inside the chat's throttle slot, so that chat's queue waits too);
//     5xx are retried with backoff.
//
// The retries are bounded on purpose (3 attempts, retry_after up to 60 s, and
// network errors are not retried here): a delivery that still fails is thrown
// as a DeliveryError, and the core's outbox retries it later, durably, instead
// of one call holding its queue for an hour. Direct replies get the same bound.
//
//   answer retry (outermost): answerCallbackQuery is retried once on a network
//     error. It has no outbox behind it, and a keep-alive socket the server
//     already closed ("socket hang up", ECONNRESET, common after the event loop
//     was busy) would otherwise leave the person's spinner running until it
//     times out. One retry opens a fresh socket; an answer that did arrive the
//     first time is refused as already answered, which is harmless.

import { autoRetry } from "@grammyjs/auto-retry";
import { type APIThrottlerOptions, apiThrottler } from "@grammyjs/transformer-throttler";
import { type Api, HttpError, type Transformer } from "grammy";
import { type SendBacklog, TELEGRAM_THROTTLE } from "./send-backlog.js";

export interface RetryLimits {
  maxRetryAttempts: number;
  maxDelaySeconds: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = { maxRetryAttempts: 3, maxDelaySeconds: 60 };

const SEND_METHODS = new Set([
  "sendmessage",
  "senddocument",
  "sendpoll",
  "editmessagetext",
  "editmessagecaption",
  "editmessagereplymarkup",
  "stoppoll",
  "deletemessage",
]);

/** Whether Telegram's per-chat send limits apply to `method`. */
export function isSendMethod(method: string): boolean {
  return SEND_METHODS.has(method.toLowerCase());
}

export function installApiTransformers(
  api: Api,
  options: { throttle?: APIThrottlerOptions; retry?: Partial<RetryLimits>; backlog?: SendBacklog } = {},
): void {
  const retry = { ...DEFAULT_RETRY_LIMITS, ...options.retry };
  // Installed first, so it runs innermost (grammY wraps each new transformer around the previous ones).
  api.config.use(
    autoRetry({
      maxRetryAttempts: retry.maxRetryAttempts,
      maxDelaySeconds: retry.maxDelaySeconds,
      // auto-retry would retry network errors forever (its attempt limit does not count them).
      rethrowHttpErrors: true,
    }),
  );
  const throttle = apiThrottler(options.throttle ?? TELEGRAM_THROTTLE);
  const backlog = options.backlog;
  const sendsOnly: Transformer = (prev, method, payload, signal) => {
    if (!isSendMethod(method)) return prev(method, payload, signal);
    if (!backlog) return throttle(prev, method, payload, signal);
    // Counted while queued in the throttler, so the core can tell how long a new send would wait.
    const chat = String((payload as { chat_id?: unknown }).chat_id);
    backlog.entered(chat);
    let queued = true;
    const leave = (started: boolean) => {
      if (!queued) return;
      queued = false;
      backlog.left(chat, started);
    };
    const started: typeof prev = (m, p, s) => {
      leave(true);
      return prev(m, p, s);
    };
    return throttle(started, method, payload, signal).finally(() => leave(false));
  };
  api.config.use(sendsOnly);
  api.config.use(retryAnswerOnNetworkError);
}

/** Retries answerCallbackQuery once when the request failed on the network (no answer from Telegram). */
export const retryAnswerOnNetworkError: Transformer = async (prev, method, payload, signal) => {
  if (method !== "answerCallbackQuery") return prev(method, payload, signal);
  try {
    return await prev(method, payload, signal);
  } catch (error) {
    if (!(error instanceof HttpError) || signal?.aborted) throw error;
    return prev(method, payload, signal);
  }
};
