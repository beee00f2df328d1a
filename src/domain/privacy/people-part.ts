// The person data that belongs to no feature: the person and their
// identities, codes, parked commands, guided flows in progress, refused
// forms' drafts, flood counts, direct chats, and the
// backbone's rows that name them (outbox messages, jobs, button actions,
// audit entries). Erased last, after every feature's part, so the person
// row goes only once nothing else needs it.
import type { OutboundMessage } from "../../core/messages.js";
import { decodeEnvelope } from "../../outbox/outbox-envelope.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { ErasureMarks, PersonDataPart, PersonScope } from "./person-data.js";
import { redactJson } from "./redaction.js";

/** Strings that, found inside a stored JSON text, mean the row is about this person. */
function idNeedles(scope: PersonScope): string[] {
  return [scope.personId, ...scope.identityIds, ...scope.directChatIds];
}

/** Longer names are worth looking for inside stored texts; very short ones would match everywhere. */
function textNeedles(scope: PersonScope): string[] {
  return [...idNeedles(scope), ...scope.names.filter((name) => name.length >= 3)];
}

const containsAny = <K extends string>(field: K, needles: string[]) =>
  needles.map((needle) => ({ [field]: { contains: needle } }) as Record<K, { contains: string }>);

export const peoplePart: PersonDataPart = {
  tables: [
    "Person",
    "Identity",
    "OneTimeCode",
    "PendingAction",
    "GuidedFlow",
    "FormDraft",
    "FloodEvent",
    "Chat",
    "OutboxMessage",
    "Job",
    "StoredAction",
    "AuditEntry",
  ],

  async export(db, scope) {
    const person = await db.person.findUniqueOrThrow({ where: { id: scope.personId } });
    const identities = await db.identity.findMany({
      where: { personId: scope.personId },
      orderBy: { createdAt: "asc" },
    });
    const directChats = await db.chat.findMany({ where: { id: { in: scope.directChatIds } } });
    const ids = idNeedles(scope);
    const audit = await db.auditEntry.findMany({
      where: {
        OR: [
          { actorPersonId: scope.personId },
          { subject: { in: ids } },
          ...containsAny("subject", ids),
          ...containsAny("detail", ids),
        ],
      },
      orderBy: { createdAt: "asc" },
    });
    const outbox = await db.outboxMessage.findMany({
      where: {
        status: { in: ["pending", "sending"] },
        OR: [{ destination: { in: scope.directChatIds } }, ...containsAny("message", ids)],
      },
      orderBy: { id: "asc" },
    });
    const jobs = await db.job.findMany({
      where: { status: { in: ["pending", "running"] }, OR: containsAny("payload", ids) },
      orderBy: { runAt: "asc" },
    });
    const guidedFlows = await db.guidedFlow.findMany({
      where: { personId: scope.personId },
      orderBy: { createdAt: "asc" },
    });
    const formDrafts = await db.formDraft.findMany({
      where: { identityId: { in: scope.identityIds } },
      orderBy: { createdAt: "asc" },
    });
    return {
      person: { id: person.id, displayName: person.displayName, language: person.locale, createdAt: person.createdAt },
      identities: identities.map((i) => ({
        id: i.id,
        platform: i.platform,
        displayName: i.displayName,
        handle: i.handle,
        directChat: i.directChatId,
        firstSeenAt: i.createdAt,
        lastSeenAt: i.lastSeenAt,
      })),
      directChats: directChats.map((c) => ({ id: c.id, platform: c.platform, language: c.locale })),
      auditEntries: audit.map((a) => ({
        at: a.createdAt,
        action: a.action,
        role: a.actorPersonId === scope.personId ? "actor" : "subject",
        communityId: a.communityId,
        subject: a.subject,
        detail: parseJson(a.detail),
      })),
      pendingMessages: outbox.map((m) => ({
        id: m.id,
        destination: m.destination,
        purpose: m.purpose,
        status: m.status,
        nextAttemptAt: m.nextAttemptAt,
        message: parseJson(m.message),
      })),
      guidedFlows: guidedFlows.map((f) => ({
        chat: f.chatId,
        flow: f.flow,
        answers: parseJson(f.answers),
        expiresAt: f.expiresAt,
      })),
      formDrafts: formDrafts.map((d) => ({
        chat: d.chatId,
        form: d.flow,
        answers: parseJson(d.answers),
        expiresAt: d.expiresAt,
      })),
      pendingJobs: jobs.map((j) => ({ id: j.id, kind: j.kind, runAt: j.runAt, payload: parseJson(j.payload) })),
    };
  },

  async erase(tx, scope, marks) {
    const ids = idNeedles(scope);
    const texts = textNeedles(scope);
    // Notices to them are cancelled; notices about them to others lose their names.
    await tx.outboxMessage.deleteMany({ where: { destination: { in: scope.directChatIds } } });
    await cancelNoticesToThem(tx, scope);
    await redactOutbox(tx, texts, marks);
    // Jobs that name them (and only them) go: whatever they would have done concerned the person.
    await tx.job.deleteMany({ where: { OR: [...containsAny("payload", ids), ...containsAny("dedupeKey", ids)] } });
    await tx.storedAction.deleteMany({
      where: { OR: [{ chatId: { in: scope.directChatIds } }, ...containsAny("args", ids)] },
    });
    // The trail keeps what happened, not to whom: the person becomes the tombstone.
    await tx.auditEntry.updateMany({
      where: { actorPersonId: scope.personId },
      data: { actorPersonId: marks.tombstone },
    });
    await redactAudit(tx, texts, marks);
    await tx.pendingAction.deleteMany({ where: { identityId: { in: scope.identityIds } } });
    await tx.guidedFlow.deleteMany({ where: { personId: scope.personId } });
    await tx.formDraft.deleteMany({ where: { identityId: { in: scope.identityIds } } });
    await tx.floodEvent.deleteMany({ where: { key: scope.personId } });
    await tx.oneTimeCode.deleteMany({ where: { personId: scope.personId } });
    await tx.chat.deleteMany({ where: { id: { in: scope.directChatIds } } });
    await tx.identity.deleteMany({ where: { personId: scope.personId } });
    await tx.person.delete({ where: { id: scope.personId } });
  },
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Undelivered messages in shared chats that are for them (a mention of them, or shown only to them) are cancelled. */
async function cancelNoticesToThem(tx: Tx, scope: PersonScope): Promise<void> {
  const rows = await tx.outboxMessage.findMany({
    where: { status: "pending", OR: containsAny("message", scope.identityIds) },
    select: { id: true, message: true, platform: true, destination: true },
  });
  const forThem = rows.filter((row) => {
    const message = messageOf(row);
    const to = [message?.mention?.identityId, message?.ephemeralFor];
    return to.some((id) => id !== undefined && scope.identityIds.includes(id));
  });
  if (forThem.length) await tx.outboxMessage.deleteMany({ where: { id: { in: forThem.map((row) => row.id) } } });
}

function messageOf(row: { platform: string; destination: string; message: string }): OutboundMessage | undefined {
  try {
    return decodeEnvelope(row).message;
  } catch {
    return undefined;
  }
}

/** Outbox messages that name the person (to others) keep their place in line, with the person blanked out. */
async function redactOutbox(tx: Tx, needles: string[], marks: ErasureMarks): Promise<void> {
  const rows = await tx.outboxMessage.findMany({
    where: { OR: [...containsAny("message", needles), ...containsAny("lastError", needles)] },
  });
  for (const row of rows) {
    await tx.outboxMessage.update({
      where: { id: row.id },
      data: {
        message: redactJson(row.message, marks.redact),
        lastError: row.lastError === null ? null : marks.redact(row.lastError),
      },
    });
  }
}

/**
 * The audit trail is append-only, with one exception the law makes: an
 * erasure blanks the person out of the entries that name them. What was done
 * stays; to whom no longer does.
 */
async function redactAudit(tx: Tx, needles: string[], marks: ErasureMarks): Promise<void> {
  const rows = await tx.auditEntry.findMany({
    where: { OR: [...containsAny("subject", needles), ...containsAny("detail", needles)] },
  });
  for (const row of rows) {
    await tx.auditEntry.update({
      where: { id: row.id },
      data: { subject: marks.redact(row.subject), detail: redactJson(row.detail, marks.redact) },
    });
  }
}
