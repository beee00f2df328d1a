// A community's own flood limits, where an admin changed the default
// (`/setup limits`). Absent rows mean the defaults.
import type { Db } from "../database.js";
import type { Tx } from "./people.js";

export class FloodLimitSettings {
  constructor(private readonly db: Db) {}

  /** The community's own limits, by kind. */
  async of(communityId: string): Promise<Map<string, number>> {
    const rows = await this.db.floodLimit.findMany({ where: { communityId } });
    return new Map(rows.map((row) => [row.kind, row.maxCount]));
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
