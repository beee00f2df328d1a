// De-duplication of inbound events. An event is claimed before it is handled
// and marked done after: by the handler's own transaction where its writes
// must not repeat (markEventDoneIn), else by the router's finish.
//
// A claim belongs to a live process: it holds a lease (EVENT_LEASE_MS) in the
// name of its instance, which the router renews while the handler runs. A
// redelivery while the lease holds is "busy" (not done, not ours); once the lease has run
// out (the process died, or lost the database for a whole lease), the next
// redelivery takes the claim at once, so a crash loses no event and nothing
// stays "started" in anyone's way. A holder known dead (a process on this
// machine that is gone, as after a restart) loses its claim at once. Claims written before leases existed have
// none, and go stale after LEGACY_STALE_AFTER_MS as they did.
import {
  commitWithCompletion,
  completionWrites,
  EVENT_LEASE_MS,
  EventAlreadyDone,
  type EventCompletion,
} from "../../core/event-completion.js";
import { GroupCommit } from "../../core/group-commit.js";
import { instanceIsGone } from "../../core/instance-liveness.js";
import type { EventLedger } from "../../core/ports.js";
import type { Database, Db } from "../database.js";
import { type DirectSql, type SqlRunner, timeOf } from "../direct-sql.js";
import { type AnyTx, prismaTxOf, runnerOf } from "../prisma-sql-runner.js";
import { paramList, type SqlDialect } from "../raw-sql.js";
import type { Tx } from "./people.js";

export type ClaimResult = "claimed" | "duplicate" | "busy";

/** How long a claim without a lease (written before leases) holds. */
export const LEGACY_STALE_AFTER_MS = 120_000;

/**
 * Claim inserts in flight at once. Claims that come while they are all in
 * flight go together in the next one (group commit): in a burst, most events'
 * first statement is then shared. Each statement is a socket write and a
 * round trip, the largest single cost of a PostgreSQL burst (issue 16).
 */
const CLAIM_INSERTS_AT_ONCE = 2;
/** Claims in one insert, at most: 4 values each, far below either database's limit. */
const MAX_CLAIMS_PER_INSERT = 100;

interface NewClaim {
  key: string;
  processedAt: Date;
  claimedBy: string;
  leaseUntil: Date;
}

export class ProcessedEvents implements EventLedger {
  private readonly db: Db;
  private readonly direct: DirectSql;
  private readonly sql: SqlDialect;
  /** New claims' inserts, shared by the claims that come while others are in flight. */
  private readonly newClaims: GroupCommit<"claims", NewClaim, boolean>;

  constructor(
    database: Database,
    /** Who claims: readable in the row when an operator wonders which process holds an event. */
    private readonly instanceId = "unnamed",
    private readonly leaseMs = EVENT_LEASE_MS,
    /** Whether the instance that holds a claim is certainly dead (instance-liveness.ts). */
    private readonly holderIsGone: (instanceId: string) => boolean = instanceIsGone,
  ) {
    this.db = database.db;
    this.direct = database.direct;
    this.sql = database.direct.dialect;
    this.newClaims = new GroupCommit({
      concurrency: CLAIM_INSERTS_AT_ONCE,
      maxBatch: MAX_CLAIMS_PER_INSERT,
      commit: async (_all, claims) => {
        const inserted = await this.insertClaims(claims);
        // A key twice in one batch (a redelivery beside its first delivery): only its first is claimed.
        return claims.map((claim) => ({ ok: true, value: inserted.delete(claim.key) }));
      },
    });
  }

  async claim(key: string, now: Date): Promise<ClaimResult> {
    const claim = { processedAt: now, claimedBy: this.instanceId, leaseUntil: this.leaseFrom(now) };
    if (await this.newClaims.submit("claims", { key, ...claim })) return "claimed";
    // Only one redelivery can win an expired claim: the update is conditional.
    const legacyStale = new Date(now.getTime() - LEGACY_STALE_AFTER_MS);
    const taken = await this.db.processedEvent.updateMany({
      where: {
        id: key,
        status: "started",
        OR: [{ leaseUntil: { lt: now } }, { leaseUntil: null, processedAt: { lt: legacyStale } }],
      },
      data: claim,
    });
    if (taken.count === 1) return "claimed";
    // Not ours: done, or held by a claim whose lease still runs. The caller
    // must not drop a held event as done: its holder may have died.
    const row = await this.db.processedEvent.findUnique({
      where: { id: key },
      select: { status: true, claimedBy: true, processedAt: true },
    });
    if (row?.status !== "started") return "duplicate";
    // Its holder is certainly dead (a process on this machine that is gone): take it now, not after the lease.
    if (row.claimedBy && row.claimedBy !== this.instanceId && this.holderIsGone(row.claimedBy)) {
      const retaken = await this.db.processedEvent.updateMany({
        where: { id: key, status: "started", claimedBy: row.claimedBy, processedAt: row.processedAt },
        data: claim,
      });
      if (retaken.count === 1) return "claimed";
    }
    return "busy";
  }

