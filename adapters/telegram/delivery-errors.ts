// grammY's errors as the core's DeliveryError, so the outbox knows whether to
// wait (429: Telegram's retry_after), to give up (400/403: the chat is gone,
// the bot was blocked or removed, the request is wrong and will stay wrong),
// or to try again later (5xx, network). Pure.
import { GrammyError, HttpError } from "grammy";
import { DeliveryError, type DeliveryErrorOptions } from "../../src/core/adapter.js";
import { namespacedId } from "./ids.js";

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
    return new DeliveryError(message, { permanent, ...chatStateOf(error), cause: error });
  }
  if (error instanceof HttpError) {
    return new DeliveryError(`telegram: ${what} failed: network error (${error.message})`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`telegram: ${what} failed: ${detail}`, { cause: error });
}

/**
 * What a failed call says about the chat itself: it moved (400 "group chat was
 * upgraded to a supergroup chat", with the new id in parameters), or the bot
 * may no longer post in it (403 kicked / not a member, 400 chat not found).
 * A private chat's 403 (the user blocked the bot) is about one person, not a
 * chat of a community, and is left an ordinary permanent failure.
 */
export function chatStateOf(error: GrammyError): Pick<DeliveryErrorOptions, "movedTo" | "unreachable"> {
  const movedTo = error.parameters.migrate_to_chat_id;
  if (movedTo !== undefined) return { movedTo: namespacedId(movedTo) };
  const description = error.description;
  if (error.error_code === 403 && /bot was kicked from the/i.test(description)) return { unreachable: "kicked" };
  if (error.error_code === 403 && /bot is not a member of the/i.test(description)) return { unreachable: "removed" };
  if (error.error_code === 400 && /chat not found/i.test(description)) return { unreachable: "not_found" };
  return {};
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
