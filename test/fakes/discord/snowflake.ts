// Discord ids: 64-bit snowflakes as decimal strings. The top 42 bits are
// milliseconds since the Discord epoch; a guild's shard is derived from them.

import { randomBytes } from "node:crypto";

export const DISCORD_EPOCH = 1420070400000n;

export class Snowflakes {
  private increment = 0n;
  private lastMs = 0n;

  /** A fresh id; strictly increasing, so ids also sort by creation. */
  next(atMs: number = Date.now()): string {
    let ms = BigInt(atMs) - DISCORD_EPOCH;
    if (ms <= this.lastMs) ms = this.lastMs;
    if (ms !== this.lastMs) this.increment = 0n;
    this.lastMs = ms;
    const id = (ms << 22n) | (1n << 17n) | (this.increment & 0xfffn);
    this.increment += 1n;
    if (this.increment > 0xfffn) {
      this.lastMs += 1n;
      this.increment = 0n;
    }
    return id.toString();
  }
}

/** The shard that carries a guild's events: (guild_id >> 22) % shard_count. */
export function shardOf(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** A snowflake whose guild would land on `shard` of `count` (for tests that need a guild per shard). */
export function snowflakeOnShard(shard: number, count: number, salt = 0): string {
  const base = BigInt(Date.now()) - DISCORD_EPOCH;
  const ms = base - (base % BigInt(count)) + BigInt(shard) - BigInt(count * (salt + 1));
  return ((ms << 22n) | BigInt(salt & 0xfff)).toString();
}

/** The snowflake's creation time (ISO), as Discord derives it. */
export function snowflakeTime(id: string): string {
  return new Date(Number((BigInt(id) >> 22n) + DISCORD_EPOCH)).toISOString();
}

/** An interaction token: opaque, URL-safe, long like Discord's. */
export function interactionToken(id: string): string {
  return Buffer.from(`interaction:${id}:${randomBytes(48).toString("base64url")}`).toString("base64url");
}

export function sessionId(): string {
  return randomBytes(16).toString("hex");
}
