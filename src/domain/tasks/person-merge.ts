// When /link joins two people into one, their sign-ups, hours and personal
// calendar feeds move to the person kept. Both may be signed up for the same task (one sign-up per
// person and task): the one further ahead is kept, the other row removed.
// Runs inside People.merge's transaction.
import type { PersonMergeHook } from "../../storage/repositories/people.js";

const RANK: Record<string, number> = { confirmed: 0, waitlisted: 1, cancelled: 2 };

export const mergeTaskPeople: PersonMergeHook = async (tx, keepId, dropId) => {
  const dropped = await tx.signup.findMany({ where: { personId: dropId } });
  for (const signup of dropped) {
    const kept = await tx.signup.findUnique({
      where: { taskId_personId: { taskId: signup.taskId, personId: keepId } },
    });
    if (!kept) {
      await tx.signup.update({ where: { id: signup.id }, data: { personId: keepId } });
      continue;
    }
    const droppedIsAhead =
      (RANK[signup.status] ?? 2) < (RANK[kept.status] ?? 2) ||
      (signup.status === kept.status && signup.queuedAt < kept.queuedAt);
    if (droppedIsAhead) {
      await tx.signup.delete({ where: { id: kept.id } });
      await tx.signup.update({ where: { id: signup.id }, data: { personId: keepId } });
    } else {
      await tx.signup.delete({ where: { id: signup.id } });
    }
  }
  await tx.hoursEntry.updateMany({ where: { personId: dropId }, data: { personId: keepId } });
  await tx.hoursEntry.updateMany({ where: { createdByPersonId: dropId }, data: { createdByPersonId: keepId } });
  await tx.hoursEntry.updateMany({ where: { decidedByPersonId: dropId }, data: { decidedByPersonId: keepId } });
  await tx.task.updateMany({ where: { createdByPersonId: dropId }, data: { createdByPersonId: keepId } });
  // A personal calendar feed moves along unless the person kept has one there already (its link keeps working).
  const keptFeeds = await tx.personalCalendar.findMany({ where: { personId: keepId }, select: { communityId: true } });
  await tx.personalCalendar.deleteMany({
    where: { personId: dropId, communityId: { in: keptFeeds.map((feed) => feed.communityId) } },
  });
  await tx.personalCalendar.updateMany({ where: { personId: dropId }, data: { personId: keepId } });
};
