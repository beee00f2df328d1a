// A chat that the platform gave a new id (a Telegram group upgraded to a
// supergroup): every row that names the old id is rewritten to the new one,
// in one transaction, so the chat keeps its community, role, officials'
// routing, cards, sign-ups and pending outbox rows. Idempotent: moving again
// finds nothing left under the old id.
import type { Db } from "../database.js";
import type { Chats } from "./chats.js";
import type { Tx } from "./people.js";

/** Rows whose JSON column holds a MessageRef (`{ chatId, ... }`) for cards. */
type RefTable = "taskPost" | "pollPost" | "requestCard";

export class ChatMoves {
  constructor(
    private readonly db: Db,
    private readonly chats: Chats,
  ) {}

  async move(fromChatId: string, toChatId: string): Promise<void> {
    if (fromChatId === toChatId) return;
    try {
      await this.db.$transaction(async (tx) => {
        await moveChatRow(tx, fromChatId, toChatId);
        await moveReferences(tx, fromChatId, toChatId);
      });
    } finally {
      this.chats.forget(fromChatId);
      this.chats.forget(toChatId);
    }
  }
}

/**
 * The chat row itself. The new id may already have a row: the first update
 * from the supergroup (Telegram's migrate_from_chat_id message) is seen
 * there before the move. An unlinked row there takes the old chat's place.
 */
async function moveChatRow(tx: Tx, from: string, to: string): Promise<void> {
  const old = await tx.chat.findUnique({ where: { id: from } });
  if (!old) return;
  const target = await tx.chat.findUnique({ where: { id: to } });
  if (!target) {
    await tx.chat.update({ where: { id: from }, data: { id: to, unreachableAt: null, unreachableReason: null } });
    return;
  }
  if (!target.communityId) {
    await tx.chat.update({
      where: { id: to },
      data: {
        communityId: old.communityId,
        role: old.role,
        locale: target.locale ?? old.locale,
        title: target.title ?? old.title,
        unreachableAt: null,
        unreachableReason: null,
      },
    });
  }
  await tx.chat.delete({ where: { id: from } });
}

async function moveReferences(tx: Tx, from: string, to: string): Promise<void> {
  const where = { chatId: from };
  const data = { chatId: to };
  await tx.identity.updateMany({ where: { directChatId: from }, data: { directChatId: to } });
  await tx.storedAction.updateMany({ where, data });
  await tx.task.updateMany({ where: { originChatId: from }, data: { originChatId: to } });
  await tx.signup.updateMany({ where, data });
  await tx.poll.updateMany({ where: { originChatId: from }, data: { originChatId: to } });
  await tx.contact.updateMany({ where, data });
  await tx.serviceRequest.updateMany({ where: { originChatId: from }, data: { originChatId: to } });
  await tx.requestFollower.updateMany({ where, data });
  for (const table of ["taskPost", "pollPost", "requestCard"] as const) await moveCards(tx, table, from, to);
  await moveOutboxRows(tx, from, to);
  await movePendingActions(tx, from, to);
}

/** Cards: the chat id, and the one inside the stored MessageRef, so edits reach the card. */
async function moveCards(tx: Tx, table: RefTable, from: string, to: string): Promise<void> {
  // Prisma's delegates differ in type per table; the three share these columns.
  const delegate = tx[table] as unknown as {
    findMany(args: object): Promise<{ id: number; messageRef: string | null }[]>;
    update(args: object): Promise<unknown>;
  };
  const rows = await delegate.findMany({ where: { chatId: from }, select: { id: true, messageRef: true } });
  for (const row of rows) {
    const messageRef = row.messageRef === null ? null : rewriteRef(row.messageRef, from, to);
    await delegate.update({ where: { id: row.id }, data: { chatId: to, messageRef } });
  }
}

/** Every row to the old id goes to the new one; a waiting edit also names its message by the new id. */
async function moveOutboxRows(tx: Tx, from: string, to: string): Promise<void> {
  const waiting = await tx.outboxMessage.findMany({
    where: { destination: from, status: { in: ["pending", "sending"] } },
    select: { id: true, message: true },
  });
  for (const row of waiting) {
    await tx.outboxMessage.update({ where: { id: row.id }, data: { message: rewriteEnvelope(row.message, from, to) } });
  }
  await tx.outboxMessage.updateMany({ where: { destination: from }, data: { destination: to } });
}

/** Commands waiting for a direct chat, parked from the old chat, answer in the new one. */
async function movePendingActions(tx: Tx, from: string, to: string): Promise<void> {
  const rows = await tx.pendingAction.findMany({
    where: { usedAt: null, event: { contains: from } },
    select: { id: true, event: true },
  });
  for (const row of rows) {
    const event = JSON.parse(row.event) as { conversation?: { chatId?: string }; message?: { chatId?: string } };
    if (event.conversation?.chatId === from) event.conversation.chatId = to;
    if (event.message?.chatId === from) event.message.chatId = to;
    await tx.pendingAction.update({ where: { id: row.id }, data: { event: JSON.stringify(event) } });
  }
}

function rewriteRef(json: string, from: string, to: string): string {
  const ref = JSON.parse(json) as { chatId?: string };
  if (ref.chatId === from) ref.chatId = to;
  return JSON.stringify(ref);
}

function rewriteEnvelope(json: string, from: string, to: string): string {
  const envelope = JSON.parse(json) as { editOf?: { chatId?: string } };
  if (envelope.editOf?.chatId !== from) return json;
  envelope.editOf.chatId = to;
  return JSON.stringify(envelope);
}
