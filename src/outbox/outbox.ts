// The durable queue of messages to chats other than the one being answered
// (notices, routed requests, status updates). A row is written (optionally in
// the caller's transaction, so the message exists exactly when the change it
// announces does) and the dispatcher delivers it. This class is the table's
// repository; dispatcher.ts is the loop that sends.
import type { Destination } from "../core/adapter.js";
import type { Clock } from "../core/clock.js";
import type { MessageRef } from "../core/events.js";
import { LeaseLostError } from "../core/lease-renewal.js";
import type { OutboundMessage } from "../core/messages.js";
import { clip } from "../core/text.js";
import { compareAndSet } from "../storage/compare-and-set.js";
import type { Database } from "../storage/database.js";
import { timeOf } from "../storage/direct-sql.js";
import { type AnyTx, runnerOf } from "../storage/prisma-sql-runner.js";
import { dialectOf, insertReturningId, type SqlDialect } from "../storage/raw-sql.js";
import {
  type ClaimedRow,
  claimDestinationHeads,
  destinationHeadIds,
  type OutboxClaimRequest,
  UNSENT_STATUSES,
} from "./outbox-claims.js";
import { type CarriedKey, decodeEnvelope, type EnvelopeExtras, encodeEnvelope } from "./outbox-envelope.js";

/** The transaction an outbox row is written in: Prisma's, or the driver's. */
export type OutboxWriter = AnyTx;

export interface OutboxStats {
  /** Rows not yet delivered (pending or being sent). */
  depth: number;
  /** Age of the oldest undelivered row, 0 when there is none. */
  oldestAgeSeconds: number;
  /** Rows given up on. */
  dead: number;
}

export interface DeadLetter {
  id: number;
  platform: string;
  destination: string;
  purpose: string;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  /** The start of the message text, for a status listing. */
  preview: string;
}

const PREVIEW_LENGTH = 80;

// Every routed request, notice and card writes a row, claims it, maybe defers it, and marks
// it sent: those statements are plain SQL (issue 16), the rest goes through Prisma.
export class Outbox {
  private readonly listeners = new Set<() => void>();
  private readonly sql: SqlDialect;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {
    this.sql = dialectOf(database);
  }

  /**
   * Queues a message; returns the row id. Inside a transaction pass its client
   * as `tx`, and call `wake()` after it commits (the dispatcher's poll picks
   * the row up otherwise, a moment later).
   */
  async enqueue(
    destination: Destination,
    message: OutboundMessage,
    purpose = "notice",
    tx?: OutboxWriter,
  ): Promise<number> {
    return this.write(destination, message, purpose, tx);
  }

  /**
   * Queues a direct reply the platform would not take now (see
   * core/reply-delivery.ts); it goes at `notBefore` at the earliest, in its
   * chat's order and within its rate limit.
   */
  async deferReply(
    destination: Destination,
    message: OutboundMessage,
    notBefore: Date,
    delivery?: CarriedKey,
  ): Promise<number> {
    return this.write(destination, message, "reply", undefined, { delivery }, notBefore);
  }

  /**
   * Queues, in the handler's transaction, a direct reply that must reach the
   * person even if the process dies right after the commit (a guided flow's
   * next question). It is held until `holdUntil`: the handler sends it itself
   * once the transaction commits and then settles the row (settleHeldReply),
   * so the dispatcher sends it only when that never happened.
   */
  async holdReply(
    destination: Destination,
    message: OutboundMessage,
    purpose: string,
    holdUntil: Date,
    tx: OutboxWriter,
    /** The key the handler's own send uses: the row, if it must send, looks for that send's message first. */
    delivery?: CarriedKey,
  ): Promise<number> {
    const carried = delivery ? { ...delivery, mayHaveLanded: true } : undefined;
    return this.write(destination, message, purpose, tx, carried ? { delivery: carried } : undefined, holdUntil);
  }

