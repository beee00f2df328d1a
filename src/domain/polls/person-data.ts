// What polls keep about a person: their votes in open (non-anonymous) polls,
// the polls they created and the options they added or asked for. Anonymous polls keep no link between a person
// and a choice (anonymous-ballot.ts), so the export says so instead. Erasure
// keeps every vote counted: the person id on their votes becomes a tombstone.
import type { PersonDataPart } from "../privacy/index.js";

export const pollPersonData: PersonDataPart = {
  tables: ["Vote", "Poll", "PollOptionProposal"],

  async export(db, scope, t) {
    const votes = await db.vote.findMany({
      where: { personId: scope.personId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const polls = await db.poll.findMany({
      where: { id: { in: [...new Set(votes.map((v) => v.pollId))] } },
      include: { options: true },
    });
    const byId = new Map(polls.map((p) => [p.id, p]));
    const created = await db.poll.findMany({ where: { createdByPersonId: scope.personId }, orderBy: { id: "asc" } });
    return {
      votes: votes.map((v) => {
        const poll = byId.get(v.pollId);
        return {
          pollId: v.pollId,
          question: poll?.question ?? null,
          choice: poll?.options.find((o) => o.id === v.optionId)?.text ?? null,
          at: v.createdAt,
        };
      }),
      anonymousPolls: t("privacy:export.anonymousPolls"),
      pollsCreated: created.map((p) => ({ id: p.id, question: p.question, status: p.status, createdAt: p.createdAt })),
      optionsAdded: (
        await db.pollOptionProposal.findMany({ where: { personId: scope.personId }, orderBy: { id: "asc" } })
      ).map((o) => ({ pollId: o.pollId, option: o.text, status: o.status, at: o.createdAt })),
    };
  },

  async erase(tx, scope, marks) {
    // An option already added belongs to the poll; one still waiting goes with its asker.
    await tx.pollOptionProposal.deleteMany({ where: { personId: scope.personId, status: "pending" } });
    await tx.pollOptionProposal.updateMany({
      where: { personId: scope.personId },
      data: { personId: marks.tombstone, identityId: marks.tombstone, chatId: marks.tombstone },
    });
    await tx.vote.updateMany({ where: { personId: scope.personId }, data: { personId: marks.tombstone } });
    await tx.poll.updateMany({
      where: { createdByPersonId: scope.personId },
      data: { createdByPersonId: marks.tombstone },
    });
  },
};
