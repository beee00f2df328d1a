// When a failed delivery is tried again. Pure.
import { type BackoffPolicy, exponentialBackoffMs, withJitter } from "../core/backoff.js";

export const DEFAULT_OUTBOX_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 10 * 60_000 };

/**
 * Delay after failed attempt number `attempt`. A platform's retry-after is a
 * floor, never shortened; a little jitter on top keeps many rows held by the
 * same 429 from all coming back in the same millisecond. Without one:
 * exponential backoff with equal jitter.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy = DEFAULT_OUTBOX_BACKOFF,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    const spread = Math.min(1_000, retryAfterMs * 0.1);
    return Math.ceil(retryAfterMs + Math.max(0, Math.min(1, random())) * spread);
  }
  return withJitter(exponentialBackoffMs(attempt, policy), random);
}
