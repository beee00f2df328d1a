// A community's request number prefix ("K" in K-1042).
import type { Db } from "../../storage/database.js";

export class PrefixRepository {
  constructor(private readonly db: Db) {}

  async of(communityId: string): Promise<string> {
    const row = await this.db.community.findUnique({ where: { id: communityId }, select: { requestPrefix: true } });
    return row?.requestPrefix ?? "K";
  }

  async set(communityId: string, prefix: string): Promise<boolean> {
    const row = await this.db.community.findUnique({ where: { id: communityId }, select: { requestPrefix: true } });
    if (!row || row.requestPrefix === prefix) return false;
    await this.db.community.update({ where: { id: communityId }, data: { requestPrefix: prefix } });
    return true;
  }
}
