// Categories, contacts, requests and what hangs off them (updates,
// followers, supporters, cards, API keys). Writes that belong to a change
// take the transaction client (`client`); the service decides the
// transaction.
import type { MessageRef } from "../../core/events.js";
import type { Database, Db } from "../../storage/database.js";
import type {
  ApiKey,
  RequestCard,
  RequestFollower,
  RequestUpdate,
  ServiceRequest,
} from "../../storage/generated/sqlite/client.js";
import { qualifiedTable } from "../../storage/raw-sql.js";
import { isUniqueViolation } from "../../storage/repositories/errors.js";
import type { Tx } from "../../storage/repositories/people.js";
import { fold } from "./category-match.js";
import { formatRequestNumber } from "./numbering.js";
import { readFields, type ServiceField } from "./service-fields.js";

export type RequestRecord = ServiceRequest;
export type UpdateRecord = RequestUpdate;
export type FollowerRecord = RequestFollower;
export type ApiKeyRecord = ApiKey;

export interface CategoryRecord {
  id: number;
  communityId: string;
  code: string;
  name: string;
  keywords: string[];
  description: string | null;
  expectMinutes: number | null;
  fields: ServiceField[];
  active: boolean;
}

export interface CategoryInput {
  code: string;
  name: string;
  keywords?: string[];
  description?: string | null;
  expectMinutes?: number | null;
  fields?: ServiceField[];
}

export interface ContactRecord {
  id: number;
  communityId: string;
  name: string;
  chatId: string | null;
  email: string | null;
  categories: string[];
  active: boolean;
}

export interface ContactInput {
  name: string;
  categories: string[];
  email?: string | null;
  /** Undefined keeps the contact's chat as it is (a config file may leave it to `/setup contact add`). */
  chatId?: string | null;
}

export type SaveOutcome = "created" | "updated" | "unchanged";

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

export interface NewRequest {
  communityId: string;
  categoryId: number;
  contactId: number | null;
  description: string;
  address: string | null;
  lat: number | null;
  long: number | null;
  anonymous: boolean;
  residentPersonId: string | null;
  originChatId: string | null;
  originIdentityId: string | null;
  source: "chat" | "open311";
  createdAt: Date;
}

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

export interface RequestQuery {
  communityId: string;
  numbers?: string[];
  categoryIds?: number[];
  statuses?: string[];
  from?: Date;
  to?: Date;
  limit: number;
}

export class RequestRepository {
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  // ---- categories --------------------------------------------------------

  async categories(communityId: string, options: { includeInactive?: boolean } = {}): Promise<CategoryRecord[]> {
    const rows = await this.db.serviceCategory.findMany({
      where: { communityId, ...(options.includeInactive ? {} : { active: true }) },
      orderBy: { code: "asc" },
    });
    return rows.map(toCategory);
  }

  async category(communityId: string, code: string): Promise<CategoryRecord | undefined> {
    const row = await this.db.serviceCategory.findUnique({ where: { communityId_code: { communityId, code } } });
    return row ? toCategory(row) : undefined;
  }

  async categoryById(id: number, client: Tx = this.db): Promise<CategoryRecord | undefined> {
    const row = await client.serviceCategory.findUnique({ where: { id } });
    return row ? toCategory(row) : undefined;
  }

  /** Adds a category, or brings an existing one (even a removed one) to `input`. */
  async saveCategory(
    communityId: string,
    input: CategoryInput,
  ): Promise<{ category: CategoryRecord; outcome: SaveOutcome }> {
    const data = {
      name: input.name,
      keywords: (input.keywords ?? []).join(","),
      description: input.description ?? null,
      expectMinutes: input.expectMinutes ?? null,
      fields: JSON.stringify(input.fields ?? []),
      active: true,
    };
    const existing = await this.db.serviceCategory.findUnique({
      where: { communityId_code: { communityId, code: input.code } },
    });
    if (!existing) {
      try {
        const row = await this.db.serviceCategory.create({ data: { communityId, code: input.code, ...data } });
        return { category: toCategory(row), outcome: "created" };
      } catch (error) {
        // Two admins (or a config reload and an admin) at once: the other one created it; update it instead.
        if (!isUniqueViolation(error)) throw error;
        return this.saveCategory(communityId, input);
      }
    }
    const same = (Object.keys(data) as Array<keyof typeof data>).every((key) => existing[key] === data[key]);
    if (same) return { category: toCategory(existing), outcome: "unchanged" };
    const row = await this.db.serviceCategory.update({ where: { id: existing.id }, data });
    return { category: toCategory(row), outcome: "updated" };
  }

