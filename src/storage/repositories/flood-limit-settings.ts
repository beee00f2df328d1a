// A community's own flood limits, where an admin changed the default
// (`/setup limits`). Absent rows mean the defaults. Read by every
// flood-limited act (every request filed), so kept a few seconds: another
// instance's change shows within that time, this one's at once.
import type { Database, Db } from "../database.js";
import { dialectOf, type SqlDialect } from "../raw-sql.js";
import { TtlCache } from "../ttl-cache.js";
import type { Tx } from "./people.js";

/** How long a community's limits are kept: another instance's change shows within this. */
export const KEPT_MS = 5_000;

export class FloodLimitSettings {
  private readonly db: Db;
  private readonly sql: SqlDialect;
  private readonly cache: TtlCache<string, ReadonlyMap<string, number>>;

  constructor(database: Database, now: () => number = Date.now) {
    this.cache = new TtlCache(KEPT_MS, 10_000, now);
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /** The community's own limits, by kind. Plain SQL: every flood-limited act reads them (issue 16). */
  async of(communityId: string): Promise<ReadonlyMap<string, number>> {
    const cached = this.cache.get(communityId);
    if (cached) return cached;
    const { table, param } = this.sql;
    const rows = await this.db.$queryRawUnsafe<Array<{ kind: string; maxCount: number | bigint }>>(
      `SELECT "kind", "maxCount" FROM ${table("FloodLimit")} WHERE "communityId" = ${param(1)}`,
      communityId,
    );
    return this.cache.set(communityId, new Map(rows.map((row) => [row.kind, Number(row.maxCount)])));
  }

  /**
   * Forgets the kept limits of a community changed in a transaction, once it
   * has committed: a read made while it was open kept the old ones.
   */
  forget(communityId: string): void {
    this.cache.delete(communityId);
  }

  async set(communityId: string, kind: string, maxCount: number, client: Tx = this.db): Promise<void> {
    this.cache.delete(communityId);
    await client.floodLimit.upsert({
      where: { communityId_kind: { communityId, kind } },
      create: { communityId, kind, maxCount },
      update: { maxCount },
    });
  }

  async reset(communityId: string, kind: string, client: Tx = this.db): Promise<void> {
    this.cache.delete(communityId);
    await client.floodLimit.deleteMany({ where: { communityId, kind } });
  }
}
