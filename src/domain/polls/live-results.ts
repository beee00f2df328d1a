// Live results without flooding a chat. A committed vote marks the poll's
// posted copies dirty (voting.ts); this turns dirty copies into edits, at
// most one per copy per interval, and never one that would show what the
// copy already shows.
//
// Correct with several bot processes on one database:
//  - The state is in the database, not in a process: PollPost.dirty says a
//    copy is behind, lastEditAt when it was last edited, renderedHash what
//    it shows.
//  - An edit is claimed with a conditional update (dirty, and lastEditAt at
//    least an interval ago). Only one process wins a claim, so two processes
//    never both edit a copy within an interval. The winner renders the tally
//    and queues the edit in the same transaction, holding the copy's row. A
//    vote marks the copy dirty after its own commit and unconditionally, so
//    either the flush claims after the mark (and reads the vote) or the mark
//    waits for the flush's commit and lands after it (and the next flush
//    shows the vote). Edits are queued in the order of the tallies they show.
//  - A copy that is dirty but not yet due gets a flush at its due time: a
//    durable job (one per poll, by dedupe key; it survives a crash and runs
//    on whichever process ticks) and, where timers are on, an in-process
//    timer, so it is prompt between ticks. The process remembers what it has
//    scheduled, so a burst of votes schedules once per interval, not per vote.
//  - Edits go through the outbox (enqueueEdit): the chat's order, the
//    platform's rate limit and the retry rules apply to them like to any
//    message. A copy has at most one edit waiting there: while one is
//    undelivered (say a Telegram group's 20 a minute hold it back), the next
//    waits, so the chat gets the latest tally at the rate it can take rather
//    than a backlog of stale ones.
// A copy posted through the outbox has no message ref until it is sent; it
// stays dirty and is retried until the ref is known (or its row is dead).
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import { platformOf } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import type { Database } from "../../storage/database.js";
import { isRecordNotFound } from "../../storage/repositories/errors.js";
import type { Tx } from "../../storage/repositories/people.js";
import { messageHash, type Presentation } from "./poll-card.js";
import type { PollCards } from "./poll-cards.js";
import { inPollTransaction } from "./poll-lock.js";
import { LIVE_EDIT_PURPOSE, type PollRecord, type PollRepository, type PostRecord } from "./poll-repository.js";
import type { Tally } from "./tally.js";

export const FLUSH_JOB = "poll.flush";

export interface FlushPayload {
  pollId: number;
}

export function flushKey(pollId: number): string {
  return `poll:${pollId}:flush`;
}

export interface LiveResultsDeps {
  database: Database;
  polls: PollRepository;
  cards: PollCards;
  outbox: Pick<Outbox, "enqueueEdit" | "sentRefsOf" | "statusOf" | "editWaiting" | "wake">;
  jobs: Pick<JobQueue, "schedule">;
  clock: Clock;
  logger: Logger;
}

export interface LiveResultsOptions {
  intervalMs: number;
  timers: boolean;
  /** Where a platform cannot edit, an "edit" would be a new message per change: no live results there. */
  canEdit: (platform: string) => boolean;
}

type RefLookup = MessageRef | "later" | "gone";

/** A posted copy's edit, prepared before a close's or an edit's transaction (see prepareCopies). */
export interface PreparedCopy {
  post: PostRecord;
  ref: RefLookup;
  presentation: Presentation;
}

export class LiveResults {
  /** Per poll: the due time this process last scheduled a flush for (ms). */
  private readonly scheduled = new Map<number, number>();
  /** Per poll: a flush after votes running in this process, and whether a vote asked for another meanwhile. */
  private readonly flushing = new Map<number, { again: boolean }>();

  constructor(
    private readonly deps: LiveResultsDeps,
    private readonly options: LiveResultsOptions,
  ) {}