  /**
   * A held reply its platform put off (core/reply-delivery.ts): it goes at
   * `notBefore` instead of at its hold's end. A row the dispatcher took
   * meanwhile (the hold ran out first) is left to it.
   */
  async releaseHeld(id: number, notBefore: Date): Promise<number> {
    const { table, param } = this.sql;
    await this.database.direct.execute(
      `UPDATE ${table("OutboxMessage")} SET "nextAttemptAt" = ${param(1)} WHERE "id" = ${param(2)} AND "status" = 'pending'`,
      [notBefore, id],
    );
    this.wake();
    return id;
  }

  /**
   * A held reply that its handler delivered itself (`refs`: the messages it
   * became; none when the reply went another way): recorded as sent, so the
   * dispatcher leaves it. False when the dispatcher took it first (the
   * handler's send outlasted the hold), which then sends it once more.
   */
  async settleHeldReply(id: number, refs: MessageRef[]): Promise<boolean> {
    const { table, param } = this.sql;
    // Straight to the driver: every receipt of a request ends with it (issue 16).
    const settled = await this.database.direct.execute(
      `UPDATE ${table("OutboxMessage")} SET "status" = 'sent', "sentAt" = ${param(1)}, "sentRefs" = ${param(2)}
        WHERE "id" = ${param(3)} AND "status" = 'pending'`,
      [this.clock.now(), JSON.stringify(refs), id],
    );
    return settled === 1;
  }

  /**
   * Queues an edit of a message already sent. It takes its place in the chat's
   * order and rate limit like any delivery (a platform counts edits too), and
   * is retried the same way.
   */
  async enqueueEdit(ref: MessageRef, message: OutboundMessage, purpose = "edit", tx?: OutboxWriter): Promise<number> {
    return this.write(destinationOfMessage(ref), message, purpose, tx, { editOf: ref });
  }

  /**
   * As holdReply, for an edit of a message already sent that the handler
   * makes itself after the commit (a pressed button's message becoming a
   * request's receipt), settled with settleHeldReply.
   */
  async holdEdit(
    ref: MessageRef,
    message: OutboundMessage,
    purpose: string,
    holdUntil: Date,
    tx: OutboxWriter,
  ): Promise<number> {
    return this.write(destinationOfMessage(ref), message, purpose, tx, { editOf: ref }, holdUntil);
  }

  /**
   * Queues stopping the platform's own poll in a sent message (a native poll
   * at its close), in the close's transaction: it goes in the chat's order
   * and is retried like a delivery, and is never lost to a crash after the
   * commit.
   */
  async enqueueClosePoll(ref: MessageRef, purpose = "poll.stop", tx?: OutboxWriter): Promise<number> {
    return this.write(destinationOfMessage(ref), { text: "" }, purpose, tx, { closePollOf: ref });
  }

  /**
   * Where a row stands: "pending" (waiting, or deferred by a rate limit),
   * "sending", "sent" or "dead" (given up); undefined when there is no such
   * row (never written, or cleaned away after it went).
   */
  async statusOf(id: number): Promise<string | undefined> {
    const row = await this.database.db.outboxMessage.findUnique({ where: { id }, select: { status: true } });
    return row?.status;
  }

  /**
   * Whether an edit of this message queued for `purpose` still waits to go
   * (pending, deferred by the chat's rate limit, or being sent). The few
   * unsent rows of that chat and purpose are read and their envelopes
   * compared, rather than searching the stored JSON as text.
   */
  async editWaiting(ref: MessageRef, purpose: string): Promise<boolean> {
    const rows = await this.database.db.outboxMessage.findMany({
      where: { destination: ref.chatId, purpose, status: { in: UNSENT_STATUSES } },
      select: { platform: true, destination: true, message: true },
    });
    return rows.some((row) => decodeEnvelope(row).editOf?.messageId === ref.messageId);
  }

  /**
   * Deletes the edits of this message queued for `purpose` whose status is
   * one of `statuses` (say, delivered snapshots that must not be kept), and
   * resolves with how many of its edits are left in other statuses.
   */
  async forgetEdits(ref: MessageRef, purpose: string, statuses: readonly string[]): Promise<number> {
    const { db } = this.database;
    const rows = await db.outboxMessage.findMany({
      where: { destination: ref.chatId, purpose },
      select: { id: true, status: true, platform: true, destination: true, message: true },
    });
    const edits = rows.filter((row) => decodeEnvelope(row).editOf?.messageId === ref.messageId);
    const gone = edits.filter((row) => statuses.includes(row.status)).map((row) => row.id);
    if (gone.length) await db.outboxMessage.deleteMany({ where: { id: { in: gone }, status: { in: [...statuses] } } });
    return edits.length - gone.length;
  }

