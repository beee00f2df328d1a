// A request's history: every change, reply and +1 as a RequestUpdate; the
// public ones are what residents and Open311 see.
import type { Database, Db } from "../../storage/database.js";
import type { RequestUpdate } from "../../storage/generated/sqlite/client.js";
import { type AnyTx, runnerOf } from "../../storage/prisma-sql-runner.js";
import { dialectOf, insertReturningId, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { RequestRecord } from "./service-request-repository.js";

export type UpdateRecord = RequestUpdate;

export interface NewUpdate {
  requestId: number;
  actorPersonId: string | null;
  kind: UpdateKind;
  fromStatus?: string | null;
  toStatus?: string | null;
  fromSubStatus?: string | null;
  toSubStatus?: string | null;
  text?: string | null;
  public?: boolean;
  createdAt: Date;
}

/**
 * status: a state change by an official (or the resident's reopen);
 * comment: a public reply; reassign: moved to another contact;
 * volunteers: fixed by volunteers (the task was done); task: volunteers took it on (text "#<task id>");
 * support: a +1 (not public), or with text "reminder" the contact was reminded.
 */
export type UpdateKind = "status" | "comment" | "reassign" | "volunteers" | "task" | "support";
export const PUBLIC_KINDS: UpdateKind[] = ["status", "comment", "reassign", "volunteers", "task"];

export class UpdateRepository {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /** Plain SQL: every filed request and every change writes one (issue 16). The row is what was written, and its id. */
  async add(tx: AnyTx, data: NewUpdate): Promise<UpdateRecord> {
    const row = {
      requestId: data.requestId,
      actorPersonId: data.actorPersonId,
      kind: data.kind,
      fromStatus: data.fromStatus ?? null,
      toStatus: data.toStatus ?? null,
      fromSubStatus: data.fromSubStatus ?? null,
      toSubStatus: data.toSubStatus ?? null,
      text: data.text ?? null,
      public: data.public ?? true,
      createdAt: data.createdAt,
    };
    const [statement, values] = insertReturningId(this.sql, "RequestUpdate", row);
    const [inserted] = await runnerOf(tx).query<{ id: number | bigint }>(statement, values);
    if (!inserted) throw new Error("the request update was not written");
    return { id: Number(inserted.id), ...row };
  }

  async publicOf(requestId: number): Promise<UpdateRecord[]> {
    return this.db.requestUpdate.findMany({
      where: { requestId, public: true, kind: { in: PUBLIC_KINDS } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  }

  /** Public updates of a community's requests in a period, oldest first (Open311's updates extension). */
  async publicIn(
    communityId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<Array<UpdateRecord & { request: RequestRecord }>> {
    // Every change moves its request's updatedAt, so the requests touched since `from` hold every update wanted.
    const requests = await this.db.serviceRequest.findMany({ where: { communityId, updatedAt: { gte: from } } });
    if (requests.length === 0) return [];
    const byId = new Map(requests.map((r) => [r.id, r]));
    const rows = await this.db.requestUpdate.findMany({
      where: {
        requestId: { in: [...byId.keys()] },
        public: true,
        kind: { in: PUBLIC_KINDS },
        createdAt: { gte: from, lte: to },
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: limit,
    });
    return rows.map((row) => ({ ...row, request: byId.get(row.requestId)! }));
  }

  /** When the request's state last changed (its filing counts). */
  async lastStatusChangeAt(request: RequestRecord, client: Tx = this.db): Promise<Date> {
    const last = await client.requestUpdate.findFirst({
      where: { requestId: request.id, kind: { in: ["status", "volunteers", "reassign"] } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    return last && last.createdAt > request.createdAt ? last.createdAt : request.createdAt;
  }

  async remindedSince(requestId: number, since: Date, client: Tx = this.db): Promise<boolean> {
    const row = await client.requestUpdate.findFirst({
      where: { requestId, kind: "support", text: "reminder", createdAt: { gte: since } },
      select: { id: true },
    });
    return row !== null;
  }
}
