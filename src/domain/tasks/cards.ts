// Task cards in chats: posting one (and remembering where, as a TaskPost) and
// bringing every posted copy up to date after sign-ups change. A card is
// public, so it speaks the chat's language, not the language of whoever
// pressed a button on it.
import type { Destination } from "../../core/adapter.js";
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import type { Translator } from "../../core/i18n.js";
import { destinationOfChat } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { OutboundMessage } from "../../core/messages.js";
import type { PostedReply } from "../../core/reply-delivery.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Store } from "../../storage/store.js";
import type { CardPoster } from "./occurrences.js";
import { renderTaskCard } from "./task-card.js";
import type { TaskPostRecord, TaskRecord, TaskRepository, TaskView } from "./task-repository.js";

/** Where a card sent through the outbox landed (Outbox.sentRefsOf). */
export interface SentCards {
  sentRefsOf(outboxId: number): Promise<MessageRef[] | undefined>;
}

/** What cards are sent and edited through (core's Delivery). */
export interface CardDelivery {
  send(to: Destination, message: OutboundMessage): Promise<MessageRef[]>;
  edit(ref: MessageRef, message: OutboundMessage): Promise<MessageRef[]>;
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
    private readonly sent?: SentCards,
  ) {}

  /** The card for a chat: in its language (else the community's), times in the community's zone. */
  async renderFor(view: TaskView, chatId: string): Promise<OutboundMessage> {
    const [chat, community] = await Promise.all([
      this.store.chats.find(chatId),
      this.store.communities.find(view.task.communityId),
    ]);
    const locale = resolveLocale(null, chat?.locale, community?.locale);
    return renderTaskCard(view, {
      t: this.translator.forLocale(locale),
      locale,
      timezone: community?.timezone ?? "UTC",
      now: this.clock.now(),
    });
  }

  async postCard(task: TaskRecord, chatId: string): Promise<void> {
    const view = await this.tasks.view(task);
    if (!view) return;
    const refs = await this.delivery.send(destinationOfChat(chatId), await this.renderFor(view, chatId));
    await this.remember(task.id, chatId, { refs });
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
    else if (posted.queued !== undefined) await this.tasks.addQueuedPost(taskId, chatId, posted.queued);
  }

  /** Where a posted copy is: recorded on it the first time its outbox row is known to be sent. */
  private async refOf(post: TaskPostRecord): Promise<MessageRef | undefined> {
    if (post.ref) return post.ref;
    if (post.outboxId === null || !this.sent) return undefined;
    const ref = (await this.sent.sentRefsOf(post.outboxId))?.at(-1);
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