  /** Extends this claim's lease; false when the claim is no longer its own (done, or taken again). */
  async renew(completion: EventCompletion, now: Date): Promise<boolean> {
    const { count } = await this.db.processedEvent.updateMany({
      where: { id: completion.eventKey, status: "started", processedAt: completion.claimedAt },
      data: { leaseUntil: this.leaseFrom(now) },
    });
    return count === 1;
  }

  /**
   * Marks the event done, if this claim still holds it (a delivery that took
   * it again finishes it itself), with the writes asked to commit with it
   * (commitWithCompletion) in the same transaction.
   */
  async finish(completion: EventCompletion): Promise<void> {
    if (completionWrites(completion).length > 0) {
      await this.db.$transaction((tx) => markEventDoneIn(tx, completion).catch(ignoreAlreadyDone));
      return;
    }
    // Every event's last statement (Prisma's updateMany is a transaction of its own): straight to the driver.
    const { param, table } = this.sql;
    await this.direct.execute(
      `UPDATE ${table("ProcessedEvent")} SET "status" = 'done' WHERE "id" = ${param(1)} AND "processedAt" = ${param(2)}`,
      [completion.eventKey, completion.claimedAt],
    );
  }

  /**
   * Gives the claim up, if it is still this one and not done: the next
   * delivery then takes the event at once instead of waiting for the lease.
   * A done row stays (the handler's transaction committed after all).
   */
  async release(completion: EventCompletion): Promise<void> {
    await this.db.processedEvent.deleteMany({
      where: { id: completion.eventKey, status: "started", processedAt: completion.claimedAt },
    });
  }

  /**
   * Every event's first statement, so straight to the driver, for many events
   * at once; a row already there (a redelivery) is left alone. Returns the keys inserted.
   */
  private async insertClaims(claims: readonly NewClaim[]): Promise<Set<string>> {
    const firsts = [...new Map(claims.map((claim) => [claim.key, claim])).values()];
    const { param } = this.sql;
    const values = firsts.map((_, row) => {
      const [key, at, by, until] = [1, 2, 3, 4].map((column) => param(row * 4 + column));
      return `(${key}, 'started', ${at}, ${by}, ${until})`;
    });
    const rows = await this.direct.query<{ id: string }>(
      `INSERT INTO ${this.sql.table("ProcessedEvent")} ("id", "status", "processedAt", "claimedBy", "leaseUntil")
       VALUES ${values.join(", ")} ON CONFLICT ("id") DO NOTHING RETURNING "id"`,
      firsts.flatMap((claim) => [claim.key, claim.processedAt, claim.claimedBy, claim.leaseUntil]),
    );
    return new Set(rows.map((row) => row.id));
  }

  private leaseFrom(now: Date): Date {
    return new Date(now.getTime() + this.leaseMs);
  }

