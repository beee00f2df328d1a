// "About one message a second, short bursts allowed" (Slack's chat.postMessage
// per channel) as window rules the outbox already checks (SendRateRule). It is
// a token bucket of `burst` messages, refilled one every `intervalMs`, looked
// at over the last `horizon` intervals: at most k + burst − 1 messages in any
// k intervals. A chat that fell behind (one slow send) may send its next at
// once. With a strict "one a second" the delay would carry to every later
// message in a chat that gets one a second (issue 16, routing). Beyond the
// horizon it is not exact: a chat with more waiting than it may send, for
// longer than `horizon` intervals, gets horizon + burst − 1 in every horizon
// intervals (11 in 10 s for Slack's). Slack answers more with a 429 and its
// Retry-After, which the outbox honours.
import type { SendRateRule } from "./adapter.js";

export interface BurstyPace {
  intervalMs: number;
  /** Messages that may go at once (2: one more than the pace). */
  burst: number;
  /** Intervals looked back over. */
  horizon: number;
}

export function paceWithBursts({ intervalMs, burst, horizon }: BurstyPace): SendRateRule[] {
  return Array.from({ length: horizon }, (_, i) => ({ limit: i + burst, windowMs: (i + 1) * intervalMs }));
}
