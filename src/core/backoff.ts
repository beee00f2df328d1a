// Retry delays. Pure, so the schedules can be tested on their own and shared
// by the job queue and the outbox.

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseMs: number;
  /** No delay grows past this. */
  maxMs: number;
}

/**
 * Delay before the retry that follows failed attempt number `attempt`
 * (1 = the first attempt failed): base, 2·base, 4·base, … capped at max.
 */
export function exponentialBackoffMs(attempt: number, policy: BackoffPolicy): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2^exponent overflows to Infinity long after the cap applies; clamp first.
  const factor = 2 ** Math.min(exponent, 52);
  return Math.min(policy.maxMs, policy.baseMs * factor);
}

/**
 * "Equal jitter": half of the delay is kept, the other half is random. Many
 * rows that failed together (one platform outage) then retry spread out, and
 * no retry comes sooner than half the planned delay.
 */
export function withJitter(delayMs: number, random: () => number = Math.random): number {
  const half = delayMs / 2;
  return Math.round(half + clampUnit(random()) * half);
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(value, 1);
}
