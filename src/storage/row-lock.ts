// Transactions that wait in line, and the row lock that makes them queue:
// changes to one row (a task's sign-ups, a poll's votes and close) run one at
// a time, each in its own transaction that first locks the row.
//
// PostgreSQL: `SELECT … FOR UPDATE` (or a weaker mode) on the row. The pg
// adapter applies the connection's schema to Prisma queries but not to raw
// SQL, so the table is schema-qualified.
// SQLite: the adapter runs one transaction at a time per process already; a
// no-op UPDATE takes the database's write lock at the start, so a second
// process waits (busy timeout) instead of failing when it upgrades a read
// lock. The raw UPDATE leaves `updatedAt` alone, so it records nothing.
import { noteDoneCommitted } from "../core/event-completion.js";
import type { Database } from "./database.js";
import { qualifiedTable, quoteIdentifier } from "./raw-sql.js";
import type { Tx } from "./repositories/people.js";
import { completionsMarkedIn } from "./repositories/processed-events.js";

export interface TransactionWaits {
  /** How long to wait for a pooled connection. */
  maxWait: number;
  /** How long the transaction may run, waiting for locks included. */
  timeout: number;
}

/** Generous: 100 people pressing one button at once wait in line for the lock and for a pooled connection. */
export const QUEUED_WAITS: TransactionWaits = { maxWait: 60_000, timeout: 60_000 };

/** A transaction with waits long enough for a crowd queueing on one row. */
export async function inTransaction<T>(
  database: Database,
  work: (tx: Tx) => Promise<T>,
  waits: TransactionWaits = QUEUED_WAITS,
): Promise<T> {
  let client: Tx | undefined;
  const result = await database.db.$transaction((tx) => {
    client = tx;
    return work(tx);
  }, waits);
  // Committed: an event this transaction marked done needs no second "done" from the router.
  if (client) for (const completion of completionsMarkedIn(client)) noteDoneCommitted(completion);
  return result;
}

/**
 * PostgreSQL's row lock modes, strongest first. SQLite has one write lock,
 * which stands in for all of them.
 */
export type RowLockMode = "FOR UPDATE" | "FOR NO KEY UPDATE" | "FOR SHARE";

export interface RowToLock {
  table: string;
  id: number;
  /** The column read under the lock. */
  read: string;
  mode: RowLockMode;
}

/**
 * Locks one row by its `id` until the transaction ends, and reads one of its
 * columns under the lock (undefined: there is no such row).
 */
export async function lockRow<Value>(database: Database, tx: Tx, row: RowToLock): Promise<Value | undefined> {
  const read = await lockRowReading<Record<string, Value>>(database, tx, { ...row, read: [row.read] });
  return read?.[row.read];
}

/** As lockRow, reading several columns under the lock in the same statement. */
export async function lockRowReading<Row extends Record<string, unknown>>(
  database: Database,
  tx: Tx,
  row: Omit<RowToLock, "read"> & { read: ReadonlyArray<keyof Row & string> },
): Promise<Row | undefined> {
  const columns = row.read.map(quoteIdentifier).join(", ");
  const rows =
    database.provider === "postgresql"
      ? await tx.$queryRawUnsafe<Row[]>(
          `SELECT ${columns} FROM ${qualifiedTable(database.target, row.table)} WHERE "id" = $1 ${row.mode}`,
          row.id,
        )
      : await tx.$queryRawUnsafe<Row[]>(
          `UPDATE ${quoteIdentifier(row.table)} SET "id" = "id" WHERE "id" = ? RETURNING ${columns}`,
          row.id,
        );
  return rows[0];
}
