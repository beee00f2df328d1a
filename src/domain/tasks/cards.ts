// Task cards in chats: posting one (and remembering where, as a TaskPost) and
// bringing every posted copy up to date after sign-ups change. A card is
// public, so it speaks the chat's language, not the language of whoever
// pressed a button on it. A card a job posts (the next time of a series, a
// poll's shift) goes through the outbox in the job's own transaction, so a
// crash neither loses it nor posts it twice.
import type { Destination } from "../../core/adapter.js";
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import type { Translator } from "../../core/i18n.js";
import { destinationOfChat } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { OutboundMessage } from "../../core/messages.js";
import type { PostedReply } from "../../core/reply-delivery.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { OutboxWriter } from "../../outbox/outbox.js";
import type { JobHandler } from "../../scheduler/job-queue.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { Store } from "../../storage/store.js";
import type { CardPoster } from "./occurrences.js";
import type { JobScheduler } from "./reminders.js";
import { renderTaskCard } from "./task-card.js";
import type { TaskPostRecord, TaskRecord, TaskRepository, TaskView } from "./task-repository.js";

/** The outbox, as cards use it: queued in a transaction, and where each landed once sent (app: Outbox). */
export interface CardOutbox {
  enqueue(to: Destination, message: OutboundMessage, purpose: string, tx: OutboxWriter): Promise<number>;
  sentRefsOf(outboxId: number): Promise<MessageRef[] | undefined>;
  enqueueEdit(ref: MessageRef, message: OutboundMessage, purpose: string, tx: OutboxWriter): Promise<number>;
  /** The row's state ("dead": given up); undefined when it is gone. */
  statusOf(outboxId: number): Promise<string | undefined>;
  /** After the commit: send what was queued now. */
  wake(): void;
}

/** What cards are sent and edited through (core's Delivery). */
export interface CardDelivery {
  send(to: Destination, message: OutboundMessage): Promise<MessageRef[]>;
  edit(ref: MessageRef, message: OutboundMessage): Promise<MessageRef[]>;
}

/** A card posted with a caller's transaction (Cards.cardFor). */
export interface TransactionalCard {
  queueIn(tx: Tx, task: TaskRecord): Promise<void>;
  afterCommit(task: TaskRecord): Promise<void>;
}

type CardLook = Parameters<typeof renderTaskCard>[1];

export const CARD_PLACE_JOB = "task.card-place";

export interface CardPlacePayload {
  postId: number;
}

/** Wait before recording where a queued card landed (the outbox sends within moments). */
const CARD_PLACE_DELAY_MS = 30_000;

export const CARD_RESYNC_JOB = "task.card-resync";

export interface CardResyncPayload {
  taskId: number;
}

/**
 * After a change, the handler edits every copy at once (refresh). This job,
 * written in the change's transaction, edits them again a little later
 * through the outbox, so a crash between the commit and that refresh leaves
 * no copy stale for good. Changes in a row share one job (its key), which
 * waits for the last of them. An edit that changes nothing costs one call
 * (Telegram's "message is not modified" counts as done).
 */
const CARD_RESYNC_DELAY_MS = 30_000;

export function cardResyncJob(cards: Pick<Cards, "resync">): JobHandler<CardResyncPayload> {
  return {
    async run(payload, job) {
      await cards.resync(payload.taskId, (tx) => job.completeIn(tx));
    },
  };
}

/** Records where a task card queued in the outbox landed; retried (with backoff) until it is sent or given up. */
export function cardPlaceJob(cards: Pick<Cards, "recordPlace">): JobHandler<CardPlacePayload> {
  return {
    async run(payload) {
      if (!(await cards.recordPlace(payload.postId))) throw new Error(`task card ${payload.postId} is not sent yet`);
    },
  };
}