  /** Removed categories stay in the database: old requests still point at them. */
  async removeCategory(communityId: string, code: string): Promise<boolean> {
    const { count } = await this.db.serviceCategory.updateMany({
      where: { communityId, code, active: true },
      data: { active: false },
    });
    return count > 0;
  }

  // ---- contacts ----------------------------------------------------------

  async contacts(communityId: string, client: Tx = this.db): Promise<ContactRecord[]> {
    const rows = await client.contact.findMany({ where: { communityId, active: true }, orderBy: { id: "asc" } });
    return rows.map(toContact);
  }

  async contactById(id: number, client: Tx = this.db): Promise<ContactRecord | undefined> {
    const row = await client.contact.findUnique({ where: { id } });
    return row ? toContact(row) : undefined;
  }

  /** By name, ignoring case and accents; an active one first. */
  async contactByName(communityId: string, name: string): Promise<ContactRecord | undefined> {
    const rows = await this.db.contact.findMany({ where: { communityId }, orderBy: [{ id: "asc" }] });
    const wanted = fold(name);
    const matching = rows.filter((row) => fold(row.name) === wanted).map(toContact);
    return matching.find((c) => c.active) ?? matching[0];
  }

  /** Adds a contact, or updates the one of that name (bringing back a removed one). */
  async saveContact(
    communityId: string,
    input: ContactInput,
  ): Promise<{ contact: ContactRecord; outcome: SaveOutcome }> {
    const existing = await this.contactByName(communityId, input.name);
    const data = {
      name: input.name,
      categories: input.categories.join(","),
      email: input.email ?? null,
      active: true,
      ...(input.chatId !== undefined ? { chatId: input.chatId } : {}),
    };
    if (!existing) {
      const row = await this.db.contact.create({ data: { communityId, chatId: null, ...data } });
      return { contact: toContact(row), outcome: "created" };
    }
    const same =
      existing.name === data.name &&
      existing.categories.join(",") === data.categories &&
      existing.email === data.email &&
      existing.active &&
      (input.chatId === undefined || existing.chatId === input.chatId);
    if (same) return { contact: existing, outcome: "unchanged" };
    const row = await this.db.contact.update({ where: { id: existing.id }, data });
    return { contact: toContact(row), outcome: "updated" };
  }

  async removeContact(id: number): Promise<void> {
    await this.db.contact.update({ where: { id }, data: { active: false } });
  }

  // ---- requests ----------------------------------------------------------

  /**
   * Creates a request with the community's next public number. The increment
   * is one UPDATE: PostgreSQL holds the community row's lock until the
   * transaction commits, SQLite runs one writer at a time, so concurrent
   * filings get distinct, gap-free numbers.
   */
  async create(tx: Tx, data: NewRequest): Promise<RequestRecord> {
    const community = await tx.community.update({
      where: { id: data.communityId },
      data: { requestSequence: { increment: 1 } },
      select: { requestPrefix: true, requestSequence: true },
    });
    return tx.serviceRequest.create({
      data: {
        ...data,
        number: formatRequestNumber(community.requestPrefix, community.requestSequence),
        updatedAt: data.createdAt,
      },
    });
  }

