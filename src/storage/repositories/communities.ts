// Communities and memberships.
import type { Role } from "../../core/roles.js";
import { isRole } from "../../core/roles.js";
import { newCuid } from "../cuid.js";
import type { Database, Db } from "../database.js";
import type { DirectSql } from "../direct-sql.js";
import { TtlCache } from "../ttl-cache.js";
import type { IdentityRecord, Tx } from "./people.js";

export interface CommunityRecord {
  id: string;
  name: string;
  timezone: string;
  locale: string;
}

export interface MemberRecord {
  personId: string;
  displayName: string;
  role: Role;
  identities: IdentityRecord[];
}

export class Communities {
  /** Read on every event in a linked chat; another instance's change shows within a few seconds. */
  private readonly cache = new TtlCache<string, CommunityRecord>(5_000);

  private readonly db: Db;
  private readonly direct: DirectSql;

  constructor(
    database: Database,
    /** Told when a chat's row changes here, so its cached copy goes. */
    private readonly onChatChanged: (chatId: string) => void = () => {},
  ) {
    this.db = database.db;
    this.direct = database.direct;
  }

  /** Creates a community whose home is `chatId`, with `adminPersonId` as its first admin. */
  async create(
    input: {
      name: string;
      timezone: string;
      locale: string;
      chatId: string;
      adminPersonId: string;
    },
    effects?: (tx: Tx, community: CommunityRecord) => Promise<void>,
  ): Promise<CommunityRecord> {
    return this.db
      .$transaction(async (tx) => {
        const community = await tx.community.create({
          data: { name: input.name, timezone: input.timezone, locale: input.locale },
        });
        await tx.chat.update({ where: { id: input.chatId }, data: { communityId: community.id, role: "community" } });
        await tx.membership.create({
          data: { communityId: community.id, personId: input.adminPersonId, role: "admin" },
        });
        if (effects) await effects(tx, community);
        return community;
      })
      .finally(() => this.onChatChanged(input.chatId));
  }

  async find(id: string): Promise<CommunityRecord | undefined> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    // Only the record's own fields are kept: features update other columns
    // (request numbers, reminder times) directly, and read them directly.
    const row = await this.db.community.findUnique({
      where: { id },
      select: { id: true, name: true, timezone: true, locale: true },
    });
    return row ? this.cache.set(id, row) : undefined;
  }

  async update(
    id: string,
    data: Partial<Pick<CommunityRecord, "name" | "timezone" | "locale">>,
    client: Tx = this.db,
  ): Promise<void> {
    this.cache.delete(id);
    await client.community.update({ where: { id }, data });
  }

  /** Forget a cached row changed elsewhere in this process. */
  forget(id: string): void {
    this.cache.delete(id);
  }

  async roleOf(communityId: string, personId: string): Promise<Role | undefined> {
    const membership = await this.db.membership.findUnique({
      where: { communityId_personId: { communityId, personId } },
    });
    return membership && isRole(membership.role) ? membership.role : undefined;
  }

  /** Every community's id, oldest first. */
  async ids(): Promise<string[]> {
    const rows = await this.db.community.findMany({ select: { id: true }, orderBy: { createdAt: "asc" } });
    return rows.map((row) => row.id);
  }

  /** The ids of the communities a person belongs to. */
  async ofMember(personId: string): Promise<string[]> {
    const rows = await this.db.membership.findMany({ where: { personId }, select: { communityId: true } });
    return rows.map((row) => row.communityId);
  }

  /** The person's communities, by name: a direct chat's personal commands choose from these. */
  async membershipsOf(personId: string): Promise<Array<{ community: CommunityRecord }>> {
    const rows = await this.db.membership.findMany({
      where: { personId },
      include: { community: true },
      orderBy: { community: { name: "asc" } },
    });
    return rows.map((row) => ({ community: row.community }));
  }

  /** Everyone who speaks in a linked chat is a member; returns their role. */
  async ensureMember(
    communityId: string,
    personId: string,
    client?: Tx,
    /** Known to be no member (just looked, or a person made just now): no need to look first. */
    { absent = false }: { absent?: boolean } = {},
  ): Promise<Role> {
    const where = { communityId_personId: { communityId, personId } };
    if (client) {
      // Inside a transaction a failed insert would abort it on PostgreSQL: Prisma's upsert copes.
      const membership = await client.membership.upsert({
        where,
        create: { communityId, personId, role: "member" },
        update: {},
        select: { role: true },
      });
      return isRole(membership.role) ? membership.role : "member";
    }
    // Read first, insert only on a miss: Prisma emulates upsert with a
    // transaction of three to four statements, on every event of a known
    // member; this is one read for them, two statements for a newcomer (one
    // when known absent). Plain SQL: both run on every event.
    if (!absent) {
      const role = await this.roleRow(communityId, personId);
      if (role !== undefined) return isRole(role) ? role : "member";
    }
    const { table, param } = this.direct.dialect;
    const now = new Date();
    const inserted = await this.direct.execute(
      `INSERT INTO ${table("Membership")} ("id", "communityId", "personId", "role", "remindersOff", "createdAt", "updatedAt")
       VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(", ")})
       ON CONFLICT ("communityId", "personId") DO NOTHING`,
      [newCuid(), communityId, personId, "member", false, now, now],
    );
    if (inserted === 1) return "member";
    // Their first two events at once: the other one made the membership; read its role.
    const role = await this.roleRow(communityId, personId);
    if (role === undefined) throw new Error(`could not ensure membership of ${personId} in ${communityId}`);
    return isRole(role) ? role : "member";
  }

  /** The membership's role as stored, read on every event: plain SQL (see dialectOf). */
  private async roleRow(communityId: string, personId: string): Promise<string | undefined> {
    const { table, param } = this.direct.dialect;
    const rows = await this.direct.query<{ role: string }>(
      `SELECT "role" FROM ${table("Membership")} WHERE "communityId" = ${param(1)} AND "personId" = ${param(2)}`,
      [communityId, personId],
    );
    return rows[0]?.role;
  }

  async setRole(communityId: string, personId: string, role: Role): Promise<void> {
    await this.db.membership.upsert({
      where: { communityId_personId: { communityId, personId } },
      create: { communityId, personId, role },
      update: { role },
    });
  }

  async members(communityId: string, roles?: Role[]): Promise<MemberRecord[]> {
    const rows = await this.db.membership.findMany({
      where: { communityId, ...(roles ? { role: { in: roles } } : {}) },
      include: { person: { include: { identities: true } } },
      orderBy: { createdAt: "asc" },
    });
    return rows.map((row) => ({
      personId: row.personId,
      displayName: row.person.displayName,
      role: isRole(row.role) ? row.role : "member",
      identities: row.person.identities,
    }));
  }
}
