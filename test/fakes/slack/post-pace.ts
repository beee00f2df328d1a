// Slack's pace for chat.postMessage: "1 per second per channel; short bursts
// >1 allowed", and an app that keeps above it is rate limited
// (docs.slack.dev/apis/web-api/rate-limits). The fake models it as a token
// bucket per channel: `burst` posts at once, refilled one a second. How long
// Slack's bursts may be is not published; 3 is this fake's assumption. Only
// accepted posts are counted.
export class PostPace {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst = 3,
    private readonly intervalMs = 1_000,
  ) {}

  /** Seconds to wait (Retry-After) when a post to `channel` at `now` would be over the pace, else undefined. */
  check(channel: string, now: number): number | undefined {
    const tokens = this.tokensAt(channel, now);
    if (tokens >= 1) return undefined;
    return Math.max(1, Math.ceil(((1 - tokens) * this.intervalMs) / 1_000));
  }

  /** An accepted post. */
  take(channel: string, now: number): void {
    this.buckets.set(channel, { tokens: this.tokensAt(channel, now) - 1, at: now });
  }

  private tokensAt(channel: string, now: number): number {
    const bucket = this.buckets.get(channel);
    if (!bucket) return this.burst;
    return Math.min(this.burst, bucket.tokens + Math.max(0, now - bucket.at) / this.intervalMs);
  }
}