  /** Takes the request's row lock for the rest of the transaction (changes queue up behind each other). */
  async lock(tx: Tx, id: number): Promise<RequestRecord | undefined> {
    if (this.database.provider === "postgresql") {
      const table = qualifiedTable(this.database.target, "ServiceRequest");
      await tx.$queryRawUnsafe(`SELECT "id" FROM ${table} WHERE "id" = $1 FOR UPDATE`, id);
    } else {
      // SQLite: a no-op write takes the database's write lock at the start of the transaction.
      await tx.$executeRawUnsafe(`UPDATE "ServiceRequest" SET "id" = "id" WHERE "id" = ?`, id);
    }
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

  // ---- updates -----------------------------------------------------------

  async addUpdate(tx: Tx, data: NewUpdate): Promise<UpdateRecord> {
    return tx.requestUpdate.create({
      data: {
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
      },
    });
  }

  async publicUpdates(requestId: number): Promise<UpdateRecord[]> {
    return this.db.requestUpdate.findMany({
      where: { requestId, public: true, kind: { in: PUBLIC_KINDS } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
  }

  /** Public updates of a community's requests in a period, oldest first (Open311's updates extension). */
  async publicUpdatesIn(
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

  // ---- followers and supporters -----------------------------------------

  async follow(data: { requestId: number; personId: string; identityId: string; chatId: string }): Promise<boolean> {
    try {
      await this.db.requestFollower.create({ data });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Following again from another chat moves the notices there.
      await this.db.requestFollower.update({
        where: { requestId_personId: { requestId: data.requestId, personId: data.personId } },
        data: { identityId: data.identityId, chatId: data.chatId },
      });
      return false;
    }
  }

  async unfollow(requestId: number, personId: string): Promise<boolean> {
    const { count } = await this.db.requestFollower.deleteMany({ where: { requestId, personId } });
    return count > 0;
  }

  async followers(requestId: number, client: Tx = this.db): Promise<FollowerRecord[]> {
    return client.requestFollower.findMany({ where: { requestId }, orderBy: { createdAt: "asc" } });
  }

  /** Records one person's support; the new count, or undefined if they had already given it. */
  async support(tx: Tx, requestId: number, personId: string, at: Date): Promise<number | undefined> {
    const existing = await tx.requestSupport.findUnique({
      where: { requestId_personId: { requestId, personId } },
    });
    if (existing) return undefined;
    await tx.requestSupport.create({ data: { requestId, personId, createdAt: at } });
    const request = await tx.serviceRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: { updatedAt: true },
    });
    const row = await tx.serviceRequest.update({
      where: { id: requestId },
      // Support is not a change of the request: its updatedAt (Open311's updated_datetime) stays.
      data: { supportCount: { increment: 1 }, updatedAt: request.updatedAt },
      select: { supportCount: true },
    });
    return row.supportCount;
  }

  // ---- cards -------------------------------------------------------------

  async addCard(
    tx: Tx,
    data: { requestId: number; chatId: string; outboxId: number; kind: CardKind; createdAt: Date },
  ): Promise<number> {
    return (await tx.requestCard.create({ data, select: { id: true } })).id;
  }

  async cards(requestId: number): Promise<CardRecord[]> {
    const rows = await this.db.requestCard.findMany({ where: { requestId }, orderBy: { id: "asc" } });
    return rows.map(toCard);
  }

  async card(id: number): Promise<CardRecord | undefined> {
    const row = await this.db.requestCard.findUnique({ where: { id } });
    return row ? toCard(row) : undefined;
  }

  async setCardRef(id: number, ref: MessageRef): Promise<void> {
    await this.db.requestCard.update({ where: { id }, data: { messageRef: JSON.stringify(ref) } });
  }

  // ---- API keys ----------------------------------------------------------

  async createKey(data: { communityId: string; keyHash: string; label: string | null; createdByPersonId: string }) {
    return this.db.apiKey.create({ data });
  }

  async keyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.apiKey.findUnique({ where: { keyHash } });
    return row && !row.revokedAt ? row : undefined;
  }

  async keys(communityId: string): Promise<ApiKeyRecord[]> {
    return this.db.apiKey.findMany({ where: { communityId, revokedAt: null }, orderBy: { id: "asc" } });
  }

  async revokeKey(communityId: string, id: number, at: Date): Promise<boolean> {
    const { count } = await this.db.apiKey.updateMany({
      where: { id, communityId, revokedAt: null },
      data: { revokedAt: at },
    });
    return count > 0;
  }

  // ---- communities -------------------------------------------------------

  async communityIds(): Promise<string[]> {
    return (await this.db.community.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } })).map((c) => c.id);
  }

  async requestPrefix(communityId: string): Promise<string> {
    const row = await this.db.community.findUnique({ where: { id: communityId }, select: { requestPrefix: true } });
    return row?.requestPrefix ?? "K";
  }

  async setRequestPrefix(communityId: string, prefix: string): Promise<boolean> {
    const row = await this.db.community.findUnique({ where: { id: communityId }, select: { requestPrefix: true } });
    if (!row || row.requestPrefix === prefix) return false;
    await this.db.community.update({ where: { id: communityId }, data: { requestPrefix: prefix } });
    return true;
  }
}

function toCategory(row: {
  id: number;
  communityId: string;
  code: string;
  name: string;
  keywords: string;
  description: string | null;
  expectMinutes: number | null;
  fields: string;
  active: boolean;
}): CategoryRecord {
  return {
    id: row.id,
    communityId: row.communityId,
    code: row.code,
    name: row.name,
    keywords: row.keywords.split(",").filter(Boolean),
    description: row.description,
    expectMinutes: row.expectMinutes,
    fields: readFields(row.fields),
    active: row.active,
  };
}

function toContact(row: {
  id: number;
  communityId: string;
  name: string;
  chatId: string | null;
  email: string | null;
  categories: string;
  active: boolean;
}): ContactRecord {
  return {
    id: row.id,
    communityId: row.communityId,
    name: row.name,
    chatId: row.chatId,
    email: row.email,
    categories: row.categories.split(",").filter(Boolean),
    active: row.active,
  };
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
