// One task's sign-ups change one at a time: every change runs in its own
// transaction that first locks the task's row (storage/row-lock.ts), so
// concurrent joins queue up behind each other and capacity is never exceeded.
import type { Database } from "../../storage/database.js";
import type { Task } from "../../storage/generated/sqlite/client.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction, lockRow } from "../../storage/row-lock.js";
import type { ChangeEffects } from "../change-effects.js";

/**
 * Runs `work` in a transaction holding the task's row lock, with the task as
 * read under the lock (undefined if there is no such task). `work` should
 * return an outcome rather than throw for expected refusals, so that nothing
 * is rolled back needlessly. `effects` then writes, in the same transaction,
 * what goes with the outcome (the event's completion, notices).
 */
export function withLockedTask<T>(
  database: Database,
  taskId: number,
  work: (tx: Tx, task: Task | undefined) => Promise<T>,
  effects?: ChangeEffects<T>,
): Promise<T> {
  return inTransaction(database, async (tx) => {
    const result = await work(tx, await lockTask(database, tx, taskId));
    if (effects) await effects(tx, result);
    return result;
  });
}

/** Locks the task's row in the caller's transaction and reads it under the lock (undefined if there is no such task). */
export async function lockTask(database: Database, tx: Tx, taskId: number): Promise<Task | undefined> {
  await lockRow(database, tx, { table: "Task", id: taskId, read: "id", mode: "FOR UPDATE" });
  return (await tx.task.findUnique({ where: { id: taskId } })) ?? undefined;
}
