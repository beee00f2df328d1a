// Who spoke, on every event: the person behind a platform author and their
// role in the chat's community. A known member costs one statement (the
// identity, its person and the membership read together). A newcomer's
// identity, person and membership are made together: on PostgreSQL in the
// same one statement that looked for them, on SQLite in a transaction after
// the look, shared by the newcomers that come while one runs (SQLite has
// one writer, and a transaction's commit is most of a newcomer's cost).
// Each PostgreSQL statement is a socket write and a round trip, the largest
// cost of a PostgreSQL burst (issue 16).
import type { Author } from "../../core/events.js";
import { commitEachAlone, GroupCommit, type Settled } from "../../core/group-commit.js";
import { isRole, type Role } from "../../core/roles.js";
import { newCuid } from "../cuid.js";
import type { Database } from "../database.js";
import { type SqlRunner, type SqlValue, timeOf } from "../direct-sql.js";
import { isStorageOutage } from "../storage-outage.js";
import type { Communities } from "./communities.js";
import type { IdentityRecord, PersonRecord } from "./people.js";

export interface Participant {
  person: PersonRecord;
  identity: IdentityRecord;
  /** Their role in the community asked about; none when none was. */
  role?: Role;
  /** Made just now. */
  created?: true;
}

interface ParticipantRow extends IdentityRecord {
  lastSeenAt: unknown;
  personName: string;
  locale: string | null;
  role: string | null;
  created: boolean | number;
}

/** A seen identity's row is touched at most this often: a busy poll should not write per vote. */
const TOUCH_EVERY_MS = 60_000;

/** Newcomers made in one SQLite transaction, at most. */
const MAX_NEWCOMERS_PER_TRANSACTION = 100;

/** A newcomer to make (SQLite), with the community to make them a member of. */
interface ToMake {
  made: Newcomer;
  communityId: string | undefined;
}

export class Participants {
  /** SQLite's newcomers: those that come while a transaction makes others go together in the next. */
  private readonly newcomers = new GroupCommit<"newcomers", ToMake, ParticipantRow | undefined>({
    concurrency: 1,
    maxBatch: MAX_NEWCOMERS_PER_TRANSACTION,
    commit: (_all, batch) => this.makeAll(batch),
  });

  constructor(
    private readonly database: Database,
    private readonly communities: Communities,
  ) {}