  /**
   * After a vote (the copies are marked dirty): while a flush this process
   * arranged is still to come, that flush will show the vote, so a burst's
   * votes read the copies once per interval instead of once each. The flush
   * runs on this process's timer, or as the poll's durable job.
   */
  async voted(pollId: number): Promise<void> {
    const pending = this.scheduled.get(pollId);
    if (pending !== undefined && pending > this.deps.clock.now().getTime()) return;
    // A flush of this poll is running here: it may have read the copies
    // before this vote marked them, so it runs once more when it ends (one
    // more, however many votes ask meanwhile: a batch's presses all ask at once).
    const running = this.flushing.get(pollId);
    if (running) {
      running.again = true;
      return;
    }
    const flushing = { again: false };
    this.flushing.set(pollId, flushing);
    try {
      do {
        flushing.again = false;
        await this.changed(pollId);
      } while (flushing.again);
    } finally {
      this.flushing.delete(pollId);
    }
  }

  /** After a change to the tally: edit the copies that are due, and arrange a flush for the rest. */
  async changed(pollId: number): Promise<void> {
    const next = await this.flush(pollId);
    if (next) await this.later(pollId, next);
  }

  /**
   * Edits every dirty copy that is due (with `force`, every dirty copy: the
   * final edit at close). Resolves with when the next copy falls due, if any
   * is left dirty.
   */
  async flush(pollId: number, force = false): Promise<Date | undefined> {
    const posts = await this.deps.polls.dirtyPosts(pollId);
    if (posts.length === 0) return undefined;
    const now = this.deps.clock.now().getTime();
    const { intervalMs } = this.options;
    let next: number | undefined;
    let queued = false;
    for (const post of posts) {
      if (!this.options.canEdit(platformOf(post.chatId))) {
        await this.deps.polls.clearDirty(post.id);
        continue;
      }
      const dueAt = force || !post.lastEditAt ? now : post.lastEditAt.getTime() + intervalMs;
      if (dueAt > now) {
        next = Math.min(next ?? dueAt, dueAt);
        continue;
      }
      const ref = await this.refOf(post);
      if (ref === "gone") {
        await this.deps.polls.clearDirty(post.id);
        continue;
      }
      if (ref === "later") {
        next = Math.min(next ?? now + intervalMs, now + intervalMs);
        continue;
      }
      // One edit of a copy in the outbox at a time: where the chat's rate limit
      // holds edits back, the next one waits and then shows the latest tally,
      // instead of a queue of stale ones building up.
      if (!force && (await this.deps.outbox.editWaiting(ref, LIVE_EDIT_PURPOSE))) {
        next = Math.min(next ?? now + intervalMs, now + intervalMs);
        continue;
      }
      if (await this.editOne(pollId, post, ref, now, force)) queued = true;
    }
    if (queued) this.deps.outbox.wake();
    return next === undefined ? undefined : new Date(next);
  }

  /**
   * Before a close's, a deletion's or an edit's transaction: where each
   * editable copy is and how its chat reads. Read outside the transaction, which holds a pooled
   * connection and must not wait for a second one.
   */
  async prepareCopies(poll: PollRecord): Promise<PreparedCopy[]> {
    const copies: PreparedCopy[] = [];
    for (const post of await this.deps.polls.posts(poll.id)) {
      if (post.nativePollId || !this.options.canEdit(platformOf(post.chatId))) continue;
      const ref = await this.refOf(post);
      copies.push({ post, ref, presentation: await this.deps.cards.presentation(post.chatId, poll.communityId) });
    }
    return copies;
  }

