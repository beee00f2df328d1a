// People and their platform identities. One person may have identities on
// several platforms, joined by `/link`.
import type { Database, Db } from "../database.js";
import { timeOf } from "../direct-sql.js";

export interface PersonRecord {
  id: string;
  displayName: string;
  locale: string | null;
}

export interface IdentityRecord {
  id: string;
  platform: string;
  personId: string;
  displayName: string;
  handle: string | null;
  directChatId: string | null;
}

/** Transaction client, for features that must move their rows when people merge. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
/** Features that store person ids register one of these, so `/link` keeps their data. */
export type PersonMergeHook = (tx: Tx, keepId: string, dropId: string) => Promise<void>;

export class People {
  private readonly mergeHooks: PersonMergeHook[] = [];
  private readonly db: Db;

  constructor(private readonly database: Database) {
    this.db = database.db;
  }

  onMerge(hook: PersonMergeHook): void {
    this.mergeHooks.push(hook);
  }

  /**
   * An identity and its person in one statement (Prisma's `include` sends a
   * second query for the person).
   */
  private async identityWithPerson(
    identityId: string,
  ): Promise<(IdentityRecord & { lastSeenAt: Date; person: PersonRecord }) | undefined> {
    const { table, param } = this.database.direct.dialect;
    const rows = await this.database.direct.query<
      IdentityRecord & { lastSeenAt: unknown; locale: string | null; personName: string }
    >(
      `SELECT i."id", i."platform", i."personId", i."displayName", i."handle", i."directChatId", i."lastSeenAt",
              p."displayName" AS "personName", p."locale"
         FROM ${table("Identity")} i JOIN ${table("Person")} p ON p."id" = i."personId"
        WHERE i."id" = ${param(1)}`,
      [identityId],
    );
    const row = rows[0];
    if (!row) return undefined;
    const { personName, locale, lastSeenAt, ...identity } = row;
    return {
      ...identity,
      lastSeenAt: timeOf(lastSeenAt),
      person: { id: row.personId, displayName: personName, locale },
    };
  }

  /** The person behind an identity, in one statement; undefined for an identity never seen. Read-only. */
  async personOf(identityId: string): Promise<PersonRecord | undefined> {
    return (await this.identityWithPerson(identityId))?.person;
  }

  async find(personId: string): Promise<PersonRecord | undefined> {
    return (await this.db.person.findUnique({ where: { id: personId } })) ?? undefined;
  }

  async identity(identityId: string): Promise<IdentityRecord | undefined> {
    return (await this.db.identity.findUnique({ where: { id: identityId } })) ?? undefined;
  }

  async identitiesOf(personId: string): Promise<IdentityRecord[]> {
    return this.db.identity.findMany({ where: { personId }, orderBy: { lastSeenAt: "desc" } });
  }

  async setLocale(personId: string, locale: string | null): Promise<void> {
    await this.db.person.update({ where: { id: personId }, data: { locale } });
  }

  async setDirectChat(identityId: string, chatId: string): Promise<void> {
    await this.db.identity.updateMany({ where: { id: identityId }, data: { directChatId: chatId } });
  }

  /**
   * Joins two people into one: identities move to `keepId`, then every
   * feature's hook moves its rows (memberships are the communities
   * feature's), all in one transaction; `dropId` is deleted.
   */
  async merge(keepId: string, dropId: string): Promise<void> {
    if (keepId === dropId) return;
    await this.db.$transaction(async (tx) => {
      await tx.identity.updateMany({ where: { personId: dropId }, data: { personId: keepId } });
      for (const hook of this.mergeHooks) await hook(tx, keepId, dropId);
      await tx.oneTimeCode.updateMany({ where: { personId: dropId }, data: { personId: keepId } });
      const keep = await tx.person.findUniqueOrThrow({ where: { id: keepId } });
      const drop = await tx.person.findUniqueOrThrow({ where: { id: dropId } });
      if (!keep.locale && drop.locale) await tx.person.update({ where: { id: keepId }, data: { locale: drop.locale } });
      await tx.person.delete({ where: { id: dropId } });
    });
  }
}
