// Counts acts per key in a sliding window, in the database, so that several
// bot processes on one PostgreSQL share one count. A check and its count run
// in one transaction that first locks the key: a transaction-scoped advisory
// lock on PostgreSQL; on SQLite the first statement is a write (pruning the
// key's old rows), which takes the database's write lock for the transaction.
import type { Database } from "../database.js";
import { inTransaction } from "../row-lock.js";
import type { Tx } from "./people.js";

export interface FloodWindow {
  maxCount: number;
  windowMs: number;
}

export type FloodVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; maxCount: number };

/** Our class of advisory locks ("Floo"), apart from Prisma's migration lock and any other. */
const ADVISORY_LOCK_CLASS = 0x466c6f6f;

type Reader = Pick<Tx, "floodEvent">;

export class FloodCounter {
  constructor(private readonly database: Database) {}

  /** Counts one more act when fewer than `maxCount` happened within the window; otherwise counts nothing and refuses. */
  take(scope: string, key: string, window: FloodWindow, now: Date): Promise<FloodVerdict> {
    // A burst from one person waits in line for the key's lock, as a crowd does for a row's.
    return inTransaction(this.database, (tx) => this.takeIn(tx, scope, key, window, now));
  }

  /** As take, in the caller's transaction: the act counts only if the act itself commits. */
  async takeIn(tx: Tx, scope: string, key: string, window: FloodWindow, now: Date): Promise<FloodVerdict> {
    await this.lock(tx, scope, key, window, now);
    const verdict = await verdictOf(tx, scope, key, window, now);
    if (verdict.allowed) await tx.floodEvent.create({ data: { scope, key, at: now } });
    return verdict;
  }

  /** Whether one more act would be within the limit, counting nothing. */
  check(scope: string, key: string, window: FloodWindow, now: Date): Promise<FloodVerdict> {
    return verdictOf(this.database.db, scope, key, window, now);
  }

  /** Counts an act whatever the count so far (a wrong guess counts even when already locked out). */
  async record(scope: string, key: string, now: Date): Promise<void> {
    await this.database.db.floodEvent.create({ data: { scope, key, at: now } });
  }

  private async lock(tx: Tx, scope: string, key: string, window: FloodWindow, now: Date): Promise<void> {
    if (this.database.provider === "postgresql") {
      await tx.$executeRawUnsafe(
        "SELECT pg_advisory_xact_lock($1::int, hashtext($2))",
        ADVISORY_LOCK_CLASS,
        `${scope}\n${key}`,
      );
    }
    await tx.floodEvent.deleteMany({ where: { scope, key, at: { lte: windowStart(window, now) } } });
  }
}

async function verdictOf(
  reader: Reader,
  scope: string,
  key: string,
  window: FloodWindow,
  now: Date,
): Promise<FloodVerdict> {
  const where = { scope, key, at: { gt: windowStart(window, now) } };
  const count = await reader.floodEvent.count({ where });
  if (count < window.maxCount) return { allowed: true };
  // One more fits once all but maxCount - 1 of the counted acts have left the window.
  const pivot = await reader.floodEvent.findFirst({
    where,
    orderBy: [{ at: "asc" }, { id: "asc" }],
    skip: count - window.maxCount,
    select: { at: true },
  });
  const leavesAt = (pivot?.at.getTime() ?? now.getTime()) + window.windowMs;
  return { allowed: false, retryAfterMs: Math.max(1, leavesAt - now.getTime()), maxCount: window.maxCount };
}

function windowStart(window: FloodWindow, now: Date): Date {
  return new Date(now.getTime() - window.windowMs);
}
