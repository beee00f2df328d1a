// Small durable values an adapter keeps, such as Telegram's long-poll offset.
import type { Database, Db } from "../database.js";
import { dialectOf, type SqlDialect } from "../raw-sql.js";

export class AdapterState {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.db.adapterState.findUnique({ where: { key } }))?.value;
  }

  /** Plain SQL: Telegram's offset is set on every update (issue 16). */
  async set(key: string, value: string): Promise<void> {
    const { table, param } = this.sql;
    await this.db.$executeRawUnsafe(
      `INSERT INTO ${table("AdapterState")} ("key", "value", "updatedAt") VALUES (${param(1)}, ${param(2)}, ${param(3)})
       ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
      key,
      value,
      new Date(),
    );
  }
}
