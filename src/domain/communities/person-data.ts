// What communities keep about a person: their memberships and roles. The
// person and identities themselves are the privacy module's (people-part.ts).
import type { PersonDataPart } from "../privacy/index.js";

export const communityPersonData: PersonDataPart = {
  tables: ["Membership"],

  async export(db, scope) {
    const memberships = await db.membership.findMany({
      where: { personId: scope.personId },
      include: { community: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    });
    return {
      memberships: memberships.map((m) => ({
        communityId: m.communityId,
        community: m.community.name,
        role: m.role,
        remindersOff: m.remindersOff,
        since: m.createdAt,
      })),
    };
  },

  async erase(tx, scope) {
    await tx.membership.deleteMany({ where: { personId: scope.personId } });
  },
};
