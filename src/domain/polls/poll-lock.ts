// Locks that make every vote count exactly once, and no vote land after a close.
//
//   vote:  the poll's row shared, then the voter's own lock
//   close: the poll's row exclusive (against votes; not against key checks)
//
// PostgreSQL: votes by different people run side by side (a shared row lock
// does not block another shared one); one person's concurrent presses queue
// on a transaction-scoped advisory lock keyed by (poll, hash of person), so
// the second sees what the first wrote. A close waits for the votes in
// flight and every later vote sees the poll closed. The pg adapter applies
// the connection's schema to Prisma queries but not to raw SQL, so the table
// is schema-qualified.
//
// SQLite: the adapter runs one transaction at a time per process already; a
// no-op UPDATE takes the database's write lock at the start, so a second
// process waits (busy timeout) instead of failing when it upgrades a read
// lock. The raw UPDATE leaves `updatedAt` alone, so it records nothing.

import type { Database } from "../../storage/database.js";
import { qualifiedTable } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";

/** Generous: a thousand people pressing at once wait in line for a pooled connection. */
const TRANSACTION_OPTIONS = { maxWait: 120_000, timeout: 60_000 } as const;

export function inPollTransaction<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.$transaction(work, TRANSACTION_OPTIONS);
}

/**
 * Held by a vote: closes wait, other votes do not. Resolves with the poll's
 * status as read under the lock (undefined: no such poll), so a vote needs
 * no second query to know whether it may count.
 */
export function lockPollShared(database: Database, tx: Tx, pollId: number): Promise<string | undefined> {
  return lockPoll(database, tx, pollId, "FOR SHARE");
}

/**
 * Held by a close: waits for the votes in flight, and votes after it see the
 * poll closed. NO KEY UPDATE, not UPDATE: it must not block the key-share
 * locks that foreign-key checks on the poll's rows take (a live-results
 * flush updating its PollPost twice in one transaction makes one), or a
 * close and a flush could deadlock.
 */
export async function lockPollExclusive(database: Database, tx: Tx, pollId: number): Promise<void> {
  await lockPoll(database, tx, pollId, "FOR NO KEY UPDATE");
}

/** One person's votes on one poll, one at a time. */
export async function lockVoter(database: Database, tx: Tx, pollId: number, personId: string): Promise<void> {
  if (database.provider !== "postgresql") return;
  // The two-key form has its own key space, apart from single-key locks (Prisma's migration lock).
  await tx.$queryRawUnsafe(
    `SELECT 1 AS "locked" FROM pg_advisory_xact_lock($1::int4, hashtext($2::text))`,
    pollId,
    personId,
  );
}

async function lockPoll(
  database: Database,
  tx: Tx,
  pollId: number,
  mode: "FOR SHARE" | "FOR NO KEY UPDATE",
): Promise<string | undefined> {
  const rows =
    database.provider === "postgresql"
      ? await tx.$queryRawUnsafe<Array<{ status: string }>>(
          `SELECT "status" FROM ${qualifiedTable(database.target, "Poll")} WHERE "id" = $1 ${mode}`,
          pollId,
        )
      : await tx.$queryRawUnsafe<Array<{ status: string }>>(
          `UPDATE "Poll" SET "id" = "id" WHERE "id" = ? RETURNING "status"`,
          pollId,
        );
  return rows[0]?.status;
}
