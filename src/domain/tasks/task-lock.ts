// One task's sign-ups change one at a time: every change runs in its own
// transaction that first locks the task's row, so concurrent joins queue up
// behind each other and capacity is never exceeded.
//
// PostgreSQL: `SELECT … FOR UPDATE` on the row. The pg adapter applies the
// connection's schema to Prisma queries but not to raw SQL, so the table is
// schema-qualified.
// SQLite: the adapter runs one transaction at a time per process already; a
// no-op UPDATE takes the database's write lock at the start, so a second
// process waits (busy timeout) instead of failing when it upgrades a read lock.

import type { Database } from "../../storage/database.js";
import type { Task } from "../../storage/generated/sqlite/client.js";
import { qualifiedTable } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";

/** Generous: 100 people pressing Join at once wait in line for the lock and for a pooled connection. */
const TRANSACTION_OPTIONS = { maxWait: 60_000, timeout: 60_000 } as const;

export async function lockTaskRow(database: Database, tx: Tx, taskId: number): Promise<void> {
  if (database.provider === "postgresql") {
    const table = qualifiedTable(database.target, "Task");
    await tx.$queryRawUnsafe(`SELECT "id" FROM ${table} WHERE "id" = $1 FOR UPDATE`, taskId);
  } else {
    await tx.$executeRawUnsafe(`UPDATE "Task" SET "id" = "id" WHERE "id" = ?`, taskId);
  }
}

/**
 * Runs `work` in a transaction holding the task's row lock, with the task as
 * read under the lock (undefined if there is no such task). `work` should
 * return an outcome rather than throw for expected refusals, so that nothing
 * is rolled back needlessly.
 */
export function withLockedTask<T>(
  database: Database,
  taskId: number,
  work: (tx: Tx, task: Task | undefined) => Promise<T>,
): Promise<T> {
  return database.db.$transaction(async (tx) => {
    await lockTaskRow(database, tx, taskId);
    const task = await tx.task.findUnique({ where: { id: taskId } });
    return work(tx, task ?? undefined);
  }, TRANSACTION_OPTIONS);
}

/** A transaction with the same generous waits, for work that locks nothing. */
export function inTransaction<T>(database: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return database.db.$transaction(work, TRANSACTION_OPTIONS);
}
