// discord.js REST failures as the core's DeliveryError, so the outbox knows
// whether to wait (429: Discord's retry_after), to give up (the channel is
// gone or hidden, the person takes no DMs, the request is wrong and will stay
// wrong), or to try again later (5xx, network). Pure.
import { DiscordAPIError, HTTPError, RateLimitError } from "discord.js";
import { DeliveryError } from "../../src/core/adapter.js";

/** Discord's JSON error codes the adapter tells apart. */
export const DiscordCode = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  MissingAccess: 50001,
  CannotSendToUser: 50007,
  MissingPermissions: 50013,
  InvalidFormBody: 50035,
  AlreadyAcknowledged: 40060,
} as const;

/** Codes no retry can cure. */
const PERMANENT_CODES = new Set<number>([
  DiscordCode.UnknownChannel,
  DiscordCode.UnknownMessage,
  DiscordCode.MissingAccess,
  DiscordCode.CannotSendToUser,
  DiscordCode.MissingPermissions,
  DiscordCode.InvalidFormBody,
]);

export function toDeliveryError(error: unknown, what: string): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof RateLimitError) {
    return new DeliveryError(`discord: ${what} rate limited (${error.route}, retry after ${error.retryAfter} ms)`, {
      retryAfterMs: Math.max(1, Math.ceil(error.retryAfter)),
      cause: error,
    });
  }
  if (error instanceof DiscordAPIError) {
    const message = `discord: ${what} failed: ${error.status} ${error.code} ${error.message}`;
    if (error.status === 429) return new DeliveryError(message, { retryAfterMs: retryAfterOf(error), cause: error });
    const code = typeof error.code === "number" ? error.code : Number.NaN;
    const permanent = PERMANENT_CODES.has(code) || (error.status >= 400 && error.status < 500);
    return new DeliveryError(message, { permanent, cause: error });
  }
  if (error instanceof HTTPError) {
    return new DeliveryError(`discord: ${what} failed: HTTP ${error.status}`, {
      permanent: error.status >= 400 && error.status < 500 && error.status !== 408,
      cause: error,
    });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new DeliveryError(`discord: ${what} failed: ${detail}`, { cause: error });
}

export function hasCode(error: unknown, code: number): boolean {
  return error instanceof DiscordAPIError && error.code === code;
}

/** The 429 body's retry_after (seconds, fractions allowed), in ms. */
function retryAfterOf(error: DiscordAPIError): number | undefined {
  const raw = (error.rawError as { retry_after?: unknown }).retry_after;
  return typeof raw === "number" && raw >= 0 ? Math.ceil(raw * 1000) : undefined;
}
