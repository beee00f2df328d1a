// grammY's errors as the core's DeliveryError, so the outbox knows whether to
// wait (429: Telegram's retry_after), to give up (400/403: the chat is gone,
// the bot was blocked or removed, the request is wrong and will stay wrong),
// or to try again later (5xx, network). Pure.
import { GrammyError, HttpError } from "grammy";
import { DeliveryError } from "../../src/core/adapter.js";

export function toDeliveryError(error: unknown, what: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof GrammyError) {
    const message = `telegram: ${what} failed: ${error.error_code} ${error.description}`;
    if (error.error_code === 429) {
      const seconds = error.parameters.retry_after;
      return new DeliveryError(message, {
        retryAfterMs: seconds === undefined ? undefined : seconds * 1000,
        cause: error,
      });
    }
    const permanent = error.error_code === 400 || error.error_code === 403;
    return new DeliveryError(message, { permanent, cause: error });
  }
  if (error instanceof HttpError) {
    return new DeliveryError(`telegram: ${what} failed: network error (${error.message})`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`telegram: ${what} failed: ${detail}`, { cause: error });
}

/** Telegram's 400 for an edit that changes nothing: the message already shows what we want. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/i.test(error.description);
}

export function hasDescription(error: unknown, pattern: RegExp): boolean {
  return error instanceof GrammyError && pattern.test(error.description);
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 401;
}
