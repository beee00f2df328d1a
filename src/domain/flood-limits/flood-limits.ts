// Per-person (and per-API-key) limits on creating things, with each
// community's own counts where its admin set them. Counted in the database
// (storage/repositories/flood-counter.ts), so that every instance agrees.
import { UserError } from "../../core/errors.js";
import type { AnyTx } from "../../storage/prisma-sql-runner.js";
import type { FloodVerdict, FloodWindow } from "../../storage/repositories/flood-counter.js";
import type { Store } from "../../storage/store.js";
import { CODE_GUESSES, FLOOD_DEFAULTS, type FloodKind } from "./flood-kinds.js";

/** Whose acts are counted: a person's id, or an Open311 key's. */
export interface FloodActor {
  key: string;
  /** The community whose limits apply; none (a `/link` code) means the defaults. */
  communityId?: string;
}

const WRONG_CODES = "codes.wrong";

export class FloodLimits {
  constructor(private readonly store: Store) {}

  /** The window and count that apply to `kind` in the community. */
  async windowOf(kind: FloodKind, communityId?: string): Promise<FloodWindow> {
    const defaults = FLOOD_DEFAULTS[kind];
    if (!communityId) return defaults;
    const own = (await this.store.floodLimits.of(communityId)).get(kind);
    return own === undefined ? defaults : { ...defaults, maxCount: own };
  }

  /** Counts one act of `kind`, or refuses it (counting nothing) when the actor is at the limit. */
  async take(kind: FloodKind, actor: FloodActor, now: Date): Promise<FloodVerdict> {
    return this.store.floods.take(kind, actor.key, await this.windowOf(kind, actor.communityId), now);
  }

  /**
   * Counts one act, or refuses it with the feature's own line, which may use
   * {{count}} (the limit) and {{minutes}} (until the next one is allowed).
   */
  async enforce(kind: FloodKind, actor: FloodActor, now: Date, refusalKey: string): Promise<void> {
    const verdict = await this.take(kind, actor, now);
    if (!verdict.allowed) throw refusal(refusalKey, verdict);
  }

  /**
   * As enforce, but counted inside the caller's transaction, so the act counts
   * only if it commits (and the act's transaction holds the one lock of the
   * actor's count, not a transaction of its own). The limit is read now,
   * outside that transaction; the returned check runs in it.
   */
  async enforcerIn(
    kind: FloodKind,
    actor: FloodActor,
    now: Date,
    refusalKey: string,
  ): Promise<(tx: AnyTx) => Promise<void>> {
    const window = await this.windowOf(kind, actor.communityId);
    return async (tx) => {
      const verdict = await this.store.floods.takeIn(tx, kind, actor.key, window, now);
      if (!verdict.allowed) throw refusal(refusalKey, verdict);
    };
  }

  /** Refuses every code from a person who guessed wrong too often lately, even a right one. */
  codeLockout(personId: string, now: Date): Promise<FloodVerdict> {
    return this.store.floods.check(WRONG_CODES, personId, CODE_GUESSES, now);
  }

  async wrongCode(personId: string, now: Date): Promise<void> {
    await this.store.floods.record(WRONG_CODES, personId, now);
  }
}

/** The line for a refused act. */
export function refusal(key: string, verdict: FloodVerdict & { allowed: false }): UserError {
  return new UserError(key, { count: verdict.maxCount, minutes: minutesUntil(verdict.retryAfterMs) });
}

/** Whole minutes until a refused act would be allowed, for the line people see. */
export function minutesUntil(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 60_000));
}
