// Who follows a request: they are told of its changes, where they followed
// from (or in their direct chat).
import type { Db } from "../../storage/database.js";
import type { RequestFollower } from "../../storage/generated/sqlite/client.js";
import { isUniqueViolation } from "../../storage/repositories/errors.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ChangeEffects } from "../change-effects.js";

export type FollowerRecord = RequestFollower;

export class FollowerRepository {
  constructor(private readonly db: Db) {}

  /**
   * Follows (true), or, already following, moves the notices to this chat
   * (false). `effects` (the event's completion) commit with it.
   */
  async follow(
    data: { requestId: number; personId: string; identityId: string; chatId: string },
    effects?: ChangeEffects<boolean>,
  ): Promise<boolean> {
    const key = { requestId_personId: { requestId: data.requestId, personId: data.personId } };
    const attempt = () =>
      this.db.$transaction(async (tx) => {
        const existing = await tx.requestFollower.findUnique({ where: key });
        // Following again from another chat moves the notices there.
        if (existing)
          await tx.requestFollower.update({ where: key, data: { identityId: data.identityId, chatId: data.chatId } });
        else await tx.requestFollower.create({ data });
        if (effects) await effects(tx, !existing);
        return !existing;
      });
    try {
      return await attempt();
    } catch (error) {
      // The same person following at the same moment elsewhere: theirs is there now.
      if (!isUniqueViolation(error)) throw error;
      return attempt();
    }
  }

  /** Stops following; `effects` (the event's completion) commit with it. */
  async unfollow(requestId: number, personId: string, effects?: ChangeEffects<boolean>): Promise<boolean> {
    return this.db.$transaction(async (tx) => {
      const { count } = await tx.requestFollower.deleteMany({ where: { requestId, personId } });
      if (effects) await effects(tx, count > 0);
      return count > 0;
    });
  }

  async of(requestId: number, client: Tx = this.db): Promise<FollowerRecord[]> {
    return client.requestFollower.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } });
  }
}
