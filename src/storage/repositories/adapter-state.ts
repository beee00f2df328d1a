// Small durable values an adapter keeps, such as Telegram's long-poll offset.
import type { Database } from "../database.js";
import { dialectOf, type SqlDialect } from "../raw-sql.js";

export class AdapterState {
  private readonly sql: SqlDialect;

  constructor(private readonly database: Database) {
    this.sql = dialectOf(database);
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.database.db.adapterState.findUnique({ where: { key } }))?.value;
  }

  /** Plain SQL, straight to the driver: Telegram's polling offset is set often (issue 16). */
  async set(key: string, value: string): Promise<void> {
    const { table, param } = this.sql;
    await this.database.direct.execute(
      `INSERT INTO ${table("AdapterState")} ("key", "value", "updatedAt") VALUES (${param(1)}, ${param(2)}, ${param(3)})
       ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
      [key, value, new Date()],
    );
  }
}
