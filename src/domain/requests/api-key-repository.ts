// A community's Open311 API keys, stored as hashes; revoked ones stay, dated.
import type { Db } from "../../storage/database.js";
import type { ApiKey } from "../../storage/generated/sqlite/client.js";

export type ApiKeyRecord = ApiKey;

export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  async create(data: { communityId: string; keyHash: string; label: string | null; createdByPersonId: string }) {
    return this.db.apiKey.create({ data });
  }

  async byHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.apiKey.findUnique({ where: { keyHash } });
    return row && !row.revokedAt ? row : undefined;
  }

  async active(communityId: string): Promise<ApiKeyRecord[]> {
    return this.db.apiKey.findMany({ where: { communityId, revokedAt: null }, orderBy: { id: "asc" } });
  }

  async revoke(communityId: string, id: number, at: Date): Promise<boolean> {
    const { count } = await this.db.apiKey.updateMany({
      where: { id, communityId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count > 0;
  }
}
