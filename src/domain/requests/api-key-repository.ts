// A community's Open311 API keys, stored as hashes; revoked ones stay, dated.
import type { Db } from "../../storage/database.js";
import type { ApiKey } from "../../storage/generated/sqlite/client.js";
import type { ChangeEffects } from "../change-effects.js";

export type ApiKeyRecord = ApiKey;

export class ApiKeyRepository {
  constructor(private readonly db: Db) {}

  /** A new key; `effects` (its audit entry, the event's completion) commit with it. */
  async create(
    data: { communityId: string; keyHash: string; label: string | null; createdByPersonId: string },
    effects?: ChangeEffects<ApiKeyRecord>,
  ): Promise<ApiKeyRecord> {
    return this.db.$transaction(async (tx) => {
      const row = await tx.apiKey.create({ data });
      if (effects) await effects(tx, row);
      return row;
    });
  }

  async byHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.apiKey.findUnique({ where: { keyHash } });
    return row && !row.revokedAt ? row : undefined;
  }

  async active(communityId: string): Promise<ApiKeyRecord[]> {
    return this.db.apiKey.findMany({ where: { communityId, revokedAt: null }, orderBy: { id: "asc" } });
  }

  /** Revokes a live key (false when there is none); `effects` commit with the revocation. */
  async revoke(communityId: string, id: number, at: Date, effects?: ChangeEffects<number>): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.apiKey.updateMany({
        where: { id, communityId, revokedAt: null },
        data: { revokedAt: at },
      });
      if (count > 0 && effects) await effects(tx, id);
      return count > 0;
    });
  }
}
