// Rate limits: per-route buckets whose X-RateLimit-* headers keep
// @discordjs/rest's queue honest, and injected failures (429 with Discord's
// headers and body, or 5xx) for the next matching calls.

import { DiscordError } from "./api-error.js";
import type { CallMatcher, FailureSpec, JsonObject } from "./types.js";

/** A 429: Discord's body carries retry_after (seconds) and global instead of a JSON error code. */
export class RateLimitedError extends DiscordError {
  constructor(
    readonly retryAfter: number,
    readonly global: boolean,
    headers: Record<string, string>,
  ) {
    super(429, 0, "You are being rate limited.", undefined, headers);
  }

  override get body(): JsonObject {
    return { message: this.message, retry_after: this.retryAfter, global: this.global };
  }
}

export interface RouteKey {
  method: string;
  path: string;
  route: string;
}

interface Bucket {
  hash: string;
  remaining: number;
  resetAt: number;
}

export interface BucketOptions {
  /** Requests per window for each route bucket (Discord's are often 5). */
  limit: number;
  windowMs: number;
}

/** The major parameter (channel, guild, webhook) that splits a route into buckets, as Discord does. */
function majorOf(key: RouteKey): string {
  const m = /^\/(channels|guilds|webhooks)\/([^/]+)(?:\/([^/]+))?/.exec(key.path);
  if (!m) return "global";
  return m[1] === "webhooks" ? `${m[2]}/${m[3] ?? ""}` : (m[2] ?? "");
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();
  private readonly failures: { match: CallMatcher; spec: FailureSpec }[] = [];

  constructor(public options: BucketOptions | null) {}

  failNext(match: CallMatcher, spec: FailureSpec, times = 1): void {
    for (let i = 0; i < times; i += 1) this.failures.push({ match, spec });
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  /** Throws the injected failure queued for this call, if any. */
  injected(key: RouteKey): void {
    const i = this.failures.findIndex((f) => matches(f.match, key));
    if (i < 0) return;
    const [f] = this.failures.splice(i, 1);
    if (!f) return;
    const spec = f.spec;
    if (spec.status !== 429) {
      const text: Record<number, string> = {
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
      };
      throw new DiscordError(spec.status, 0, `${spec.status}: ${text[spec.status] ?? "Server Error"}`);
    }
    const global = spec.global ?? false;
    const headers: Record<string, string> = {
      "retry-after": String(spec.retryAfter),
      "x-ratelimit-scope": spec.scope ?? (global ? "global" : "user"),
    };
    if (global) headers["x-ratelimit-global"] = "true";
    else {
      const b = this.bucket(key);
      headers["x-ratelimit-limit"] = String(this.options?.limit ?? 5);
      headers["x-ratelimit-remaining"] = "0";
      headers["x-ratelimit-reset"] = ((Date.now() + spec.retryAfter * 1000) / 1000).toFixed(3);
      headers["x-ratelimit-reset-after"] = spec.retryAfter.toFixed(3);
      headers["x-ratelimit-bucket"] = b.hash;
    }
    throw new RateLimitedError(spec.retryAfter, global, headers);
  }

  /** Counts a call against its bucket: headers for a success, or a real 429 when the bucket is empty. */
  consume(key: RouteKey): Record<string, string> {
    if (!this.options) return {};
    const b = this.bucket(key);
    const now = Date.now();
    if (now >= b.resetAt) {
      b.remaining = this.options.limit;
      b.resetAt = now + this.options.windowMs;
    }
    const resetAfter = Math.max(0, b.resetAt - now) / 1000;
    if (b.remaining <= 0) {
      const headers = {
        "retry-after": resetAfter.toFixed(3),
        "x-ratelimit-limit": String(this.options.limit),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": (b.resetAt / 1000).toFixed(3),
        "x-ratelimit-reset-after": resetAfter.toFixed(3),
        "x-ratelimit-bucket": b.hash,
        "x-ratelimit-scope": "user",
      };
      throw new RateLimitedError(Number(resetAfter.toFixed(3)), false, headers);
    }
    b.remaining -= 1;
    return {
      "x-ratelimit-limit": String(this.options.limit),
      "x-ratelimit-remaining": String(b.remaining),
      "x-ratelimit-reset": (b.resetAt / 1000).toFixed(3),
      "x-ratelimit-reset-after": resetAfter.toFixed(3),
      "x-ratelimit-bucket": b.hash,
    };
  }

  private bucket(key: RouteKey): Bucket {
    const id = `${key.method} ${key.route} ${majorOf(key)}`;
    let b = this.buckets.get(id);
    if (!b) {
      b = {
        hash: Buffer.from(`${key.method} ${key.route}`).toString("hex").slice(0, 32),
        remaining: this.options?.limit ?? 5,
        resetAt: 0,
      };
      this.buckets.set(id, b);
    }
    return b;
  }
}

/**
 * A matcher is a predicate, or a string: "POST /channels/:channelId/messages"
 * (method and route template or literal path), or just the template or path.
 */
export function matches(m: CallMatcher, key: RouteKey): boolean {
  if (typeof m === "function") return m(key);
  const sp = m.indexOf(" ");
  const method = sp > 0 ? m.slice(0, sp).toUpperCase() : undefined;
  const path = sp > 0 ? m.slice(sp + 1) : m;
  if (method && method !== key.method) return false;
  return path === key.route || path === key.path;
}
