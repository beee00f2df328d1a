// The hottest statements (every press of a burst: the event claim, the
// identity, the membership, the vote) sent straight to the driver, as
// prepared statements, behind the repositories: through Prisma each one
// cost its query compiler, its client runtime and its adapter several times
// the database's own work (issue 16's profile: two thirds of a press's CPU).
// Everything else stays on Prisma. The statements are written once for both
// databases with the dialect of raw-sql.ts, and read back as Prisma writes
// them: integers as numbers, timestamps as Dates (`timeOf`), booleans as
// booleans (`flagOf`).
import type { SqlDialect } from "./raw-sql.js";

export type SqlValue = string | number | boolean | Date | null;

/** Runs statements: on their own, or in the transaction it belongs to. */
export interface SqlRunner {
  /** The rows a statement returns (a SELECT, or a write with RETURNING). */
  query<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** How many rows a write changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface DirectSql extends SqlRunner {
  readonly dialect: SqlDialect;
  /**
   * As query, planned anew for its values each time: PostgreSQL gives a
   * prepared statement a generic plan after five runs, and a statement whose
   * best plan depends on its values (the outbox claim's) can be far slower
   * that way. The same as query on SQLite.
   */
  queryPlanned<Row extends object>(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back
   * when it throws. On SQLite it queues with Prisma's transactions, and
   * Prisma queries made inside it run in it; on PostgreSQL only `tx`'s
   * statements are in it.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
}

/** A timestamp column as read: a Date from PostgreSQL, Prisma's ISO text (or epoch ms) from SQLite. */
export function timeOf(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") return new Date(value);
  throw new TypeError(`not a timestamp: ${String(value)}`);
}

/** A boolean column as read: a boolean from PostgreSQL, 0 or 1 from SQLite. */
export function flagOf(value: unknown): boolean {
  return value === true || value === 1 || value === 1n;
}