  /** The messages a delivered row became, or undefined while it is not sent. */
  async sentRefsOf(id: number): Promise<MessageRef[] | undefined> {
    const row = await this.database.db.outboxMessage.findUnique({ where: { id }, select: { sentRefs: true } });
    return row?.sentRefs ? (JSON.parse(row.sentRefs) as MessageRef[]) : undefined;
  }

  private async write(
    destination: Destination,
    message: OutboundMessage,
    purpose: string,
    tx: OutboxWriter | undefined,
    extras: EnvelopeExtras = {},
    notBefore?: Date,
  ): Promise<number> {
    const now = this.clock.now();
    const [statement, values] = insertReturningId(this.sql, "OutboxMessage", {
      destination: destination.chatId,
      platform: destination.platform,
      message: encodeEnvelope(destination, message, extras),
      purpose,
      status: "pending",
      attempts: 0,
      nextAttemptAt: notBefore && notBefore > now ? notBefore : now,
      createdAt: now,
    });
    // Plain SQL, straight to the driver outside a transaction: every routed request writes two rows (issue 16).
    const [row] = await (tx ? runnerOf(tx) : this.database.direct).query<{ id: number | bigint }>(statement, values);
    if (!row) throw new Error("the outbox row was not written");
    if (!tx) this.wake();
    return Number(row.id);
  }

  /** Tells the dispatcher there is something to send. */
  wake(): void {
    for (const listener of this.listeners) listener();
  }

