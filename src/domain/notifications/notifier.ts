// Notices to people and chats other than the one being answered: a wait-list
// promotion, a reminder, a request's status change. Each goes through the
// durable outbox, in the reader's own language.
//
// A person is reached in their direct chat with the bot when the bot knows it
// (they wrote to it there); otherwise in the chat they acted from, with a
// mention, so the notice still reaches them.
//
// One event for many people (a shift edited, cancelled, or about to start)
// is one message per group chat that mentions everyone there (toPeople), not
// one message per person: twenty volunteers do not flood the group.

import { isLocale, type Locale, type Translate, type Translator } from "../../core/i18n.js";
import { destinationOfChat } from "../../core/ids.js";
import type { Mention, OutboundMessage } from "../../core/messages.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Outbox, OutboxWriter } from "../../outbox/outbox.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { Store } from "../../storage/store.js";

/**
 * The most people one group message mentions; a bigger group gets one more
 * message per this many. Discord's allowed_mentions takes at most 100 users.
 */
export const MENTIONS_PER_MESSAGE = 50;

export type MessageBuilder = (t: Translate, locale: Locale) => OutboundMessage;

export interface PersonTarget {
  /** Whose language choice counts; null when the person is no longer known. */
  personId: string | null;
  /** The identity to reach (its platform decides where the notice goes). */
  identityId: string;
  /** Where to mention them when no direct chat is known. */
  fallbackChatId: string;
  /** Mention them in the fallback chat even when a direct chat is known: an answer goes where the question was asked. */
  inFallbackChat?: boolean;
  /** The community whose language is the last resort; default: the fallback chat's. */
  communityId?: string;
}

/**
 * A transaction client, when the notice is part of a change: the notice's
 * row is written with it, and the rows that address it are read with it too,
 * so a transaction never waits on the pool for a second connection.
 */
export type NoticeWriter = OutboxWriter & Pick<Tx, "person" | "identity" | "chat" | "community">;

interface Addressing {
  person(id: string): Promise<{ locale: string | null } | undefined | null>;
  identity(id: string): Promise<{ displayName: string; directChatId: string | null } | undefined | null>;
  chat(id: string): Promise<{ locale: string | null; communityId: string | null } | undefined | null>;
  communityLocale(id: string): Promise<string | undefined>;
}

export class Notifier {
  constructor(
    private readonly outbox: Pick<Outbox, "enqueue" | "wake">,
    private readonly store: Store,
    private readonly translator: Translator,
  ) {}

  async toPerson(target: PersonTarget, build: MessageBuilder, purpose: string, tx?: NoticeWriter): Promise<number> {
    const read = this.addressing(tx);
    const [person, identity, fallbackChat] = await Promise.all([
      target.personId === null ? undefined : read.person(target.personId),
      read.identity(target.identityId),
      read.chat(target.fallbackChatId),
    ]);
    const direct = target.inFallbackChat ? undefined : identity?.directChatId;
    const chatId = direct ?? target.fallbackChatId;
    const chat = direct ? await read.chat(direct) : fallbackChat;
    const communityId = target.communityId ?? fallbackChat?.communityId ?? undefined;
    const locale = await this.localeFor(read, person?.locale, chat?.locale, communityId);
    const message = build(this.translator.forLocale(locale), locale);
    const body = direct
      ? message
      : { ...message, mention: { identityId: target.identityId, name: identity?.displayName ?? "" } };
    return this.outbox.enqueue(destinationOfChat(chatId), body, purpose, tx);
  }

  async toChat(
    chatId: string,
    build: MessageBuilder,
    purpose: string,
    tx?: NoticeWriter,
    mentions?: Mention[],
  ): Promise<number> {
    const read = this.addressing(tx);
    const chat = await read.chat(chatId);
    const locale = await this.localeFor(read, undefined, chat?.locale, chat?.communityId ?? undefined);
    const message = build(this.translator.forLocale(locale), locale);
    return this.outbox.enqueue(destinationOfChat(chatId), mentions ? { ...message, mentions } : message, purpose, tx);
  }

  /**
   * The same notice for several people: each one the bot can write to
   * directly gets it there; the rest are mentioned together, one message per
   * chat (in the chat's language), split only past MENTIONS_PER_MESSAGE.
   * Returns the outbox ids.
   */
  async toPeople(
    targets: PersonTarget[],
    build: MessageBuilder,
    purpose: string,
    tx?: NoticeWriter,
  ): Promise<number[]> {
    const read = this.addressing(tx);
    const ids: number[] = [];
    const groups = new Map<string, Map<string, Mention>>();
    for (const target of targets) {
      const identity = await read.identity(target.identityId);
      if (identity?.directChatId && !target.inFallbackChat) {
        ids.push(await this.toPerson(target, build, purpose, tx));
        continue;
      }
      const group = groups.get(target.fallbackChatId) ?? new Map<string, Mention>();
      group.set(target.identityId, { identityId: target.identityId, name: identity?.displayName ?? "" });
      groups.set(target.fallbackChatId, group);
    }
    for (const [chatId, group] of groups) {
      const mentions = [...group.values()];
      for (let i = 0; i < mentions.length; i += MENTIONS_PER_MESSAGE) {
        ids.push(await this.toChat(chatId, build, purpose, tx, mentions.slice(i, i + MENTIONS_PER_MESSAGE)));
      }
    }
    return ids;
  }

  /** Wakes the dispatcher after a transaction that enqueued rows has committed. */
  wake(): void {
    this.outbox.wake();
  }

  private async localeFor(
    read: Addressing,
    person?: string | null,
    chat?: string | null,
    communityId?: string,
  ): Promise<Locale> {
    // The community is read only when neither the person nor the chat chose a language.
    const community =
      isLocale(person) || isLocale(chat) || !communityId ? undefined : await read.communityLocale(communityId);
    return resolveLocale(person, chat, community);
  }

  /** Reads through the transaction when there is one, else through the store (and its caches). */
  private addressing(tx: NoticeWriter | undefined): Addressing {
    if (!tx) {
      return {
        person: (id) => this.store.people.find(id),
        identity: (id) => this.store.people.identity(id),
        chat: (id) => this.store.chats.find(id),
        communityLocale: async (id) => (await this.store.communities.find(id))?.locale,
      };
    }
    return {
      person: (id) => tx.person.findUnique({ where: { id }, select: { locale: true } }),
      identity: (id) => tx.identity.findUnique({ where: { id }, select: { displayName: true, directChatId: true } }),
      chat: (id) => tx.chat.findUnique({ where: { id }, select: { locale: true, communityId: true } }),
      communityLocale: async (id) =>
        (await tx.community.findUnique({ where: { id }, select: { locale: true } }))?.locale,
    };
  }
}
