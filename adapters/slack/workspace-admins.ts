// Who a Slack user is, from users.info: their name, language, and whether
// they are a workspace admin or owner, which counts as "chat admin" (the
// person who may set a chat up). Cached briefly: a role change in Slack takes
// effect within the TTL, and a burst of button presses costs one call.
import type { Logger } from "../../src/core/logger.js";
import type { SlackPerson } from "./inbound.js";

/** The users.info fields Talkoot reads. */
export interface SlackUserRecord {
  name?: string;
  real_name?: string;
  profile?: { display_name?: string; real_name?: string };
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  locale?: string;
}

/** users.info for one user; throws when Slack says no. */
export type FetchUser = (teamId: string, userId: string) => Promise<SlackUserRecord | undefined>;

export interface WorkspacePeopleOptions {
  /** How long an answer is trusted (default 5 minutes). */
  ttlMs?: number;
  /** After a failed lookup, how long to use the payload's name instead of asking again. */
  failureTtlMs?: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
  logger?: Logger;
}

interface Entry {
  person: SlackPerson;
  expiresAt: number;
}

export const DEFAULT_ADMIN_CACHE_MS = 5 * 60_000;

export class WorkspacePeople {
  private readonly cache = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<SlackPerson>>();
  private readonly ttlMs: number;
  private readonly failureTtlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly fetchUser: FetchUser,
    private readonly options: WorkspacePeopleOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? DEFAULT_ADMIN_CACHE_MS;
    this.failureTtlMs = options.failureTtlMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * The person behind `userId`. Never throws: if Slack cannot tell, the name
   * from the payload stands in and the person is not an admin.
   */
  person(teamId: string, userId: string, payloadName?: string): Promise<SlackPerson> {
    const key = `${teamId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > this.now()) return Promise.resolve(cached.person);
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.lookup(teamId, userId, payloadName).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    return lookup;
  }

  /** Forgets everything (tests; a role change that must show at once). */
  clear(): void {
    this.cache.clear();
  }

  private async lookup(teamId: string, userId: string, payloadName?: string): Promise<SlackPerson> {
    const key = `${teamId}:${userId}`;
    try {
      const record = await this.fetchUser(teamId, userId);
      const person = record ? personFrom(record, userId) : fallback(userId, payloadName);
      this.remember(key, person, this.ttlMs);
      return person;
    } catch (error) {
      this.options.logger?.warn({ err: error, userId }, "slack: users.info failed; treating the user as a non-admin");
      const person = fallback(userId, payloadName);
      this.remember(key, person, this.failureTtlMs);
      return person;
    }
  }

  private remember(key: string, person: SlackPerson, ttlMs: number): void {
    this.cache.delete(key);
    this.cache.set(key, { person, expiresAt: this.now() + ttlMs });
    while (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}

export function personFrom(record: SlackUserRecord, userId: string): SlackPerson {
  const name =
    record.profile?.display_name?.trim() ||
    record.profile?.real_name?.trim() ||
    record.real_name?.trim() ||
    record.name ||
    userId;
  return {
    name,
    ...(record.name ? { handle: record.name } : {}),
    isWorkspaceAdmin: record.is_admin === true || record.is_owner === true || record.is_primary_owner === true,
    ...(record.locale ? { locale: record.locale } : {}),
  };
}

function fallback(userId: string, payloadName?: string): SlackPerson {
  return { name: payloadName || userId, ...(payloadName ? { handle: payloadName } : {}), isWorkspaceAdmin: false };
}
