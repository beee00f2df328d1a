// When /link joins two people into one, their requests become one person's:
// the requests they filed, what they follow and back, what they did to
// requests, and the API keys they made. Runs inside People.merge's
// transaction. One person backs a request once and never their own, so a
// second +1 (both had backed it, or the kept person filed it) is removed
// and the count lowered.
import type { PersonMergeHook, Tx } from "../../storage/repositories/people.js";

export const mergeRequestPeople: PersonMergeHook = async (tx, keepId, dropId) => {
  await tx.serviceRequest.updateMany({ where: { residentPersonId: dropId }, data: { residentPersonId: keepId } });
  await tx.requestUpdate.updateMany({ where: { actorPersonId: dropId }, data: { actorPersonId: keepId } });
  await tx.apiKey.updateMany({ where: { createdByPersonId: dropId }, data: { createdByPersonId: keepId } });
  await mergeFollowers(tx, keepId, dropId);
  await mergeSupport(tx, keepId, dropId);
  await mergeSharedLocation(tx, keepId, dropId);
};

/** One last shared location per person: the newer of the two. */
async function mergeSharedLocation(tx: Tx, keepId: string, dropId: string): Promise<void> {
  const dropped = await tx.sharedLocation.findUnique({ where: { personId: dropId } });
  if (!dropped) return;
  const kept = await tx.sharedLocation.findUnique({ where: { personId: keepId } });
  await tx.sharedLocation.delete({ where: { personId: dropId } });
  if (kept && kept.sharedAt >= dropped.sharedAt) return;
  const { personId: _, ...place } = dropped;
  await tx.sharedLocation.upsert({
    where: { personId: keepId },
    create: { personId: keepId, ...place },
    update: place,
  });
}

/** One follow per person and request: where both followed, the kept person's (and where its notices go) stays. */
async function mergeFollowers(tx: Tx, keepId: string, dropId: string): Promise<void> {
  const dropped = await tx.requestFollower.findMany({ where: { personId: dropId } });
  for (const follow of dropped) {
    const key = { requestId_personId: { requestId: follow.requestId, personId: dropId } };
    const kept = await tx.requestFollower.findUnique({
      where: { requestId_personId: { requestId: follow.requestId, personId: keepId } },
    });
    if (kept) await tx.requestFollower.delete({ where: key });
    else await tx.requestFollower.update({ where: key, data: { personId: keepId } });
  }
}

async function mergeSupport(tx: Tx, keepId: string, dropId: string): Promise<void> {
  const dropped = await tx.requestSupport.findMany({ where: { personId: dropId } });
  for (const support of dropped) {
    const key = { requestId_personId: { requestId: support.requestId, personId: dropId } };
    const kept = await tx.requestSupport.findUnique({
      where: { requestId_personId: { requestId: support.requestId, personId: keepId } },
    });
    if (kept) {
      await tx.requestSupport.delete({ where: key });
      await uncount(tx, support.requestId);
    } else {
      await tx.requestSupport.update({ where: key, data: { personId: keepId } });
    }
  }
  // Requests are already the kept person's here: their own +1 no longer counts.
  const own = await tx.requestSupport.findMany({
    where: { personId: keepId },
    select: { requestId: true },
  });
  for (const { requestId } of own) {
    const request = await tx.serviceRequest.findUnique({
      where: { id: requestId },
      select: { residentPersonId: true },
    });
    if (request?.residentPersonId !== keepId) continue;
    await tx.requestSupport.delete({ where: { requestId_personId: { requestId, personId: keepId } } });
    await uncount(tx, requestId);
  }
}

async function uncount(tx: Tx, requestId: number): Promise<void> {
  const request = await tx.serviceRequest.findUniqueOrThrow({
    where: { id: requestId },
    select: { updatedAt: true, supportCount: true },
  });
  await tx.serviceRequest.update({
    where: { id: requestId },
    // As when support is added: not a change of the request, so its updatedAt stays.
    data: { supportCount: Math.max(0, request.supportCount - 1), updatedAt: request.updatedAt },
  });
}
