// A failed Web API call -> DeliveryError, so the outbox knows whether to wait
// (Slack's Retry-After), try again later, or give up. Pure.
import { DeliveryError } from "../../src/core/adapter.js";
import type { UnreachableReason } from "../../src/core/chat-changes.js";

/** Slack's ok:false errors that a later attempt can cure; every other one is permanent. */
const TRANSIENT_ERRORS = new Set([
  "ratelimited",
  "rate_limited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "team_added_to_org",
]);

/** Slack's errors after which the call may have taken effect ("it's possible some aspect of the operation succeeded"). */
const MAYBE_DONE_ERRORS = new Set(["internal_error", "fatal_error"]);

/** When Slack says `ratelimited` without a Retry-After (HTTP 200), wait about one Tier-3 slot. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

/** The shape of @slack/web-api's coded errors, read by duck typing (a second copy of the package must not matter). */
interface SlackCodedError {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
}

/** The Slack error name of a failed call ("channel_not_found"), when Slack sent one. */
export function slackErrorName(error: unknown): string | undefined {
  const data = (error as SlackCodedError | undefined)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

/** Slack's errors that say the bot cannot post in the channel at all (removed, archived, gone). */
export function unreachableReasonOf(name: string): UnreachableReason | undefined {
  switch (name) {
    case "not_in_channel":
      return "removed";
    case "is_archived":
      return "archived";
    case "channel_not_found":
      return "not_found";
    default:
      return undefined;
  }
}

export function toDeliveryError(method: string, error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const coded = (error ?? {}) as SlackCodedError;
  switch (coded.code) {
    case "slack_webapi_rate_limited_error": {
      const seconds = typeof coded.retryAfter === "number" ? coded.retryAfter : 1;
      return new DeliveryError(`slack: ${method} rate limited (retry after ${seconds} s)`, {
        retryAfterMs: seconds * 1000,
        cause: error,
      });
    }
    case "slack_webapi_platform_error": {
      const name = slackErrorName(error) ?? "unknown_error";
      if (name === "ratelimited" || name === "rate_limited") {
        return new DeliveryError(`slack: ${method} failed (${name})`, {
          retryAfterMs: DEFAULT_RATE_LIMIT_WAIT_MS,
          cause: error,
        });
      }
      return new DeliveryError(`slack: ${method} failed (${name})`, {
        permanent: !TRANSIENT_ERRORS.has(name),
        unreachable: unreachableReasonOf(name),
        mayHaveLanded: MAYBE_DONE_ERRORS.has(name),
        cause: error,
      });
    }
    case "slack_webapi_http_error": {
      const status = typeof coded.statusCode === "number" ? coded.statusCode : 0;
      // 5xx and odd statuses are Slack's trouble and pass; a 4xx other than 429 will not.
      const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
      // A proxy's 5xx or timeout may come after Slack did the work.
      const mayHaveLanded = status >= 500 || status === 408;
      return new DeliveryError(`slack: ${method} failed (HTTP ${status})`, { permanent, mayHaveLanded, cause: error });
    }
    case "slack_webapi_file_upload_invalid_args_error":
    case "slack_webapi_file_upload_read_file_data_error":
      return new DeliveryError(`slack: ${method} failed (${String(coded.code)})`, { permanent: true, cause: error });
    default: {
      // Network trouble (slack_webapi_request_error: a timeout, a reset) or anything
      // unexpected: try again later, and look first, since the request may have gone through.
      const reason = error instanceof Error ? error.message : String(error);
      return new DeliveryError(`slack: ${method} failed (${reason})`, { mayHaveLanded: true, cause: error });
    }
  }
}
