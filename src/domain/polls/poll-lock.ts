// Locks that make every vote count exactly once, and no vote land after a close.
//
//   vote:  the poll's row shared, then the voter's own lock
//   close, edit: the poll's row exclusive (against votes; not against key checks)
//
// PostgreSQL: votes by different people run side by side (a shared row lock
// does not block another shared one); one person's concurrent presses queue
// on a transaction-scoped advisory lock keyed by (poll, hash of person), so
// the second sees what the first wrote (vote-batch-statements.ts: lockPollAndVoters).
// A close waits for the votes in flight and every later vote sees the poll
// closed.
//
// SQLite: one write lock stands in for both (storage/row-lock.ts).
import type { Database } from "../../storage/database.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction, lockRow, lockRowReading, type TransactionWaits } from "../../storage/row-lock.js";

/** Generous: a thousand people pressing at once wait in line for a pooled connection. */
const CROWD_WAITS: TransactionWaits = { maxWait: 120_000, timeout: 60_000 };

export function inPollTransaction<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return inTransaction(database, work, CROWD_WAITS);
}

/** What a vote reads under the poll's lock: whether it is open, and which edit of it is current. */
export interface LockedPoll {
  status: string;
  version: number;
}

/**
 * Held by a vote: closes and edits wait, other votes do not. Resolves with
 * the poll's status and version as read under the lock (undefined: no such
 * poll), so a vote needs no second query to know whether it may count, nor
 * whether what it keeps in memory of the poll is still current.
 */
export async function lockPollShared(database: Database, tx: Tx, pollId: number): Promise<LockedPoll | undefined> {
  const row = await lockRowReading<{ status: string; version: number | bigint }>(database, tx, {
    table: "Poll",
    id: pollId,
    read: ["status", "version"],
    mode: "FOR SHARE",
  });
  return row ? { status: row.status, version: Number(row.version) } : undefined;
}

/**
 * Held by a close: waits for the votes in flight, and votes after it see the
 * poll closed. NO KEY UPDATE, not UPDATE: it must not block the key-share
 * locks that foreign-key checks on the poll's rows take (a live-results
 * flush updating its PollPost twice in one transaction makes one), or a
 * close and a flush could deadlock.
 */
export async function lockPollExclusive(database: Database, tx: Tx, pollId: number): Promise<void> {
  await lockRow<number>(database, tx, { table: "Poll", id: pollId, read: "id", mode: "FOR NO KEY UPDATE" });
}
