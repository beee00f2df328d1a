// How fast the outbox may send to one chat, per platform, and when the next
// message may go given when the last ones went. Pure.
//
//   Telegram: 1 message/s per chat, and 20/min in a group (negative chat id).
//   Slack:    1 message/s per channel (chat.postMessage).
//   Discord:  none here; discord.js queues per route and honours retry_after.
//   console:  none.

export interface RateRule {
  /** At most `limit` messages … */
  limit: number;
  /** … in any window of this length. */
  windowMs: number;
}

const PER_SECOND: RateRule = { limit: 1, windowMs: 1_000 };
const TELEGRAM_GROUP_PER_MINUTE: RateRule = { limit: 20, windowMs: 60_000 };

export function rateRulesFor(platform: string, chatId: string): RateRule[] {
  switch (platform) {
    case "telegram":
      return isTelegramGroup(chatId) ? [PER_SECOND, TELEGRAM_GROUP_PER_MINUTE] : [PER_SECOND];
    case "slack":
      return [PER_SECOND];
    default:
      return [];
  }
}

/** Telegram groups and supergroups have negative ids ("telegram:-100123"). */
export function isTelegramGroup(chatId: string): boolean {
  const bare = chatId.startsWith("telegram:") ? chatId.slice("telegram:".length) : chatId;
  return bare.startsWith("-");
}

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