  /** The person behind `author`, created on first sight, and (given a community) their role in it, made a member on first sight. */
  async resolve(author: Author, platform: string, now: Date, communityId: string | undefined): Promise<Participant> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const made = newcomer(author, platform, now);
      const row =
        this.database.provider === "postgresql"
          ? await this.findOrMake(made, communityId)
          : ((await this.find(author.id, communityId)) ??
            (await this.newcomers.submit("newcomers", { made, communityId })));
      if (row) return this.participant(row, author, now, communityId);
      // Two first events of one user at once: the other made them; look again.
    }
    throw new Error(`could not resolve identity ${author.id}`);
  }

  private async participant(
    row: ParticipantRow,
    author: Author,
    now: Date,
    communityId: string | undefined,
  ): Promise<Participant> {
    const { personName, locale, lastSeenAt, role, created, ...identity } = row;
    const person: PersonRecord = { id: row.personId, displayName: personName, locale };
    if (created === true || created === 1) {
      return { person, identity, role: communityId ? "member" : undefined, created: true };
    }
    const changed = identity.displayName !== author.name || (author.handle ?? null) !== identity.handle;
    if (changed || now.getTime() - timeOf(lastSeenAt).getTime() > TOUCH_EVERY_MS) {
      const { table, param } = this.database.direct.dialect;
      await this.database.direct.execute(
        `UPDATE ${table("Identity")} SET "displayName" = ${param(1)}, "handle" = ${param(2)}, "lastSeenAt" = ${param(3)}
          WHERE "id" = ${param(4)}`,
        [author.name, author.handle ?? null, now, author.id],
      );
      identity.displayName = author.name;
      identity.handle = author.handle ?? null;
    }
    if (!communityId) return { person, identity };
    if (role !== null) return { person, identity, role: isRole(role) ? role : "member" };
    // Seen before, but not in this community: a member from now (the read just found no membership).
    return {
      person,
      identity,
      role: await this.communities.ensureMember(communityId, person.id, undefined, { absent: true }),
    };
  }

  /** A seen identity, its person, and its membership in the community (none: null). */
  private async find(identityId: string, communityId: string | undefined): Promise<ParticipantRow | undefined> {
    const rows = await this.database.direct.query<ParticipantRow>(this.foundSql(1, 2), [
      communityId ?? null,
      identityId,
    ]);
    return rows[0];
  }

  /** The identity, person and membership, by the parameters numbered (in this order on SQLite); `created` false. */
  private foundSql(communityParam: number, identityParam: number): string {
    const { table, param } = this.database.direct.dialect;
    return `SELECT i."id", i."platform", i."personId", i."displayName", i."handle", i."directChatId", i."lastSeenAt",
                   p."displayName" AS "personName", p."locale", m."role", FALSE AS "created"
              FROM ${table("Identity")} i JOIN ${table("Person")} p ON p."id" = i."personId"
              LEFT JOIN ${table("Membership")} m ON m."personId" = i."personId" AND m."communityId" = ${param(communityParam)}
             WHERE i."id" = ${param(identityParam)}`;
  }

  /**
   * PostgreSQL: one statement finds the participant or, when there is none,
   * makes the identity, its person and the membership; atomic without a
   * transaction (the foreign keys are checked at the statement's end). No row
   * when another event of the same user made the identity meanwhile.
   */
  private async findOrMake(made: Newcomer, communityId: string | undefined): Promise<ParticipantRow | undefined> {
    const { table } = this.database.direct.dialect;
    const at = "$6::timestamp(3)";
    const rows = await this.database.direct.query<ParticipantRow>(
      `WITH found AS (${this.foundSql(8, 1)}),
       made AS (
         INSERT INTO ${table("Identity")} ("id", "platform", "personId", "displayName", "handle", "createdAt", "lastSeenAt")
         SELECT $1, $2, $3, $4, $5, ${at}, $7::timestamp(3) WHERE NOT EXISTS (SELECT 1 FROM found)
         ON CONFLICT ("id") DO NOTHING RETURNING "personId"),
       person AS (INSERT INTO ${table("Person")} ("id", "displayName", "createdAt") SELECT "personId", $4, ${at} FROM made),
       member AS (
         INSERT INTO ${table("Membership")} ("id", "communityId", "personId", "role", "remindersOff", "createdAt", "updatedAt")
         SELECT $9, $8, "personId", 'member', FALSE, ${at}, ${at} FROM made WHERE $8::text IS NOT NULL)
       SELECT * FROM found
       UNION ALL
       SELECT $1, $2, "personId", $4, $5, NULL, $7::timestamp(3), $4, NULL, NULL, TRUE FROM made`,
      this.newcomerValues(made, communityId),
    );
    return rows[0];
  }

  /**
   * SQLite: newcomers in one transaction. If it fails inside, each is made
   * again alone, so one newcomer's failure (their community deleted
   * meanwhile) is their own; a database that does not answer fails them all.
   */
  private async makeAll(batch: readonly ToMake[]): Promise<Array<Settled<ParticipantRow | undefined>>> {
    try {
      const rows = await this.database.direct.transaction(async (tx) => {
        const made: Array<ParticipantRow | undefined> = [];
        for (const { made: newcomer, communityId } of batch) made.push(await this.make(tx, newcomer, communityId));
        return made;
      });
      return rows.map((row) => ({ ok: true, value: row }));
    } catch (error) {
      if (batch.length === 1 || isStorageOutage(error)) throw error;
      return commitEachAlone(batch, (alone) => this.makeAll(alone));
    }
  }

  /**
   * SQLite, in a transaction that may make other newcomers too: the person,
   * identity and membership. None when the identity exists by now (another
   * event of the same user made it, in this transaction too); the person
   * made for it is taken back, since nobody could ever reach them.
   */
  private async make(
    tx: SqlRunner,
    made: Newcomer,
    communityId: string | undefined,
  ): Promise<ParticipantRow | undefined> {
    const { table, param } = this.database.direct.dialect;
    const { author, platform, personId, createdAt, now, membershipId } = made;
    const [name, handle] = [author.name, author.handle ?? null];
    await tx.execute(
      `INSERT INTO ${table("Person")} ("id", "displayName", "createdAt") VALUES (${param(1)}, ${param(2)}, ${param(3)})`,
      [personId, name, createdAt],
    );
    const identity = await tx.execute(
      `INSERT INTO ${table("Identity")} ("id", "platform", "personId", "displayName", "handle", "createdAt", "lastSeenAt")
       VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(", ")}) ON CONFLICT ("id") DO NOTHING`,
      [author.id, platform, personId, name, handle, createdAt, now],
    );
    if (identity !== 1) {
      await tx.execute(`DELETE FROM ${table("Person")} WHERE "id" = ${param(1)}`, [personId]);
      return undefined;
    }
    if (communityId !== undefined) {
      await tx.execute(
        `INSERT INTO ${table("Membership")} ("id", "communityId", "personId", "role", "remindersOff", "createdAt", "updatedAt")
         VALUES (${[1, 2, 3, 4, 5, 6, 7].map(param).join(", ")})`,
        [membershipId, communityId, personId, "member", false, createdAt, createdAt],
      );
    }
    return {
      id: author.id,
      platform,
      personId,
      displayName: name,
      handle,
      directChatId: null,
      lastSeenAt: now,
      personName: name,
      locale: null,
      role: null,
      created: true,
    };
  }

  /** A newcomer's values, numbered as findOrMake's parameters ($1 to $9). */
  private newcomerValues(made: Newcomer, communityId: string | undefined): SqlValue[] {
    const { author } = made;
    return [
      author.id,
      made.platform,
      made.personId,
      author.name,
      author.handle ?? null,
      made.createdAt,
      made.now,
      communityId ?? null,
      made.membershipId,
    ];
  }
}

/** What a newcomer is made of, with fresh ids. */
interface Newcomer {
  author: Author;
  platform: string;
  now: Date;
  /** As Prisma's @default(now()) writes it: the wall clock, not the injected one. */
  createdAt: Date;
  personId: string;
  membershipId: string;
}

function newcomer(author: Author, platform: string, now: Date): Newcomer {
  return { author, platform, now, createdAt: new Date(), personId: newCuid(), membershipId: newCuid() };
}
