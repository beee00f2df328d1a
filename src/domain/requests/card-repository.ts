// A request's cards: its message in a contact's or the admins' chat, posted
// through the outbox and edited to each new state.
import type { MessageRef } from "../../core/events.js";
import type { Db } from "../../storage/database.js";
import type { RequestCard } from "../../storage/generated/sqlite/client.js";
import type { Tx } from "../../storage/repositories/people.js";

export interface CardRecord {
  id: number;
  requestId: number;
  chatId: string;
  ref: MessageRef | undefined;
  outboxId: number | null;
  /** A contact's card, or the admins' copy (unrouted, or escalated by the SLA). */
  kind: CardKind;
}

export type CardKind = "contact" | "admins";

export class CardRepository {
  constructor(private readonly db: Db) {}

  async add(
    tx: Tx,
    data: { requestId: number; chatId: string; outboxId: number; kind: CardKind; createdAt: Date },
  ): Promise<number> {
    return (await tx.requestCard.create({ data, select: { id: true } })).id;
  }

  async ofRequest(requestId: number, client: Tx = this.db): Promise<CardRecord[]> {
    const rows = await client.requestCard.findMany({ where: { requestId }, orderBy: { id: "asc" } });
    return rows.map(toCard);
  }

  async find(id: number): Promise<CardRecord | undefined> {
    const row = await this.db.requestCard.findUnique({ where: { id } });
    return row ? toCard(row) : undefined;
  }

  async setRef(id: number, ref: MessageRef, client: Tx = this.db): Promise<void> {
    await client.requestCard.update({ where: { id }, data: { messageRef: JSON.stringify(ref) } });
  }
}

function toCard(row: RequestCard): CardRecord {
  return {
    kind: row.kind === "admins" ? "admins" : "contact",
    id: row.id,
    requestId: row.requestId,
    chatId: row.chatId,
    ref: row.messageRef ? (JSON.parse(row.messageRef) as MessageRef) : undefined,
    outboxId: row.outboxId,
  };
}
