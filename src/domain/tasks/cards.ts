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
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Store } from "../../storage/store.js";
import type { CardPoster } from "./occurrences.js";
import { renderTaskCard } from "./task-card.js";
import type { TaskRecord, TaskRepository, TaskView } from "./task-repository.js";

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
    await this.remember(task.id, refs);
  }

  /** Records a sent card; with a long card split in parts, the buttons are on the last. */
  async remember(taskId: number, refs: MessageRef[]): Promise<void> {
    const ref = refs.at(-1);
    if (ref) await this.tasks.addPost(taskId, ref);
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
      if (except && post.ref.chatId === except.chatId && post.ref.messageId === except.messageId) continue;
      if (!this.canEdit(post.ref.platform)) continue;
      try {
        await this.delivery.edit(post.ref, await this.renderFor(view, post.chatId));
      } catch (error) {
        this.logger.warn({ err: error, taskId, chatId: post.chatId }, "could not update a task card");
      }
    }
  }
}
