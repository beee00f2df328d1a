// A request's cards: its message in a contact's or the admins' chat, posted
// through the outbox and edited to each new state.
import type { MessageRef } from "../../core/events.js";
import type { Database, Db } from "../../storage/database.js";
import type { RequestCard } from "../../storage/generated/sqlite/client.js";
import { type AnyTx, runnerOf } from "../../storage/prisma-sql-runner.js";
import { dialectOf, type SqlDialect } from "../../storage/raw-sql.js";
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
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /** Plain SQL: every routed request writes one (issue 16). */
  async add(
    tx: AnyTx,
    data: { requestId: number; chatId: string; outboxId: number; kind: CardKind; createdAt: Date },
  ): Promise<number> {
    const { table, param } = this.sql;
    const [row] = await runnerOf(tx).query<{ id: number | bigint }>(
      `INSERT INTO ${table("RequestCard")} ("requestId", "chatId", "outboxId", "kind", "createdAt")
       VALUES (${param(1)}, ${param(2)}, ${param(3)}, ${param(4)}, ${param(5)}) RETURNING "id"`,
      [data.requestId, data.chatId, data.outboxId, data.kind, data.createdAt],
    );
    if (!row) throw new Error("the request card was not written");
    return Number(row.id);
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
