// Writes that ride along with a transaction's next statement (issue 16: every
// statement costs a round trip, a socket write and a parse, and a filed
// request made a dozen in its transaction). A write whose outcome its caller
// does not need, and that nothing later in the transaction reads or writes
// again (an audit entry, a history entry, a job), is handed to the
// transaction with `writeAlong`. The driver's PostgreSQL transaction puts it in
// front of its next statement as a data-modifying CTE, or sends the writes
// left together before COMMIT. Such a CTE runs once, whether or not the
// statement uses it, and the statement does not see its rows (one snapshot).
// Elsewhere (SQLite, Prisma's transactions, no transaction) the write runs at
// once. Statements carried this way name their values only as $n parameters.
import type { SqlRunner, SqlValue } from "./direct-sql.js";

export interface Statement {
  sql: string;
  params: readonly SqlValue[];
}

/** A runner that can carry writes with its next statement (the driver's PostgreSQL transaction). */
export interface CarryingRunner extends SqlRunner {
  carry(write: Statement): void;
}

const LEADING_WITH = /^\s*WITH\s+/i;

/**
 * Runs `write` (one INSERT, UPDATE or DELETE) now, or with the transaction's
 * next statement where the transaction can carry it. A write with a WITH of
 * its own runs now: a data-modifying WITH cannot nest in another's.
 */
export async function writeAlong(runner: SqlRunner, sql: string, params: readonly SqlValue[]): Promise<void> {
  if ("carry" in runner && typeof runner.carry === "function" && !LEADING_WITH.test(sql))
    (runner as CarryingRunner).carry({ sql, params });
  else await runner.execute(sql, params);
}

/**
 * `main` with `writes` in front of it as CTEs, their parameters numbered
 * after main's. With no main (before COMMIT), the last write is the main.
 * Undefined when main cannot carry them (a recursive WITH).
 */
export function carried(writes: readonly Statement[], main?: Statement): Statement | undefined {
  if (!main) {
    const last = writes.at(-1);
    return last && carried(writes.slice(0, -1), last);
  }
  if (writes.length === 0) return main;
  if (/^\s*WITH\s+RECURSIVE\b/i.test(main.sql)) return undefined;
  const params: SqlValue[] = [...main.params];
  const ctes = writes.map((write, i) => {
    const offset = params.length;
    params.push(...write.params);
    return `w_along_${i} AS (${write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const rest = main.sql.replace(LEADING_WITH, "");
  const joiner = LEADING_WITH.test(main.sql) ? ", " : " ";
  return { sql: `WITH ${ctes.join(", ")}${joiner}${rest}`, params };
}
