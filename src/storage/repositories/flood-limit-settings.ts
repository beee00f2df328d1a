// A community's own flood limits, where an admin changed the default
// (`/setup limits`). Absent rows mean the defaults.
import type { Database, Db } from "../database.js";
import { dialectOf, type SqlDialect } from "../raw-sql.js";
import type { Tx } from "./people.js";

export class FloodLimitSettings {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /** The community's own limits, by kind. Plain SQL: every flood-limited act reads them (issue 16). */
  async of(communityId: string): Promise<Map<string, number>> {
    const { table, param } = this.sql;
    const rows = await this.db.$queryRawUnsafe<Array<{ kind: string; maxCount: number | bigint }>>(
      `SELECT "kind", "maxCount" FROM ${table("FloodLimit")} WHERE "communityId" = ${param(1)}`,
      communityId,
    );
    return new Map(rows.map((row) => [row.kind, Number(row.maxCount)]));
  }

  async set(communityId: string, kind: string, maxCount: number, client: Tx = this.db): Promise<void> {
    await client.floodLimit.upsert({
      where: { communityId_kind: { communityId, kind } },
      create: { communityId, kind, maxCount },
      update: { maxCount },
    });
  }

  async reset(communityId: string, kind: string, client: Tx = this.db): Promise<void> {
    await client.floodLimit.deleteMany({ where: { communityId, kind } });
  }
}
