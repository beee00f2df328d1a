// The requests themselves: filed with the community's next public number,
// changed one at a time under their row lock, found and searched. Writes
// that belong to a change take the transaction client; the service decides
// the transaction.
import type { Database, Db } from "../../storage/database.js";
import type { Community, ServiceRequest } from "../../storage/generated/sqlite/client.js";
import { type AnyTx, runnerOf } from "../../storage/prisma-sql-runner.js";
import { dialectOf, insertReturningId, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import { lockRow } from "../../storage/row-lock.js";
import { formatRequestNumber } from "./numbering.js";

export type RequestRecord = ServiceRequest;

/** The community as a new request's card and receipt show it. */
export type FilingCommunity = Pick<Community, "name" | "timezone" | "locale">;

export interface NewRequest {
  communityId: string;
  categoryId: number;
  contactId: number | null;
  description: string;
  address: string | null;
  /** A shared venue's name. */
  placeName?: string | null;
  lat: number | null;
  long: number | null;
  /** Open311 address_id, kept as posted. */
  addressId?: string | null;
  /** A photo's URL (Open311 media_url). */
  mediaUrl?: string | null;
  anonymous: boolean;
  residentPersonId: string | null;
  originChatId: string | null;
  originIdentityId: string | null;
  source: "chat" | "open311";
  createdAt: Date;
}

export interface RequestQuery {
  communityId: string;
  numbers?: string[];
  categoryIds?: number[];
  statuses?: string[];
  from?: Date;
  to?: Date;
  limit: number;
}

type NumberRow = FilingCommunity & { requestPrefix: string; requestSequence: number | bigint | string };

/** A public number taken for a request about to be filed, with what the filing shows of its community. */
export interface TakenNumber {
  number: string;
  community: FilingCommunity;
}

export class ServiceRequestRepository {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(private readonly database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /**
   * The community's next public number, and what the request's card and
   * receipt show of the community (name, zone, language), in one UPDATE.
   * On PostgreSQL it is taken before the filing's transaction (numberAhead):
   * taken inside, the community row's lock would be held until that
   * transaction commits, and a community's filings would go one at a time (at
   * 100 requests a second they queued for seconds, issue 16). Numbers are
   * then unique and increasing, and a filing that is refused or fails after
   * taking one leaves a gap. SQLite runs one writer at a time anyway, so
   * there the number is taken inside the transaction and has no gaps.
   */
  async numberAhead(communityId: string): Promise<TakenNumber | undefined> {
    if (this.database.provider !== "postgresql") return undefined;
    // On its own, straight to the driver (issue 16).
    return this.takeNumber(communityId, (sql, id) => this.database.direct.query<NumberRow>(sql, [id]));
  }

  private async takeNumber(
    communityId: string,
    run: (sql: string, communityId: string) => Promise<NumberRow[]>,
  ): Promise<TakenNumber> {
    // Plain SQL, both statements: every filed request runs them (issue 16).
    const { table, param } = this.sql;
    const [community] = await run(
      `UPDATE ${table("Community")} SET "requestSequence" = "requestSequence" + 1 WHERE "id" = ${param(1)}
       RETURNING "requestPrefix", "requestSequence", "name", "timezone", "locale"`,
      communityId,
    );
    if (!community) throw new Error(`community ${communityId} not found`);
    const { requestPrefix, requestSequence, ...shown } = community;
    return { number: formatRequestNumber(requestPrefix, Number(requestSequence)), community: shown };
  }

  /** Creates a request with the number taken ahead, or the community's next one. */
  async create(
    tx: AnyTx,
    data: NewRequest,
    ahead?: TakenNumber,
  ): Promise<{ request: RequestRecord; community: FilingCommunity }> {
    const run = runnerOf(tx);
    const { number, community } =
      ahead ?? (await this.takeNumber(data.communityId, (sql, id) => run.query<NumberRow>(sql, [id])));
    const row: Omit<RequestRecord, "id"> = {
      communityId: data.communityId,
      number,
      categoryId: data.categoryId,
      contactId: data.contactId,
      description: data.description,
      address: data.address,
      placeName: data.placeName ?? null,
      lat: data.lat,
      long: data.long,
      addressId: data.addressId ?? null,
      mediaUrl: data.mediaUrl ?? null,
      status: "open",
      subStatus: null,
      anonymous: data.anonymous,
      residentPersonId: data.residentPersonId,
      originChatId: data.originChatId,
      originIdentityId: data.originIdentityId,
      source: data.source,
      supportCount: 0,
      overdueLevel: 0,
      taskId: null,
      acknowledgedAt: null,
      fixedAt: null,
      closedAt: null,
      createdAt: data.createdAt,
      updatedAt: data.createdAt,
    };
    const [statement, values] = insertReturningId(this.sql, "ServiceRequest", row);
    const [inserted] = await run.query<{ id: number | bigint }>(statement, values);
    if (!inserted) throw new Error("the request was not written");
    return { request: { id: Number(inserted.id), ...row }, community };
  }

  /** Takes the request's row lock for the rest of the transaction (changes queue up behind each other). */
  async lock(tx: Tx, id: number): Promise<RequestRecord | undefined> {
    await lockRow(this.database, tx, { table: "ServiceRequest", id, read: "id", mode: "FOR UPDATE" });
    return (await tx.serviceRequest.findUnique({ where: { id } })) ?? undefined;
  }

  async update(tx: Tx, id: number, data: Partial<Omit<RequestRecord, "id" | "number">>): Promise<RequestRecord> {
    return tx.serviceRequest.update({ where: { id }, data });
  }

  async find(id: number): Promise<RequestRecord | undefined> {
    return (await this.db.serviceRequest.findUnique({ where: { id } })) ?? undefined;
  }

  async findByNumber(communityId: string, number: string): Promise<RequestRecord | undefined> {
    return (
      (await this.db.serviceRequest.findUnique({ where: { communityId_number: { communityId, number } } })) ?? undefined
    );
  }

  /** The person's own requests, newest first. */
  async mine(personId: string, communityId: string | undefined, limit: number): Promise<RequestRecord[]> {
    return this.db.serviceRequest.findMany({
      where: { residentPersonId: personId, ...(communityId ? { communityId } : {}) },
      orderBy: { id: "desc" },
      take: limit,
    });
  }

  /** The person's newest open request filed in this chat since `since` that has no place yet (a location shared next places it). */
  async placelessSince(personId: string, chatId: string, since: Date, client: Tx = this.db) {
    return (
      (await client.serviceRequest.findFirst({
        where: {
          residentPersonId: personId,
          originChatId: chatId,
          status: "open",
          lat: null,
          createdAt: { gte: since },
        },
        orderBy: { id: "desc" },
      })) ?? undefined
    );
  }

  /** The community's open requests that have a place, newest first (at most `take`). */
  async openPlaced(communityId: string, take: number): Promise<RequestRecord[]> {
    return this.db.serviceRequest.findMany({
      where: { communityId, status: "open", lat: { not: null }, long: { not: null } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take,
    });
  }

  /** One page of the community's open requests, newest first, and how many there are in all. */
  async openPage(
    communityId: string,
    skip: number,
    take: number,
  ): Promise<{ requests: RequestRecord[]; total: number }> {
    const where = { communityId, status: "open" };
    const [requests, total] = await Promise.all([
      this.db.serviceRequest.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip, take }),
      this.db.serviceRequest.count({ where }),
    ]);
    return { requests, total };
  }

  /** Open requests handled by these contacts: overdue first (the most escalated), then oldest first. */
  async queueOf(contactIds: number[], take: number): Promise<RequestRecord[]> {
    return this.db.serviceRequest.findMany({
      where: { contactId: { in: contactIds }, status: "open" },
      orderBy: [{ overdueLevel: "desc" }, { createdAt: "asc" }, { id: "asc" }],
      take,
    });
  }

  async search(query: RequestQuery): Promise<RequestRecord[]> {
    return this.db.serviceRequest.findMany({
      where: {
        communityId: query.communityId,
        ...(query.numbers ? { number: { in: query.numbers } } : {}),
        ...(query.categoryIds ? { categoryId: { in: query.categoryIds } } : {}),
        ...(query.statuses ? { status: { in: query.statuses } } : {}),
        ...(query.from || query.to
          ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lte: query.to } : {}) } }
          : {}),
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit,
    });
  }

  /** Open requests in the community that went to the admins or to a given contact (for /setup contact list). */
  async countOpenByContact(communityId: string): Promise<Map<number | null, number>> {
    const rows = await this.db.serviceRequest.groupBy({
      by: ["contactId"],
      where: { communityId, status: "open" },
      _count: { _all: true },
    });
    return new Map(rows.map((row) => [row.contactId, row._count._all]));
  }
}
