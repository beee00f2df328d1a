// People and their platform identities. One person may have identities on
// several platforms, joined by `/link`.
import type { Author } from "../../core/events.js";
import { newCuid } from "../cuid.js";
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

  /** The person behind a platform author, created on first sight (`created`: just now, so they belong nowhere yet). */
  async resolve(
    author: Author,
    platform: string,
    now: Date,
  ): Promise<{ person: PersonRecord; identity: IdentityRecord; created?: true }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.identityWithPerson(author.id);
      if (existing) {
        const { person, lastSeenAt, ...identity } = existing;
        const changed = identity.displayName !== author.name || (author.handle ?? null) !== identity.handle;
        // Touch the row at most once a minute: a busy poll should not write per vote.
        if (changed || now.getTime() - lastSeenAt.getTime() > 60_000) {
          await this.db.identity.update({
            where: { id: author.id },
            data: { displayName: author.name, handle: author.handle ?? null, lastSeenAt: now },
          });
          identity.displayName = author.name;
          identity.handle = author.handle ?? null;
        }
        return { person, identity };
      }
      const made = await this.create(author, platform, now);
      if (made) return made;
      // Two first events of one user at once: the other created it; read again.
    }
    throw new Error(`could not resolve identity ${author.id}`);
  }

  /**
   * A person and their first identity, atomically (on every new voter of a
   * burst, so straight to the driver): one statement on PostgreSQL, two
   * inserts in one transaction on SQLite. None when another event of the
   * same user made the identity first.
   */
  private async create(
    author: Author,
    platform: string,
    now: Date,
  ): Promise<{ person: PersonRecord; identity: IdentityRecord; created: true } | undefined> {
    const { table, param } = this.database.direct.dialect;
    const person: PersonRecord = { id: newCuid(), displayName: author.name, locale: null };
    const identity: IdentityRecord = {
      id: author.id,
      platform,
      personId: person.id,
      displayName: author.name,
      handle: author.handle ?? null,
      directChatId: null,
    };
    const insertIdentity = `INSERT INTO ${table("Identity")} ("id", "platform", "personId", "displayName", "handle", "createdAt", "lastSeenAt")
       VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(", ")}) ON CONFLICT ("id") DO NOTHING`;
    // createdAt as Prisma's @default(now()) writes it: the wall clock, not the injected one.
    const createdAt = new Date();
    const identityRow = [identity.id, platform, person.id, author.name, identity.handle, createdAt, now];
    if (this.database.provider === "postgresql") {
      // One statement, so atomic without a transaction: the person only if
      // the identity was new (its foreign key is checked at the statement's end).
      const made = await this.database.direct.execute(
        `WITH made AS (${insertIdentity} RETURNING "personId")
         INSERT INTO ${table("Person")} ("id", "displayName", "createdAt")
         SELECT "personId", ${param(4)}, ${param(6)} FROM made`,
        identityRow,
      );
      return made === 1 ? { person, identity, created: true } : undefined;
    }
    try {
      await this.database.direct.transaction(async (tx) => {
        await tx.execute(
          `INSERT INTO ${table("Person")} ("id", "displayName", "createdAt") VALUES (${param(1)}, ${param(2)}, ${param(3)})`,
          [person.id, person.displayName, createdAt],
        );
        // Rolls the person back with it: nobody would ever reach them.
        if ((await tx.execute(insertIdentity, identityRow)) !== 1) throw new IdentityMadeMeanwhile();
      });
    } catch (error) {
      if (error instanceof IdentityMadeMeanwhile) return undefined;
      throw error;
    }
    return { person, identity, created: true };
  }

  /**
   * An identity and its person in one statement, read on every event (Prisma's
   * `include` sends a second query for the person).
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

/** Thrown inside the creating transaction to roll it back (see People.create). */
class IdentityMadeMeanwhile extends Error {}
