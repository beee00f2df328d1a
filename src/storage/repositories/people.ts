// People and their platform identities. One person may have identities on
// several platforms, joined by `/link`.
import type { Author } from "../../core/events.js";
import type { Db } from "../database.js";
import { isUniqueViolation } from "./errors.js";

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

  constructor(private readonly db: Db) {}

  onMerge(hook: PersonMergeHook): void {
    this.mergeHooks.push(hook);
  }

  /** The person behind a platform author, created on first sight. */
  async resolve(
    author: Author,
    platform: string,
    now: Date,
  ): Promise<{ person: PersonRecord; identity: IdentityRecord }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const existing = await this.db.identity.findUnique({ where: { id: author.id }, include: { person: true } });
      if (existing) {
        const { person, ...identity } = existing;
        const changed = identity.displayName !== author.name || (author.handle ?? null) !== identity.handle;
        // Touch the row at most once a minute: a busy poll should not write per vote.
        if (changed || now.getTime() - existing.lastSeenAt.getTime() > 60_000) {
          await this.db.identity.update({
            where: { id: author.id },
            data: { displayName: author.name, handle: author.handle ?? null, lastSeenAt: now },
          });
          identity.displayName = author.name;
          identity.handle = author.handle ?? null;
        }
        return { person, identity };
      }
      try {
        const created = await this.db.identity.create({
          data: {
            id: author.id,
            platform,
            displayName: author.name,
            handle: author.handle ?? null,
            lastSeenAt: now,
            person: { create: { displayName: author.name } },
          },
          include: { person: true },
        });
        const { person, ...identity } = created;
        return { person, identity };
      } catch (error) {
        // Two first events of one user at once: the other created it; read again.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error(`could not resolve identity ${author.id}`);
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