export class Cards implements CardPoster {
  constructor(
    private readonly tasks: TaskRepository,
    private readonly store: Store,
    private readonly delivery: CardDelivery,
    private readonly translator: Translator,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Whether a platform edits messages; where it cannot, a refresh would post a new card per change. */
    private readonly canEdit: (platform: string) => boolean = () => true,
    private readonly outbox?: CardOutbox,
    /** Schedules the job that records where a card queued in the outbox landed (cardPlaceJob). */
    private readonly jobs?: JobScheduler,
  ) {}

  /** The card for a chat: in its language (else the community's), times in the community's zone. */
  async renderFor(view: TaskView, chatId: string): Promise<OutboundMessage> {
    return renderTaskCard(view, await this.lookIn(chatId, view.task.communityId));
  }

  /** How a card looks in a chat: its language (else the community's), times in the community's zone. */
  private async lookIn(chatId: string, communityId: string): Promise<CardLook> {
    const [chat, community] = await Promise.all([
      this.store.chats.find(chatId),
      this.store.communities.find(communityId),
    ]);
    const locale = resolveLocale(null, chat?.locale, community?.locale);
    return {
      t: this.translator.forLocale(locale),
      locale,
      timezone: community?.timezone ?? "UTC",
      now: this.clock.now(),
    };
  }

  /**
   * A card for a shift that a caller's transaction makes: its look is read
   * now, and `queueIn` queues it in the outbox (with its TaskPost) in that
   * transaction, so it commits with the shift or not at all. `afterCommit`
   * sends it; without an outbox (tests of the rules alone) it is posted then.
   */
  async cardFor(chatId: string, communityId: string): Promise<TransactionalCard> {
    const look = await this.lookIn(chatId, communityId);
    const outbox = this.outbox;
    return {
      queueIn: async (tx, task) => {
        const view = await this.tasks.view(task, tx);
        if (!view || !outbox) return;
        const outboxId = await outbox.enqueue(destinationOfChat(chatId), renderTaskCard(view, look), "task.card", tx);
        await this.schedulePlace(await this.tasks.addQueuedPost(task.id, chatId, outboxId, tx), tx);
      },
      afterCommit: async (task) => {
        if (outbox) outbox.wake();
        else await this.postCard(task, chatId);
      },
    };
  }

  async postCard(task: TaskRecord, chatId: string): Promise<void> {
    const view = await this.tasks.view(task);
    if (!view) return;
    const refs = await this.delivery.send(destinationOfChat(chatId), await this.renderFor(view, chatId));
    await this.remember(task.id, chatId, { refs });
  }

  /**
   * Posts the card through the outbox, its place (a TaskPost) and `complete`
   * (the job's completion) in one transaction. Without an outbox (tests of the
   * rules alone) it is sent directly, then completed.
   */
  async postCardDurably(task: TaskRecord, chatId: string, complete: (tx: Tx) => Promise<void>): Promise<void> {
    const view = await this.tasks.view(task);
    if (!view) return;
    const message = await this.renderFor(view, chatId);
    const outbox = this.outbox;
    if (!outbox) {
      await this.remember(task.id, chatId, { refs: await this.delivery.send(destinationOfChat(chatId), message) });
      await this.store.database.db.$transaction(complete);
      return;
    }
    await this.store.database.db.$transaction(async (tx) => {
      const outboxId = await outbox.enqueue(destinationOfChat(chatId), message, "task.card", tx);
      const postId = await this.tasks.addQueuedPost(task.id, chatId, outboxId, tx);
      await this.schedulePlace(postId, tx);
      await complete(tx);
    });
    outbox.wake();
  }

  /**
   * A copy queued in the outbox learns its place from the outbox row, which
   * retention deletes after some days: a job records the place on the copy
   * soon after it is sent, so a change weeks later still edits the card.
   */
  private async schedulePlace(postId: number, tx?: Tx): Promise<void> {
    const at = new Date(this.clock.now().getTime() + CARD_PLACE_DELAY_MS);
    const payload: CardPlacePayload = { postId };
    await this.jobs?.schedule(CARD_PLACE_JOB, at, payload, {
      dedupeKey: `task-post:${postId}:place`,
      maxAttempts: 8,
      tx,
    });
  }

