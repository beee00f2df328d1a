// Notices to people and chats other than the one being answered: a wait-list
// promotion, a reminder, a request's status change. Each goes through the
// durable outbox, in the reader's own language.
//
// A person is reached in their direct chat with the bot when the bot knows it
// (they wrote to it there); otherwise in the chat they acted from, with a
// mention, so the notice still reaches them.

import { DEFAULT_LOCALE, isLocale, type Locale, type Translate, type Translator } from "../../core/i18n.js";
import { destinationOfChat } from "../../core/ids.js";
import type { OutboundMessage } from "../../core/messages.js";
import type { Outbox, OutboxWriter } from "../../outbox/outbox.js";
import type { Store } from "../../storage/store.js";

export type MessageBuilder = (t: Translate, locale: Locale) => OutboundMessage;

export interface PersonTarget {
  personId: string;
  /** The identity to reach (its platform decides where the notice goes). */
  identityId: string;
  /** Where to mention them when no direct chat is known. */
  fallbackChatId: string;
}

export class Notifier {
  constructor(
    private readonly outbox: Outbox,
    private readonly store: Store,
    private readonly translator: Translator,
  ) {}

  async toPerson(target: PersonTarget, build: MessageBuilder, purpose: string, tx?: OutboxWriter): Promise<number> {
    const [person, identity, fallbackChat] = await Promise.all([
      this.store.people.find(target.personId),
      this.store.people.identity(target.identityId),
      this.store.chats.find(target.fallbackChatId),
    ]);
    const direct = identity?.directChatId;
    const chatId = direct ?? target.fallbackChatId;
    const chat = direct ? await this.store.chats.find(direct) : fallbackChat;
    const locale = await this.localeFor(person?.locale, chat?.locale, fallbackChat?.communityId ?? undefined);
    const message = build(this.translator.forLocale(locale), locale);
    const body = direct
      ? message
      : { ...message, mention: { identityId: target.identityId, name: identity?.displayName ?? "" } };
    return this.outbox.enqueue(destinationOfChat(chatId), body, purpose, tx);
  }

  async toChat(chatId: string, build: MessageBuilder, purpose: string, tx?: OutboxWriter): Promise<number> {
    const chat = await this.store.chats.find(chatId);
    const locale = await this.localeFor(undefined, chat?.locale, chat?.communityId ?? undefined);
    return this.outbox.enqueue(
      destinationOfChat(chatId),
      build(this.translator.forLocale(locale), locale),
      purpose,
      tx,
    );
  }

  /** Wakes the dispatcher after a transaction that enqueued rows has committed. */
  wake(): void {
    this.outbox.wake();
  }

  private async localeFor(person?: string | null, chat?: string | null, communityId?: string): Promise<Locale> {
    if (isLocale(person)) return person;
    if (isLocale(chat)) return chat;
    const community = communityId ? await this.store.communities.find(communityId) : undefined;
    return isLocale(community?.locale) ? community.locale : DEFAULT_LOCALE;
  }
}
