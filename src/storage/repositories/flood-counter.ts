// Counts acts per key in a sliding window, in the database, so that several
// bot processes on one PostgreSQL share one count. A check and its count run
// in one transaction that first locks the key: a transaction-scoped advisory
// lock on PostgreSQL; on SQLite the first statement is a write (pruning the
// key's old rows), which takes the database's write lock for the transaction.
import type { Database } from "../database.js";
import { type SqlRunner, timeOf } from "../direct-sql.js";
import { type AnyTx, runnerOf } from "../prisma-sql-runner.js";
import { dialectOf, type SqlDialect } from "../raw-sql.js";
import { inTransaction } from "../row-lock.js";

export interface FloodWindow {
  maxCount: number;
  windowMs: number;
}

export type FloodVerdict = { allowed: true } | { allowed: false; retryAfterMs: number; maxCount: number };

/** Our class of advisory locks ("Floo"), apart from Prisma's migration lock and any other. */
const ADVISORY_LOCK_CLASS = 0x466c6f6f;

export class FloodCounter {
  private readonly sql: SqlDialect;

  constructor(private readonly database: Database) {
    this.sql = dialectOf(database);
  }

  /** Counts one more act when fewer than `maxCount` happened within the window; otherwise counts nothing and refuses. */
  take(scope: string, key: string, window: FloodWindow, now: Date): Promise<FloodVerdict> {
    // A burst from one person waits in line for the key's lock, as a crowd does for a row's.
    return inTransaction(this.database, (tx) => this.takeIn(tx, scope, key, window, now));
  }

  /**
   * As take, in the caller's transaction: the act counts only if the act itself commits.
   * Plain SQL, since every filed request takes one (issue 16): after the
   * lock, the act is counted by one conditional insert, and only a refusal
   * reads more (when the next act would fit).
   */
  async takeIn(tx: AnyTx, scope: string, key: string, window: FloodWindow, now: Date): Promise<FloodVerdict> {
    const start = windowStart(window, now);
    const { table, param } = this.sql;
    const events = table("FloodEvent");
    const run = runnerOf(tx);
    // Counted: the key's acts within the window, seen after the lock (a statement after it on PostgreSQL).
    const countIfRoom = (from: number) =>
      `INSERT INTO ${events} ("scope", "key", "at") SELECT ${param(from)}, ${param(from + 1)}, ${timestampParam(this.database, from + 2)}
        WHERE (SELECT COUNT(*) FROM ${events} WHERE "scope" = ${param(from + 3)} AND "key" = ${param(from + 4)}
                 AND "at" > ${param(from + 5)}) < ${param(from + 6)}`;
    const countArgs = [scope, key, now, scope, key, start, window.maxCount];
    let counted: number;
    if (this.database.provider === "postgresql") {
      await run.execute("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [
        ADVISORY_LOCK_CLASS,
        `${scope}\n${key}`,
      ]);
      // The prune rides along: it removes only acts the count leaves out.
      counted = await run.execute(
        `WITH pruned AS (DELETE FROM ${events} WHERE "scope" = $1 AND "key" = $2 AND "at" <= $3) ${countIfRoom(4)}`,
        [scope, key, start, ...countArgs],
      );
    } else {
      // The prune first: a write takes SQLite's write lock for the transaction (SQLite has no DELETE in a WITH).
      await run.execute(`DELETE FROM ${events} WHERE "scope" = ? AND "key" = ? AND "at" <= ?`, [scope, key, start]);
      counted = await run.execute(countIfRoom(1), countArgs);
    }
    if (counted === 1) return { allowed: true };
    return this.verdictOf(run, scope, key, window, now);
  }

  /** Whether one more act would be within the limit, counting nothing. */
  check(scope: string, key: string, window: FloodWindow, now: Date): Promise<FloodVerdict> {
    return this.verdictOf(this.database.direct, scope, key, window, now);
  }

  /** Counts an act whatever the count so far (a wrong guess counts even when already locked out). */
  async record(scope: string, key: string, now: Date): Promise<void> {
    await this.database.db.floodEvent.create({ data: { scope, key, at: now } });
  }

  private async verdictOf(
    run: SqlRunner,
    scope: string,
    key: string,
    window: FloodWindow,
    now: Date,
  ): Promise<FloodVerdict> {
    const { table, param } = this.sql;
    const within = `FROM ${table("FloodEvent")} WHERE "scope" = ${param(1)} AND "key" = ${param(2)} AND "at" > ${param(3)}`;
    const args = [scope, key, windowStart(window, now)];
    const [counted] = await run.query<{ count: number | bigint }>(`SELECT COUNT(*) AS "count" ${within}`, args);
    const count = Number(counted?.count ?? 0);
    if (count < window.maxCount) return { allowed: true };
    // One more fits once all but maxCount - 1 of the counted acts have left the window.
    const [pivot] = await run.query<{ at: unknown }>(
      `SELECT "at" ${within} ORDER BY "at", "id" LIMIT 1 OFFSET ${param(4)}`,
      [...args, count - window.maxCount],
    );
    const leavesAt = (pivot ? timeOf(pivot.at).getTime() : now.getTime()) + window.windowMs;
    return { allowed: false, retryAfterMs: Math.max(1, leavesAt - now.getTime()), maxCount: window.maxCount };
  }
}

/** A timestamp parameter whose type nothing else tells PostgreSQL (a SELECT's output inserted), cast as Prisma stores it. */
function timestampParam(database: Pick<Database, "provider">, n: number): string {
  return database.provider === "postgresql" ? `$${n}::timestamp(3)` : "?";
}

function windowStart(window: FloodWindow, now: Date): Date {
  return new Date(now.getTime() - window.windowMs);
}
