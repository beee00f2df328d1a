// What requests keep about a person: the requests they filed (with the
// references of their photos), follow and back (with each request's public
// updates), what they wrote on requests, API keys they made, and the last
// location they shared. Erasure keeps every request for the city: the
// requester becomes an anonymous resident, contact details and their names
// are blanked from the free text, and support counts stay as they were.
import type { Tx } from "../../storage/repositories/people.js";
import type { PersonDataPart } from "../privacy/index.js";

type UpdateRow = Awaited<ReturnType<Tx["requestUpdate"]["findMany"]>>[number];

export const requestPersonData: PersonDataPart = {
  tables: [
    "ServiceRequest",
    "RequestUpdate",
    "RequestFollower",
    "RequestSupport",
    "ApiKey",
    "SharedLocation",
    "RequestPhoto",
  ],

  async export(db, scope) {
    const follows = await db.requestFollower.findMany({ where: { personId: scope.personId } });
    const supports = await db.requestSupport.findMany({ where: { personId: scope.personId } });
    const requests = await db.serviceRequest.findMany({
      where: {
        OR: [
          { residentPersonId: scope.personId },
          { id: { in: [...follows.map((f) => f.requestId), ...supports.map((s) => s.requestId)] } },
        ],
      },
      orderBy: { id: "asc" },
    });
    const updates = await db.requestUpdate.findMany({
      where: {
        requestId: { in: requests.map((r) => r.id) },
        OR: [{ public: true }, { actorPersonId: scope.personId }],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const ownElsewhere = await db.requestUpdate.findMany({
      where: { actorPersonId: scope.personId, requestId: { notIn: requests.map((r) => r.id) } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const keys = await db.apiKey.findMany({ where: { createdByPersonId: scope.personId } });
    const shared = await db.sharedLocation.findUnique({ where: { personId: scope.personId } });
    const photos = await db.requestPhoto.findMany({
      where: { requestId: { in: requests.filter((r) => r.residentPersonId === scope.personId).map((r) => r.id) } },
      orderBy: { id: "asc" },
    });
    const followed = new Set(follows.map((f) => f.requestId));
    const supported = new Set(supports.map((s) => s.requestId));
    return {
      requests: requests.map((r) => ({
        number: r.number,
        communityId: r.communityId,
        filedByYou: r.residentPersonId === scope.personId,
        followedByYou: followed.has(r.id),
        supportedByYou: supported.has(r.id),
        description: r.description,
        address: r.address,
        placeName: r.placeName,
        location: r.lat === null || r.long === null ? null : { lat: r.lat, long: r.long },
        status: r.status,
        subStatus: r.subStatus,
        anonymous: r.anonymous,
        filedFrom:
          r.residentPersonId === scope.personId ? { identity: r.originIdentityId, chat: r.originChatId } : null,
        createdAt: r.createdAt,
        // The bytes stay on the platform they were sent to; Talkoot keeps only this reference.
        photos: photos
          .filter((photo) => photo.requestId === r.id)
          .map((photo) => ({
            platform: photo.platform,
            mimeType: photo.mimeType,
            size: photo.size,
            at: photo.createdAt,
          })),
        updates: updates.filter((u) => u.requestId === r.id).map((u) => updateView(u, scope.personId)),
      })),
      yourUpdatesOnOtherRequests: ownElsewhere.map((u) => updateView(u, scope.personId)),
      lastSharedLocation: shared
        ? {
            lat: shared.lat,
            long: shared.long,
            placeName: shared.placeName,
            address: shared.address,
            at: shared.sharedAt,
          }
        : null,
      apiKeysCreated: keys.map((k) => ({ id: k.id, label: k.label, createdAt: k.createdAt, revokedAt: k.revokedAt })),
    };
  },

  async erase(tx, scope, marks) {
    const filed = await tx.serviceRequest.findMany({ where: { residentPersonId: scope.personId } });
    for (const request of filed) {
      await tx.serviceRequest.update({
        where: { id: request.id },
        data: {
          residentPersonId: null,
          originIdentityId: null,
          anonymous: true,
          description: marks.redact(request.description),
          // Their direct chat is about to go; a community chat stays, it is the community's.
          originChatId:
            request.originChatId !== null && scope.directChatIds.includes(request.originChatId)
              ? null
              : request.originChatId,
          updatedAt: request.updatedAt,
        },
      });
    }
    const written = await tx.requestUpdate.findMany({
      where: { OR: [{ actorPersonId: scope.personId }, { requestId: { in: filed.map((r) => r.id) } }] },
    });
    for (const update of written) {
      await tx.requestUpdate.update({
        where: { id: update.id },
        data: {
          actorPersonId: update.actorPersonId === scope.personId ? marks.tombstone : update.actorPersonId,
          text: update.text === null ? null : marks.redact(update.text),
        },
      });
    }
    // A photo cannot be blanked like text: the photos they sent go (and their links stop working).
    await tx.requestPhoto.deleteMany({ where: { requestId: { in: filed.map((r) => r.id) } } });
    // Where they last were is theirs alone.
    await tx.sharedLocation.deleteMany({ where: { personId: scope.personId } });
    // Following is about notices to them: it ends. Support stays counted, under the tombstone.
    await tx.requestFollower.deleteMany({ where: { personId: scope.personId } });
    await tx.requestSupport.updateMany({ where: { personId: scope.personId }, data: { personId: marks.tombstone } });
    await tx.apiKey.updateMany({
      where: { createdByPersonId: scope.personId },
      data: { createdByPersonId: marks.tombstone },
    });
  },
};

function updateView(u: UpdateRow, personId: string) {
  return {
    requestId: u.requestId,
    at: u.createdAt,
    kind: u.kind,
    fromStatus: u.fromStatus,
    toStatus: u.toStatus,
    fromSubStatus: u.fromSubStatus,
    toSubStatus: u.toSubStatus,
    text: u.text,
    byYou: u.actorPersonId === personId,
  };
}
