// A conditional single-row update: the row's id plus the conditions it must
// still meet. Prisma runs `update` with extra conditions as one
// `UPDATE … WHERE … RETURNING` statement (atomic on both providers) and
// reports "no row matched" as P2025, which here means "someone else got there
// first". `updateMany` would do the same but, on SQLite, wraps its statement
// in BEGIN…COMMIT across an await; a second client in the same process
// (tests, tools) then busy-waits synchronously on that lock and stalls both.
import { isRecordNotFound } from "./repositories/errors.js";

/** The updated row, or undefined when the conditions no longer held. */
export async function compareAndSet<T>(update: () => Promise<T>): Promise<T | undefined> {
  try {
    return await update();
  } catch (error) {
    if (isRecordNotFound(error)) return undefined;
    throw error;
  }
}