  /** Called on every enqueue (and `wake()`); returns the unsubscribe function. */
  onEnqueue(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stats(): Promise<OutboxStats> {
    const { db } = this.database;
    const [depth, oldest, dead] = await Promise.all([
      db.outboxMessage.count({ where: { status: { in: UNSENT_STATUSES } } }),
      db.outboxMessage.findFirst({
        where: { status: { in: UNSENT_STATUSES } },
        orderBy: { id: "asc" },
        select: { createdAt: true },
      }),
      db.outboxMessage.count({ where: { status: "dead" } }),
    ]);
    const oldestAgeSeconds = oldest ? Math.max(0, (this.clock.now().getTime() - oldest.createdAt.getTime()) / 1000) : 0;
    return { depth, oldestAgeSeconds, dead };
  }

  /** The most recent dead letters, newest first (for `/setup status`). */
  async deadLetters(limit = 20): Promise<DeadLetter[]> {
    const rows = await this.database.db.outboxMessage.findMany({
      where: { status: "dead" },
      orderBy: { id: "desc" },
      take: limit,
    });
    return rows.map((row) => ({
      id: row.id,
      platform: row.platform,
      destination: row.destination,
      purpose: row.purpose,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt,
      preview: previewOf(row.message),
    }));
  }

  // --- for the dispatcher -------------------------------------------------

  claim(request: OutboxClaimRequest): Promise<ClaimedRow[]> {
    return claimDestinationHeads(this.database, request);
  }

  /** When the last messages to this chat went, newest first (ms since epoch). */
  async recentSendTimes(destination: string, since: Date, count: number): Promise<number[]> {
    if (count <= 0) return [];
    const { table, param } = this.sql;
    // Straight to the driver: every delivery with a rate limit reads it (issue 16).
    const rows = await this.database.direct.query<{ sentAt: Date | string | number | null }>(
      `SELECT "sentAt" FROM ${table("OutboxMessage")}
        WHERE "destination" = ${param(1)} AND "status" = 'sent' AND "sentAt" > ${param(2)}
        ORDER BY "id" DESC LIMIT ${param(3)}`,
      [destination, since, count],
    );
    return rows.flatMap((row) => (row.sentAt === null ? [] : [timeOf(row.sentAt).getTime()]));
  }

  /**
   * Delivered: recorded only by the row's current lease holder. Throws
   * LeaseLostError when `owner` lost the row meanwhile (its lease ran out
   * and another instance took it): that instance sends it again, which is
   * the one duplicate a lost lease can cost. `at` is when a send began, or
   * an edit ended: the chat's pace counts the next message from there
   * (recentSendTimes).
   */
  async markSent(id: number, owner: string, refs: MessageRef[], at: Date): Promise<void> {
    const { table, param } = this.sql;
    // Straight to the driver: every delivery ends with it (issue 16).
    const marked = await this.database.direct.execute(
      `UPDATE ${table("OutboxMessage")}
          SET "status" = 'sent', "sentAt" = ${param(1)}, "sentRefs" = ${param(2)}, "leaseOwner" = NULL, "leaseExpiresAt" = NULL
        WHERE "id" = ${param(3)} AND "status" = 'sending' AND "leaseOwner" = ${param(4)}`,
      [at, JSON.stringify(refs), id, owner],
    );
    if (marked !== 1) throw new LeaseLostError(`outbox row ${id}`);
  }

  /** Extends `owner`'s lease on a row being sent until `until`; false when the row is not its any more. */
  async renewLease(id: number, owner: string, until: Date): Promise<boolean> {
    const renewed = await compareAndSet(() =>
      this.database.db.outboxMessage.update({
        where: { id, status: "sending", leaseOwner: owner },
        data: { leaseExpiresAt: until },
        select: { id: true },
      }),
    );
    return renewed !== undefined;
  }

  /** Failed; try again at `at`. */
  async scheduleRetry(id: number, owner: string, at: Date, error: string): Promise<boolean> {
    return this.release(id, owner, { status: "pending", nextAttemptAt: at, lastError: error });
  }

  /** Not sent because of a rate limit: back in line until `at`, the attempt not counted. Straight to the driver: a busy chat's every row. */
  async defer(id: number, owner: string, at: Date): Promise<boolean> {
    const { table, param } = this.sql;
    const released = await this.database.direct.execute(
      `UPDATE ${table("OutboxMessage")}
          SET "status" = 'pending', "nextAttemptAt" = ${param(1)}, "attempts" = "attempts" - 1,
              "leaseOwner" = NULL, "leaseExpiresAt" = NULL
        WHERE "id" = ${param(2)} AND "status" = 'sending' AND "leaseOwner" = ${param(3)}`,
      [at, id, owner],
    );
    return released === 1;
  }

  /** Given up: the row becomes a dead letter and stops holding up its chat's queue. */
  async markDead(id: number, owner: string, error: string): Promise<boolean> {
    return this.release(id, owner, { status: "dead", lastError: error });
  }

  /** When the next destination head waiting its turn is due, if any (shutdown flush). */
  async nextDueAt(): Promise<Date | undefined> {
    const heads = await destinationHeadIds(this.database.db);
    if (heads.length === 0) return undefined;
    const row = await this.database.db.outboxMessage.findFirst({
      where: { id: { in: heads }, status: "pending" },
      orderBy: { nextAttemptAt: "asc" },
      select: { nextAttemptAt: true },
    });
    return row?.nextAttemptAt;
  }

  private async release(
    id: number,
    owner: string,
    data: { status: string; nextAttemptAt?: Date; lastError?: string },
  ): Promise<boolean> {
    const released = await compareAndSet(() =>
      this.database.db.outboxMessage.update({
        where: { id, status: "sending", leaseOwner: owner },
        data: { ...data, leaseOwner: null, leaseExpiresAt: null },
        select: { id: true },
      }),
    );
    return released !== undefined;
  }
}

function previewOf(stored: string): string {
  try {
    const parsed = JSON.parse(stored) as { message?: { text?: unknown } };
    const text = typeof parsed.message?.text === "string" ? parsed.message.text : "";
    return clip(text, PREVIEW_LENGTH);
  } catch {
    return "";
  }
}

/** The chat (and thread) a sent message is in. */
function destinationOfMessage(ref: MessageRef): Destination {
  const destination: Destination = { platform: ref.platform, chatId: ref.chatId };
  if (ref.threadId !== undefined) destination.threadId = ref.threadId;
  return destination;
}
