// When /link joins two people into one, their memberships become one
// person's: where both belonged to a community, the higher role stays
// (coordinator and official rank alike, so neither replaces the other).
// Runs inside People.merge's transaction, after the identities moved.
import type { PersonMergeHook } from "../../storage/repositories/people.js";

const ROLE_RANK: Record<string, number> = { member: 0, coordinator: 1, official: 1, admin: 2 };

export const mergeMemberships: PersonMergeHook = async (tx, keepId, dropId) => {
  const dropped = await tx.membership.findMany({ where: { personId: dropId } });
  for (const membership of dropped) {
    const kept = await tx.membership.findUnique({
      where: { communityId_personId: { communityId: membership.communityId, personId: keepId } },
    });
    if (!kept) {
      await tx.membership.update({ where: { id: membership.id }, data: { personId: keepId } });
      continue;
    }
    if ((ROLE_RANK[membership.role] ?? 0) > (ROLE_RANK[kept.role] ?? 0)) {
      await tx.membership.update({ where: { id: kept.id }, data: { role: membership.role } });
    }
    await tx.membership.delete({ where: { id: membership.id } });
  }
};
