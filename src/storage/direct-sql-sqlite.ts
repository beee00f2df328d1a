// DirectSql on SQLite: the statements run on the very connection Prisma's
// adapter opened (better-sqlite3 is synchronous and in-process, so there is
// no second connection to keep consistent with it), each prepared once and
// kept. They pass the transaction gate like Prisma's own queries; a
// transaction holds the gate, so Prisma queries inside it run in it.
import type { Database as SqliteHandle, Statement } from "better-sqlite3";
import type { DirectSql, SqlRunner, SqlValue } from "./direct-sql.js";
import { dialectOf } from "./raw-sql.js";
import type { TransactionGate } from "./sqlite-transaction-gate.js";
import type { StatementObserver } from "./statement-observer.js";

/** Prepared statements kept: the hot statements, in each batch size seen. */
const MAX_PREPARED = 500;

export class SqliteDirectSql implements DirectSql {
  readonly dialect = dialectOf({ provider: "sqlite", target: { schema: "" } });
  private readonly prepared = new Map<string, Statement>();
  private readonly inTransaction: SqlRunner = {
    query: async (sql, params = []) => this.all(sql, params),
    execute: async (sql, params = []) => this.run(sql, params),
  };

  constructor(
    /** The adapter's connection, once Prisma has opened it. */
    private readonly handle: () => Promise<SqliteHandle>,
    private readonly gate: TransactionGate,
    private readonly observe?: StatementObserver,
  ) {}

  async query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    await this.connection();
    // Checked right before the statement, with no await between: a transaction
    // that opened meanwhile is waited for, never joined.
    while (!this.gate.clear) await this.gate.waitOutside();
    return this.all<Row>(sql, params);
  }

  /** SQLite plans each run of a prepared statement for its values already. */
  queryPlanned<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.query<Row>(sql, params);
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    await this.connection();
    while (!this.gate.clear) await this.gate.waitOutside();
    return this.run(sql, params);
  }

  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return this.gate.exclusive(async () => {
      await this.connection();
      // IMMEDIATE: the write lock at the start, so another process waits
      // (busy timeout) here instead of failing when it would upgrade later.
      this.run("BEGIN IMMEDIATE", []);
      let result: T;
      try {
        result = await work(this.inTransaction);
      } catch (error) {
        this.rollback();
        throw error;
      }
      try {
        this.run("COMMIT", []);
      } catch (error) {
        this.rollback();
        throw error;
      }
      return result;
    });
  }

  private db: SqliteHandle | undefined;

  /** The adapter's current connection (a new one after a reconnect: its statements are prepared again). */
  private async connection(): Promise<SqliteHandle> {
    const db = await this.handle();
    if (db !== this.db) {
      this.prepared.clear();
      this.db = db;
    }
    return db;
  }

  private rollback(): void {
    // A failed COMMIT or a constraint may have ended the transaction already.
    if (this.db?.inTransaction) this.run("ROLLBACK", []);
  }

  private statement(sql: string): Statement {
    let statement = this.prepared.get(sql);
    if (!statement) {
      if (this.prepared.size >= MAX_PREPARED) this.prepared.clear();
      statement = this.db!.prepare(sql);
      // The adapter turns safe integers on for the whole connection; ours are numbers, as Prisma reads them.
      if (statement.reader) statement.safeIntegers(false);
      this.prepared.set(sql, statement);
    }
    this.observe?.(sql);
    return statement;
  }

  private all<Row>(sql: string, params: readonly SqlValue[]): Row[] {
    const statement = this.statement(sql);
    const bound = params.map(sqliteValue);
    if (statement.reader) return statement.all(...bound) as Row[];
    statement.run(...bound);
    return [];
  }

  private run(sql: string, params: readonly SqlValue[]): number {
    return this.statement(sql).run(...params.map(sqliteValue)).changes;
  }
}

/** As Prisma's adapter writes values: timestamps as ISO text with "+00:00", booleans as 1 and 0. */
function sqliteValue(value: SqlValue): string | number | null {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}
