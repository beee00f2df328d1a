// Polls, their options, votes, anonymous ballots and posted copies. Reads
// that must agree with a change take the transaction client (`client`).
import type { MessageRef } from "../../core/events.js";
import { compareAndSet } from "../../storage/compare-and-set.js";
import type { Database, Db } from "../../storage/database.js";
import type { Poll, PollPost } from "../../storage/generated/sqlite/client.js";
import { dialectOf, qualifiedTable, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { ChangeEffects } from "../change-effects.js";
import type { AddOptions, Who } from "./poll-settings.js";
import { type Tally, tallyOf } from "./tally.js";

export type PollRecord = Poll;

/** Which poll, and which edit of it: what the in-memory caches are keyed by. */
export type PollVersion = Pick<PollRecord, "id" | "version">;

/** What `/poll edit` changes: each field only when given (`closesAt: null` clears it). */
export interface PollChanges {
  question?: string;
  closesAt?: Date | null;
  /** All the options, replacing the old ones (only before the first vote). */
  options?: string[];
  /** Poll to shift: the plan read again from new options. */
  thenTask?: string;
}

/** Polls whose options, and whose fields as made, are kept in memory (a few hundred bytes each). */
const OPTION_CACHE_SIZE = 1_000;
const POLL_CACHE_SIZE = 1_000;

/** The outbox purpose of live-results edits. */
export const LIVE_EDIT_PURPOSE = "poll.results";
export type PollStatus = "scheduled" | "open" | "closed";

export interface NewPoll {
  communityId: string;
  question: string;
  options: string[];
  multi: boolean;
  /** "Choose up to N" (multi only). */
  maxChoices?: number;
  anonymous: boolean;
  hidden: boolean;
  everywhere: boolean;
  native: boolean;
  who: Who;
  closesAt?: Date;
  /** --opens: stored as scheduled, and posted by its job at this time. */
  opensAt?: Date;
  /** Poll to shift: the encoded ShiftPlan. */
  thenTask?: string;
  /** --add-options: voters may add options, at once or with the creator's approval. */
  addOptions?: AddOptions;
  createdByPersonId: string;
  originChatId: string;
}

export interface OptionRecord {
  id: number;
  position: number;
  text: string;
}

/** A posted copy of a poll. `ref` is unknown until the outbox has sent it. */
export interface PostRecord {
  id: number;
  pollId: number;
  chatId: string;
  ref: MessageRef | undefined;
  outboxId: number | null;
  nativePollId: string | null;
  renderedHash: string | null;
  lastEditAt: Date | null;
  dirty: boolean;
}

export interface NewPost {
  pollId: number;
  chatId: string;
  ref?: MessageRef;
  outboxId?: number;
  nativePollId?: string;
  renderedHash?: string;
}

const LIST_ORDER: Record<
  PollStatus,
  Array<Partial<Record<"opensAt" | "createdAt" | "closedAt" | "id", "asc" | "desc">>>
> = {
  scheduled: [{ opensAt: "asc" }, { id: "asc" }],
  open: [{ createdAt: "desc" }, { id: "desc" }],
  closed: [{ closedAt: "desc" }, { id: "desc" }],
};

export class PollRepository {
  private readonly db: Db;
  private readonly optionCache = new Map<number, { version: number; options: OptionRecord[] }>();
  private readonly madeCache = new Map<number, PollRecord>();

  private readonly sql: SqlDialect;

  constructor(private readonly database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /** Makes a poll; `effects` (the event's completion) commit with it, so a redelivery makes no second poll. */
  async create(data: NewPoll, effects?: ChangeEffects<PollRecord>): Promise<PollRecord> {
    if (!effects) return this.insert(data, this.db);
    return inTransaction(this.database, async (tx) => {
      const poll = await this.insert(data, tx);
      await effects(tx, poll);
      return poll;
    });
  }

  private insert(data: NewPoll, client: Tx): Promise<PollRecord> {
    return client.poll.create({
      data: {
        communityId: data.communityId,
        question: data.question,
        multi: data.multi,
        maxChoices: data.maxChoices ?? null,
        anonymous: data.anonymous,
        hidden: data.hidden,
        everywhere: data.everywhere,
        native: data.native,
        whoCanVote: data.who,
        closesAt: data.closesAt ?? null,
        opensAt: data.opensAt ?? null,
        status: data.opensAt ? "scheduled" : "open",
        thenTask: data.thenTask ?? null,
        addOptions: data.addOptions ?? null,
        createdByPersonId: data.createdByPersonId,
        originChatId: data.originChatId,
        options: { create: data.options.map((text, position) => ({ position, text })) },
      },
    });
  }

  async find(id: number, client: Tx = this.db): Promise<PollRecord | undefined> {
    return (await client.poll.findUnique({ where: { id } })) ?? undefined;
  }

  /**
   * The poll as of its edit `version`: between edits, every field but its
   * status and what closing sets stays the same, so this is kept in memory.
   * Callers read the status and version under the poll's lock and put the
   * status in; a version another process has moved on reads the row again.
   */
  async findAsMade(id: number, version: number, client: Tx = this.db): Promise<PollRecord | undefined> {
    const known = this.madeCache.get(id);
    if (known?.version === version) return known;
    const poll = await this.find(id, client);
    if (!poll) return undefined;
    this.remember(poll);
    return poll;
  }

  private remember(poll: PollRecord): void {
    if (this.madeCache.size >= POLL_CACHE_SIZE) {
      const oldest = this.madeCache.keys().next().value;
      if (oldest !== undefined) this.madeCache.delete(oldest);
    }
    this.madeCache.set(poll.id, poll);
  }

  /** In a deletion's transaction: the poll and everything of it (votes, ballots, options, copies) are gone. */
  async removeIn(tx: Tx, pollId: number): Promise<void> {
    await tx.vote.deleteMany({ where: { pollId } });
    await tx.anonymousBallot.deleteMany({ where: { pollId } });
    await tx.pollOptionProposal.deleteMany({ where: { pollId } });
    await tx.pollOption.deleteMany({ where: { pollId } });
    await tx.pollPost.deleteMany({ where: { pollId } });
    await tx.poll.delete({ where: { id: pollId }, select: { id: true } });
    this.forget(pollId);
  }

  /** Whether anyone has voted: options may be edited only before. */
  async hasVotes(pollId: number, client: Tx = this.db): Promise<boolean> {
    const [votes, ballots] = await Promise.all([
      client.vote.count({ where: { pollId }, take: 1 }),
      client.anonymousBallot.count({ where: { pollId }, take: 1 }),
    ]);
    return votes + ballots > 0;
  }

  /**
   * In an edit's transaction, under the poll's exclusive lock: the changes,
   * and the version moves on so that every process reads the poll and its
   * options again. Options are replaced whole (the caller checked that nobody
   * has voted, so no vote points at them).
   */
  async editIn(tx: Tx, pollId: number, changes: PollChanges): Promise<PollRecord> {
    if (changes.options) {
      await tx.pollOption.deleteMany({ where: { pollId } });
      await tx.pollOption.createMany({ data: changes.options.map((text, position) => ({ pollId, position, text })) });
    }
    const poll = await tx.poll.update({
      where: { id: pollId },
      data: {
        ...(changes.question === undefined ? {} : { question: changes.question }),
        ...(changes.closesAt === undefined ? {} : { closesAt: changes.closesAt }),
        ...(changes.thenTask === undefined ? {} : { thenTask: changes.thenTask }),
        version: { increment: 1 },
      },
    });
    this.forget(pollId);
    return poll;
  }

  /**
   * In an addition's transaction, under the poll's exclusive lock: one more
   * option at the end (positions, and so every vote, stay as they are), and
   * the version moves on as for an edit.
   */
  async appendOptionIn(tx: Tx, pollId: number, text: string): Promise<PollRecord> {
    const position = await tx.pollOption.count({ where: { pollId } });
    await tx.pollOption.create({ data: { pollId, position, text }, select: { id: true } });
    const poll = await tx.poll.update({ where: { id: pollId }, data: { version: { increment: 1 } } });
    this.forget(pollId);
    return poll;
  }

  private forget(pollId: number): void {
    this.madeCache.delete(pollId);
    this.optionCache.delete(pollId);
  }

  /** The poll if it belongs to this community: another community's poll is as good as missing. */
  async findInCommunity(communityId: string, id: number): Promise<PollRecord | undefined> {
    const poll = await this.find(id);
    return poll?.communityId === communityId ? poll : undefined;
  }

  /**
   * For a press on a poll's button, which needs only what never changes
   * after the poll is made (its community, who may vote, single or multiple
   * choice, anonymous): the poll as this process last knew it, read only on
   * a miss. Its status and edits are not to be trusted from here: the vote
   * reads them under the poll's lock (a poll deleted meanwhile is refused
   * there as missing).
   */
  async findForPress(communityId: string, id: number): Promise<PollRecord | undefined> {
    const poll = this.madeCache.get(id) ?? (await this.find(id));
    if (poll && !this.madeCache.has(id)) this.remember(poll);
    return poll?.communityId === communityId ? poll : undefined;
  }

  /**
   * A poll's options, in order. They change only with the poll's version (an
   * edit), so they are kept in memory under it: a vote then needs no query
   * for them. `poll.version` must be as fresh as the caller needs (a vote
   * reads it under the poll's lock).
   */
  async options(poll: PollVersion, client: Tx = this.db): Promise<OptionRecord[]> {
    const known = this.optionCache.get(poll.id);
    if (known?.version === poll.version) return known.options;
    const options = await client.pollOption.findMany({
      where: { pollId: poll.id },
      orderBy: { position: "asc" },
      select: { id: true, position: true, text: true },
    });
    if (options.length === 0) return options;
    if (this.optionCache.size >= OPTION_CACHE_SIZE) {
      const oldest = this.optionCache.keys().next().value;
      if (oldest !== undefined) this.optionCache.delete(oldest);
    }
    this.optionCache.set(poll.id, { version: poll.version, options });
    return options;
  }

  /** The current count: from the votes, or for an anonymous poll from the options' counters and the ballots. */
  async tally(poll: PollRecord, client: Tx = this.db): Promise<Tally> {
    const options = await client.pollOption.findMany({ where: { pollId: poll.id }, orderBy: { position: "asc" } });
    if (poll.anonymous) {
      const voters = await client.anonymousBallot.count({ where: { pollId: poll.id } });
      return tallyOf(options, new Map(options.map((o) => [o.position, o.anonymousCount])), voters);
    }
    const grouped = await client.vote.groupBy({ by: ["optionId"], where: { pollId: poll.id }, _count: { _all: true } });
    const positionOf = new Map(options.map((o) => [o.id, o.position]));
    const counts = new Map<number, number>();
    for (const row of grouped) {
      const position = positionOf.get(row.optionId);
      if (position !== undefined) counts.set(position, row._count._all);
    }
    const votes = [...counts.values()].reduce((sum, n) => sum + n, 0);
    // One choice each: every vote is a voter. Several: count people, once each.
    const voters = poll.multi ? await this.distinctVoters(poll.id, client) : votes;
    return tallyOf(options, counts, voters);
  }

  /** The positions this person chose (open polls only: anonymous ones keep no such link). */
  async choicesOf(poll: PollVersion, personId: string, client: Tx = this.db): Promise<number[]> {
    // Read on every press: plain SQL (see dialectOf), straight down the (pollId, personId) index.
    const votes = await client.$queryRawUnsafe<{ optionId: number }[]>(
      `SELECT "optionId" FROM ${this.sql.table("Vote")} WHERE "pollId" = ${this.sql.param(1)} AND "personId" = ${this.sql.param(2)}`,
      poll.id,
      personId,
    );
    if (votes.length === 0) return [];
    const positionOf = new Map((await this.options(poll, client)).map((o) => [o.id, o.position]));
    return votes
      .map((v) => positionOf.get(v.optionId))
      .filter((p): p is number => p !== undefined)
      .sort((a, b) => a - b);
  }

  async hasBallot(pollId: number, voterHash: string, client: Tx = this.db): Promise<boolean> {
    const row = await client.anonymousBallot.findUnique({
      where: { pollId_voterHash: { pollId, voterHash } },
      select: { id: true },
    });
    return row !== null;
  }

  /** Who chose each option, with names, in voting order (open polls). */
  async votersByOption(poll: PollVersion): Promise<Map<number, Array<{ personId: string; displayName: string }>>> {
    const [options, votes] = await Promise.all([
      this.options(poll),
      this.db.vote.findMany({
        where: { pollId: poll.id },
        orderBy: { id: "asc" },
        select: { optionId: true, personId: true },
      }),
    ]);
    const people = await this.db.person.findMany({
      where: { id: { in: [...new Set(votes.map((v) => v.personId))] } },
      select: { id: true, displayName: true },
    });
    const nameOf = new Map(people.map((p) => [p.id, p.displayName]));
    const positionOf = new Map(options.map((o) => [o.id, o.position]));
    const result = new Map<number, Array<{ personId: string; displayName: string }>>();
    for (const vote of votes) {
      const position = positionOf.get(vote.optionId);
      if (position === undefined) continue;
      const list = result.get(position) ?? [];
      list.push({ personId: vote.personId, displayName: nameOf.get(vote.personId) ?? "?" });
      result.set(position, list);
    }
    return result;
  }

  async list(communityId: string, status: PollStatus, limit: number): Promise<PollRecord[]> {
    return this.db.poll.findMany({
      where: { communityId, status },
      // Scheduled: the next to open first. Open: the newest first. Closed: the most recently closed first.
      orderBy: LIST_ORDER[status],
      take: limit,
    });
  }

  async count(communityId: string, status: PollStatus): Promise<number> {
    return this.db.poll.count({ where: { communityId, status } });
  }

  async setCreatedTask(pollId: number, taskId: number, client: Tx = this.db): Promise<boolean> {
    const updated = await compareAndSet(() =>
      client.poll.update({
        where: { id: pollId, createdTaskId: null },
        data: { createdTaskId: taskId },
        select: { id: true },
      }),
    );
    return updated !== undefined;
  }

  // --- posted copies ------------------------------------------------------

  async addPost(data: NewPost, client: Tx = this.db): Promise<PostRecord> {
    const row = await client.pollPost.create({
      data: {
        pollId: data.pollId,
        chatId: data.chatId,
        messageRef: data.ref ? JSON.stringify(data.ref) : null,
        outboxId: data.outboxId ?? null,
        nativePollId: data.nativePollId ?? null,
        renderedHash: data.renderedHash ?? null,
      },
    });
    return toPost(row);
  }

  async posts(pollId: number, client: Tx = this.db): Promise<PostRecord[]> {
    const rows = await client.pollPost.findMany({ where: { pollId }, orderBy: { id: "asc" } });
    return rows.map(toPost);
  }

  async post(id: number, client: Tx = this.db): Promise<PostRecord | undefined> {
    const row = await client.pollPost.findUnique({ where: { id } });
    return row ? toPost(row) : undefined;
  }

  async postByNativeId(nativePollId: string): Promise<PostRecord | undefined> {
    const row = await this.db.pollPost.findUnique({ where: { nativePollId } });
    return row ? toPost(row) : undefined;
  }

  /** The native copies of open polls on a platform (native resync). */
  async openNativePosts(platform: string): Promise<PostRecord[]> {
    const rows = await this.db.pollPost.findMany({
      where: { nativePollId: { not: null }, chatId: { startsWith: `${platform}:` }, poll: { status: "open" } },
      orderBy: { id: "asc" },
    });
    return rows.map(toPost);
  }

  /** Posts waiting for an edit (native polls are the platform's to show, never edited). */
  async dirtyPosts(pollId: number): Promise<PostRecord[]> {
    const rows = await this.db.pollPost.findMany({
      where: { pollId, dirty: true, nativePollId: null },
      orderBy: { id: "asc" },
    });
    return rows.map(toPost);
  }

  /**
   * The tally changed: every copy with buttons needs an edit (the live-results
   * flusher does it). Unconditional on purpose: "only where not dirty yet"
   * would skip a copy whose flush has claimed it but not committed (on
   * PostgreSQL an UPDATE does not wait for rows its condition already rules
   * out), and that flush may have read the tally before this change. Set
   * unconditionally, the mark waits for such a flush and lands after it.
   * One statement, so on SQLite it is not wrapped in a transaction of its own.
   */
  async markDirty(pollId: number, client?: Tx): Promise<void> {
    const sql = `UPDATE ${this.sql.table("PollPost")} SET "dirty" = true WHERE "pollId" = ${this.sql.param(1)} AND "nativePollId" IS NULL`;
    // After every batch of votes: straight to the driver (direct-sql.ts), unless part of a change's transaction.
    if (client) await client.$executeRawUnsafe(sql, pollId);
    else await this.database.direct.execute(sql, [pollId]);
  }

  async setPostRef(postId: number, ref: MessageRef): Promise<void> {
    await this.db.pollPost.update({ where: { id: postId }, data: { messageRef: JSON.stringify(ref) } });
  }

  async clearDirty(postId: number): Promise<void> {
    await this.db.pollPost.update({ where: { id: postId }, data: { dirty: false }, select: { id: true } });
  }

  private async distinctVoters(pollId: number, client: Tx): Promise<number> {
    const table = this.database.provider === "postgresql" ? qualifiedTable(this.database.target, "Vote") : `"Vote"`;
    const placeholder = this.database.provider === "postgresql" ? "$1" : "?";
    const rows = await client.$queryRawUnsafe<Array<{ n: number | bigint }>>(
      `SELECT COUNT(DISTINCT "personId") AS "n" FROM ${table} WHERE "pollId" = ${placeholder}`,
      pollId,
    );
    return Number(rows[0]?.n ?? 0);
  }
}

function toPost(row: PollPost): PostRecord {
  return {
    id: row.id,
    pollId: row.pollId,
    chatId: row.chatId,
    ref: row.messageRef ? (JSON.parse(row.messageRef) as MessageRef) : undefined,
    outboxId: row.outboxId,
    nativePollId: row.nativePollId,
    renderedHash: row.renderedHash,
    lastEditAt: row.lastEditAt,
    dirty: row.dirty,
  };
}