  /**
   * In a close's or an edit's transaction: queues every copy's edit, so the
   * edits exist exactly when the change does. A copy not sent yet stays dirty and a
   * flush job (written in the same transaction) edits it once it is; resolves
   * with that flush's time, if one is needed.
   */
  async queueEdits(poll: PollRecord, tally: Tally, copies: PreparedCopy[], tx: Tx): Promise<Date | undefined> {
    const now = this.deps.clock.now().getTime();
    let later = false;
    for (const { post, ref, presentation } of copies) {
      if (ref === "later") {
        later = true;
        continue;
      }
      const shown = await tx.pollPost.findUnique({ where: { id: post.id }, select: { renderedHash: true } });
      if (!shown) continue;
      if (ref === "gone") {
        await tx.pollPost.update({ where: { id: post.id }, data: { dirty: false }, select: { id: true } });
        continue;
      }
      const message = this.deps.cards.card(poll, tally, presentation);
      const hash = messageHash(message);
      if (hash !== shown.renderedHash) await this.deps.outbox.enqueueEdit(ref, message, LIVE_EDIT_PURPOSE, tx);
      await tx.pollPost.update({
        where: { id: post.id },
        data: { dirty: false, renderedHash: hash, lastEditAt: new Date(now) },
        select: { id: true },
      });
    }
    if (!later) return undefined;
    const at = new Date(now + this.options.intervalMs);
    await this.deps.jobs.schedule(FLUSH_JOB, at, { pollId: poll.id } satisfies FlushPayload, {
      dedupeKey: flushKey(poll.id),
      maxAttempts: 3,
      tx,
    });
    return at;
  }

  /** Arranges a flush at `at`: the durable job, and a timer where timers are on. */
  async later(pollId: number, at: Date): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const known = this.scheduled.get(pollId);
    // Something at or before `at` is still to come: it will find this copy too.
    if (known !== undefined && known > now && known <= at.getTime()) return;
    this.scheduled.set(pollId, at.getTime());
    await this.deps.jobs.schedule(FLUSH_JOB, at, { pollId } satisfies FlushPayload, {
      dedupeKey: flushKey(pollId),
      maxAttempts: 3,
    });
    if (!this.options.timers) return;
    const timer = setTimeout(
      () => {
        if (this.scheduled.get(pollId) === at.getTime()) this.scheduled.delete(pollId);
        this.changed(pollId).catch((error: unknown) => {
          this.deps.logger.warn({ err: error, pollId }, "could not flush live poll results");
        });
      },
      Math.max(0, at.getTime() - now),
    );
    timer.unref();
  }

  private async refOf(post: PostRecord): Promise<RefLookup> {
    if (post.ref) return post.ref;
    if (post.outboxId === null) return "gone";
    const refs = await this.deps.outbox.sentRefsOf(post.outboxId);
    // A long card split in parts carries its buttons on the last part.
    const ref = refs?.at(-1);
    if (ref) {
      await this.deps.polls.setPostRef(post.id, ref);
      return ref;
    }
    const status = await this.deps.outbox.statusOf(post.outboxId);
    return status === undefined || status === "dead" || status === "sent" ? "gone" : "later";
  }

  /** Claims one copy and queues its edit; false when another process had it, or nothing changed. */
  private async editOne(
    pollId: number,
    post: PostRecord,
    ref: MessageRef,
    now: number,
    force: boolean,
  ): Promise<boolean> {
    const poll = await this.deps.polls.find(pollId);
    if (!poll) return false;
    // Read before the transaction: it holds a pooled connection and must not wait for another.
    const presentation = await this.deps.cards.presentation(post.chatId, poll.communityId);
    const due = new Date(now - this.options.intervalMs);
    return inPollTransaction(this.deps.database, async (tx) => {
      let claimed: { renderedHash: string | null };
      try {
        claimed = await tx.pollPost.update({
          where: {
            id: post.id,
            dirty: true,
            ...(force ? {} : { OR: [{ lastEditAt: null }, { lastEditAt: { lte: due } }] }),
          },
          data: { dirty: false },
          select: { renderedHash: true },
        });
      } catch (error) {
        if (isRecordNotFound(error)) return false;
        throw error;
      }
      const current = await this.deps.polls.find(pollId, tx);
      if (!current) return false;
      const message = this.deps.cards.card(current, await this.deps.polls.tally(current, tx), presentation);
      const hash = messageHash(message);
      if (hash === claimed.renderedHash) return false;
      await this.deps.outbox.enqueueEdit(ref, message, LIVE_EDIT_PURPOSE, tx);
      await tx.pollPost.update({
        where: { id: post.id },
        data: { renderedHash: hash, lastEditAt: new Date(now) },
        select: { id: true },
      });
      return true;
    });
  }
}
