// When /link joins two people into one, their votes become one person's.
// Runs inside People.merge's transaction.
//  - Open polls: where the kept person voted, their ballot stands and the
//    dropped person's votes go (one ballot per person); elsewhere the
//    dropped person's votes move to the kept person.
//  - Anonymous polls: a ballot is a keyed hash of the person in that poll
//    (anonymous-ballot.ts), so the dropped person's ballot is re-keyed to the
//    kept person, who then cannot vote again. Where both had voted, both
//    counts stay: nothing links a count to a ballot, by design.
import type { PersonMergeHook, Tx } from "../../storage/repositories/people.js";
import type { BallotKeys } from "./anonymous-ballot.js";

export const pollPersonMerge =
  (ballots: BallotKeys): PersonMergeHook =>
  async (tx, keepId, dropId) => {
    const changed = new Set<number>();
    const dropped = await tx.vote.findMany({ where: { personId: dropId } });
    for (const pollId of new Set(dropped.map((v) => v.pollId))) {
      const keptVotes = await tx.vote.count({ where: { pollId, personId: keepId } });
      if (keptVotes > 0) await tx.vote.deleteMany({ where: { pollId, personId: dropId } });
      else await tx.vote.updateMany({ where: { pollId, personId: dropId }, data: { personId: keepId } });
      changed.add(pollId);
    }
    await rekeyBallots(tx, ballots, keepId, dropId);
    await tx.poll.updateMany({ where: { createdByPersonId: dropId }, data: { createdByPersonId: keepId } });
    await tx.pollOptionProposal.updateMany({ where: { personId: dropId }, data: { personId: keepId } });
    for (const pollId of changed) {
      await tx.pollPost.updateMany({ where: { pollId, nativePollId: null }, data: { dirty: true } });
    }
  };

async function rekeyBallots(tx: Tx, ballots: BallotKeys, keepId: string, dropId: string): Promise<void> {
  const polls = await tx.poll.findMany({
    where: { anonymous: true, status: "open" },
    select: { id: true, salt: true },
  });
  for (const poll of polls) {
    const dropHash = ballots.voterKey(poll, dropId);
    const ballot = await tx.anonymousBallot.findUnique({
      where: { pollId_voterHash: { pollId: poll.id, voterHash: dropHash } },
    });
    if (!ballot) continue;
    const keepHash = ballots.voterKey(poll, keepId);
    const kept = await tx.anonymousBallot.findUnique({
      where: { pollId_voterHash: { pollId: poll.id, voterHash: keepHash } },
    });
    if (!kept) await tx.anonymousBallot.update({ where: { id: ballot.id }, data: { voterHash: keepHash } });
  }
}
