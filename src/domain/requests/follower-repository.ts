// Who follows a request: they are told of its changes, where they followed
// from (or in their direct chat).
import type { Db } from "../../storage/database.js";
import type { RequestFollower } from "../../storage/generated/sqlite/client.js";
import { isUniqueViolation } from "../../storage/repositories/errors.js";
import type { Tx } from "../../storage/repositories/people.js";

export type FollowerRecord = RequestFollower;

export class FollowerRepository {
  constructor(private readonly db: Db) {}

  async follow(data: { requestId: number; personId: string; identityId: string; chatId: string }): Promise<boolean> {
    try {
      await this.db.requestFollower.create({ data });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Following again from another chat moves the notices there.
      await this.db.requestFollower.update({
        where: { requestId_personId: { requestId: data.requestId, personId: data.personId } },
        data: { identityId: data.identityId, chatId: data.chatId },
      });
      return false;
    }
  }

  async unfollow(requestId: number, personId: string): Promise<boolean> {
    const { count } = await this.db.requestFollower.deleteMany({ where: { requestId, personId } });
    return count > 0;
  }

  async of(requestId: number, client: Tx = this.db): Promise<FollowerRecord[]> {
    return client.requestFollower.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } });
  }
}
