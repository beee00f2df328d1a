// When the next message to a chat may go, given when the last ones went and
// the limits its platform's adapter declares (ChatAdapter.sendLimits). Pure.
import type { SendRateRule } from "../core/adapter.js";

export type RateRule = SendRateRule;

/** How much history the rules need: the longest window and the largest count. */
export function historyNeeded(rules: readonly RateRule[]): { windowMs: number; count: number } {
  return {
    windowMs: Math.max(0, ...rules.map((r) => r.windowMs)),
    count: Math.max(0, ...rules.map((r) => r.limit)),
  };
}

/**
 * The earliest time (ms) a message may go, given the times (ms) of earlier
 * sends to the same chat: for each rule, if `limit` sends fall in the window
 * ending now, wait until the oldest of those leaves it.
 */
export function nextAllowedAt(recentSends: readonly number[], rules: readonly RateRule[], now: number): number {
  const newestFirst = [...recentSends].sort((a, b) => b - a);
  let allowed = now;
  for (const rule of rules) {
    const inWindow = newestFirst.filter((at) => at > now - rule.windowMs);
    if (inWindow.length >= rule.limit) {
      const oldestCounted = inWindow[rule.limit - 1]!;
      allowed = Math.max(allowed, oldestCounted + rule.windowMs);
    }
  }
  return allowed;
}
