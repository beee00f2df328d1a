// DirectSql on PostgreSQL: node-postgres on the pool Prisma's adapter uses
// too (one pool, one limit on connections), each statement prepared once per
// connection under a name. Values go and come as Prisma's adapter sends and
// reads them: timestamps are UTC without a zone, bigints are counts.
import { createHash } from "node:crypto";
import pg from "pg";
import type { DirectSql, SqlRunner, SqlValue } from "./direct-sql.js";
import type { SqlDialect } from "./raw-sql.js";
import type { StatementObserver } from "./statement-observer.js";

const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const INT8 = 20;

/** Prisma's DateTime columns are `timestamp(3)` holding UTC; node-postgres would read them as local time. */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === TIMESTAMP) return (text: string) => new Date(`${text.replace(" ", "T")}Z`);
    if (oid === TIMESTAMPTZ) return (text: string) => new Date(text);
    if (oid === INT8) return (text: string) => Number(text);
    return pg.types.getTypeParser(oid, format);
  },
} as unknown as pg.CustomTypesConfig;

type Queryable = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

export class PostgresDirectSql implements DirectSql {
  private readonly names = new Map<string, string>();

  constructor(
    private readonly pool: pg.Pool,
    readonly dialect: SqlDialect,
    private readonly observe?: StatementObserver,
  ) {}

  query<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.rows<Row>(this.pool, sql, params);
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.send(this.pool, sql, params)).rowCount ?? 0;
  }

  async queryPlanned<Row extends object>(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    this.observe?.(sql);
    // Unnamed: parsed and planned for these values, never kept.
    return (await this.pool.query({ text: sql, values: params.map(postgresValue), types })).rows as Row[];
  }

  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: unknown;
    // A connection cut while it is checked out is reported as an 'error' event
    // on it (pg-pool listens only while it idles): unheard, it would end the
    // process. The statement in flight fails too, and the connection leaves the pool.
    const onError = (error: unknown) => {
      broken = error;
    };
    client.on("error", onError);
    const tx: SqlRunner = {
      query: (sql, params = []) => this.rows(client, sql, params),
      execute: async (sql, params = []) => (await this.send(client, sql, params)).rowCount ?? 0,
    };
    try {
      await this.control(client, "BEGIN");
      const result = await work(tx);
      await this.control(client, "COMMIT");
      return result;
    } catch (error) {
      // A connection that cannot even roll back leaves the pool (released with the error).
      await this.control(client, "ROLLBACK").catch((failure: unknown) => {
        broken = failure;
      });
      throw error;
    } finally {
      client.removeListener("error", onError);
      client.release(broken instanceof Error ? broken : broken === undefined ? undefined : new Error(String(broken)));
    }
  }

  private async rows<Row>(on: Queryable, sql: string, params: readonly SqlValue[]): Promise<Row[]> {
    return (await this.send(on, sql, params)).rows as Row[];
  }

  private send(on: Queryable, sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
    this.observe?.(sql);
    return on.query({ name: this.nameOf(sql), text: sql, values: params.map(postgresValue), types });
  }

  private async control(client: pg.PoolClient, sql: "BEGIN" | "COMMIT" | "ROLLBACK"): Promise<void> {
    this.observe?.(sql);
    await client.query(sql);
  }

  /** The prepared statement's name: the same text, the same name on every connection. */
  private nameOf(sql: string): string {
    let name = this.names.get(sql);
    if (!name) {
      name = `t_${createHash("sha1").update(sql).digest("hex").slice(0, 20)}`;
      if (this.names.size >= 1_000) this.names.clear();
      this.names.set(sql, name);
    }
    return name;
  }
}

/** A Date as UTC text without a zone, as Prisma writes `timestamp(3)`; the rest as node-postgres sends it. */
function postgresValue(value: SqlValue): string | number | boolean | null {
  if (value instanceof Date) return value.toISOString().replace("T", " ").replace("Z", "");
  return value;
}