  /** Retention: forget events older than the cutoff. Returns how many went. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.db.processedEvent.deleteMany({ where: { processedAt: { lt: cutoff } } });
    return count;
  }
}

/** The completions each open transaction marked done, noted as committed once it commits (inTransaction). */
const markedIn = new WeakMap<Tx, EventCompletion[]>();

/** The events `tx` marked done (markEventDoneIn); once it has committed, the router need not mark them again. */
export function completionsMarkedIn(tx: Tx): readonly EventCompletion[] {
  return markedIn.get(tx) ?? [];
}

/**
 * Marks the event done inside the handler's transaction, with its writes
 * and those asked to commit with the completion (commitWithCompletion): the
 * transaction that flips the event to done makes them, and only that one.
 * Only this claim may: if the event is done by another claim, or was taken
 * again by another delivery meanwhile, it throws EventAlreadyDone and the
 * transaction rolls back. A second transaction of the same claim (a handler
 * that commits in steps) passes: the event is already its own.
 */
export async function markEventDoneIn(tx: Tx, completion: EventCompletion): Promise<void> {
  const { eventKey, claimedAt } = completion;
  const flipped = (
    await tx.processedEvent.updateMany({
      where: { id: eventKey, status: "started", processedAt: claimedAt },
      data: { status: "done" },
    })
  ).count;
  if (flipped === 1) {
    for (const write of completionWrites(completion)) await write(tx);
    markedIn.set(tx, [...completionsMarkedIn(tx), completion]);
    return;
  }
  const row = await tx.processedEvent.findUnique({ where: { id: eventKey } });
  if (row?.status === "done" && row.processedAt.getTime() === claimedAt.getTime()) return;
  throw new EventAlreadyDone(eventKey);
}

/**
 * markEventDoneIn in a transaction of either kind (a hot path's change runs
 * in the driver's; one with completion writes must run in Prisma's). Once
 * the transaction has committed, the caller notes it (noteDoneCommitted).
 */
export async function markEventDoneInEither(tx: AnyTx, sql: SqlDialect, completion: EventCompletion): Promise<void> {
  const ours = await markEventsDoneIn(runnerOf(tx), sql, [completion], prismaTxOf(tx));
  if (!ours.has(completion)) throw new EventAlreadyDone(completion.eventKey);
}

/**
 * markEventDoneIn for a batch of events in one transaction (a group commit
 * of votes), through its runner: one statement flips every claim still the
 * batch's own, and each flipped event's completion writes are made (they
 * need Prisma's transaction, `prismaTx`: a batch with any runs in one).
 * Returns the events that are this transaction's to act on; the others are
 * done by another claim or were taken again meanwhile (EventAlreadyDone for
 * each), and the batch goes on without them instead of rolling back.
 */
export async function markEventsDoneIn(
  tx: SqlRunner,
  sql: SqlDialect,
  completions: readonly EventCompletion[],
  prismaTx?: Tx,
): Promise<Set<EventCompletion>> {
  if (completions.length === 0) return new Set();
  const claims = completions.map(
    (_, i) => `("id" = ${sql.param(2 * i + 1)} AND "processedAt" = ${sql.param(2 * i + 2)})`,
  );
  const flipped = await tx.query<{ id: string }>(
    `UPDATE ${sql.table("ProcessedEvent")} SET "status" = 'done'
      WHERE "status" = 'started' AND (${claims.join(" OR ")}) RETURNING "id"`,
    completions.flatMap((c) => [c.eventKey, c.claimedAt]),
  );
  const flippedKeys = new Set(flipped.map((row) => row.id));
  const ours = new Set<EventCompletion>();
  const notFlipped = completions.filter((c) => !flippedKeys.has(c.eventKey));
  if (notFlipped.length > 0) {
    // A second transaction of the same claim passes, as in markEventDoneIn.
    const rows = await tx.query<{ id: string; status: string; processedAt: unknown }>(
      `SELECT "id", "status", "processedAt" FROM ${sql.table("ProcessedEvent")}
        WHERE "id" IN (${paramList(sql, 1, notFlipped.length)})`,
      notFlipped.map((c) => c.eventKey),
    );
    const rowOf = new Map(rows.map((row) => [row.id, row]));
    for (const completion of notFlipped) {
      const row = rowOf.get(completion.eventKey);
      if (row?.status === "done" && timeOf(row.processedAt).getTime() === completion.claimedAt.getTime()) {
        ours.add(completion);
      }
    }
  }
  for (const completion of completions) {
    if (!flippedKeys.has(completion.eventKey)) continue;
    ours.add(completion);
    const writes = completionWrites(completion);
    if (writes.length > 0 && !prismaTx)
      throw new Error(`event ${completion.eventKey} has writes for a Prisma transaction`);
    for (const write of writes) await write(prismaTx);
  }
  return ours;
}

/** Asks that `write` commit in the transaction that marks the event done (see commitWithCompletion). */
export function alsoWhenDone(completion: EventCompletion, write: (tx: Tx) => Promise<unknown>): void {
  // The only transactions that run completion writes are this module's (markEventDoneIn, finish): Prisma's.
  commitWithCompletion(completion, async (tx) => {
    await write(tx as Tx);
  });
}

/** The router's finish after another delivery finished the event: nothing left to do. */
function ignoreAlreadyDone(error: unknown): void {
  if (!(error instanceof EventAlreadyDone)) throw error;
}