  /** Schedules the job that edits every copy again shortly (cardResyncJob), in the change's transaction. */
  async scheduleResync(taskId: number, tx: Tx): Promise<void> {
    const at = new Date(this.clock.now().getTime() + CARD_RESYNC_DELAY_MS);
    const payload: CardResyncPayload = { taskId };
    await this.jobs?.schedule(CARD_RESYNC_JOB, at, payload, {
      dedupeKey: `task-card:${taskId}:resync`,
      keepEarlierRun: true,
      tx,
    });
  }

  /** Queues an edit of every editable copy with the task's current card, in one transaction with `complete`. */
  async resync(taskId: number, complete: (tx: Tx) => Promise<void>): Promise<void> {
    const view = await this.tasks.view(taskId);
    const outbox = this.outbox;
    const edits: Array<{ ref: MessageRef; message: OutboundMessage }> = [];
    if (view && outbox) {
      for (const post of await this.tasks.posts(taskId)) {
        const ref = await this.refOf(post);
        if (ref && this.canEdit(ref.platform)) edits.push({ ref, message: await this.renderFor(view, post.chatId) });
      }
    }
    await this.store.database.db.$transaction(async (tx) => {
      for (const { ref, message } of edits) await outbox?.enqueueEdit(ref, message, "task.card.edit", tx);
      await complete(tx);
    });
    if (edits.length > 0) outbox?.wake();
  }

  /** Records where a queued copy landed; false while its outbox row is still to go, true when done or never. */
  async recordPlace(postId: number): Promise<boolean> {
    const post = await this.tasks.findPost(postId);
    if (!post || post.ref || post.outboxId === null) return true;
    if (await this.refOf(post)) return true;
    const status = await this.outbox?.statusOf(post.outboxId);
    return status === undefined || status === "dead";
  }

  /**
   * Records a sent card; with a long card split in parts, the buttons are on
   * the last. A card the platform refused for a while went to the outbox
   * (`queued`): its row is recorded, and the card's place is read from it
   * once it is sent, so later changes still edit it.
   */
  async remember(taskId: number, chatId: string, posted: PostedReply): Promise<void> {
    const ref = posted.refs.at(-1);
    if (ref) await this.tasks.addPost(taskId, ref);
    else if (posted.queued !== undefined)
      await this.schedulePlace(await this.tasks.addQueuedPost(taskId, chatId, posted.queued));
  }

  /** Where a posted copy is: recorded on it the first time its outbox row is known to be sent. */
  private async refOf(post: TaskPostRecord): Promise<MessageRef | undefined> {
    if (post.ref) return post.ref;
    if (post.outboxId === null || !this.outbox) return undefined;
    const ref = (await this.outbox.sentRefsOf(post.outboxId))?.at(-1);
    if (ref) await this.tasks.setPostRef(post.id, ref);
    return ref;
  }

  async hasPosts(taskId: number): Promise<boolean> {
    return (await this.tasks.posts(taskId, 1)).length > 0;
  }

  /**
   * Edits every posted copy of the card (the newest ten), except `except`
   * (the one the handler already updated in place). Best effort: a card that
   * cannot be edited (deleted, too old) is logged and skipped.
   */
  async refresh(taskId: number, except?: MessageRef): Promise<void> {
    const view = await this.tasks.view(taskId);
    if (!view) return;
    for (const post of await this.tasks.posts(taskId)) {
      // A copy still in the outbox shows the card as it was queued; the next change after it lands edits it.
      const ref = await this.refOf(post);
      if (!ref) continue;
      if (except && ref.chatId === except.chatId && ref.messageId === except.messageId) continue;
      if (!this.canEdit(ref.platform)) continue;
      try {
        await this.delivery.edit(ref, await this.renderFor(view, post.chatId));
      } catch (error) {
        this.logger.warn({ err: error, taskId, chatId: post.chatId }, "could not update a task card");
      }
    }
  }
}
