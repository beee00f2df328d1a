// Every message about a request that goes to a chat other than the one
// being answered, through the durable outbox:
//   cards in the officials' chats (posted, then edited to each new state),
//   notices to the resident (in the chat where they asked), to followers,
//   to the contact's chat and to the admins.
// Writes take the caller's transaction, so a message exists exactly when the
// change it announces does; the caller wakes the outbox after the commit.
//
// Inside a transaction every read goes through the transaction's client too
// (`client`): on PostgreSQL a transaction holds one pooled connection, and a
// read on another connection from inside it would wait for a free one, which
// under load (a pool's worth of requests at once) never comes.
import type { Clock } from "../../core/clock.js";
import type { MessageRef } from "../../core/events.js";
import { isLocale, type Locale, type Translator } from "../../core/i18n.js";
import { destinationOfChat } from "../../core/ids.js";
import type { Logger } from "../../core/logger.js";
import type { OutboundMessage } from "../../core/messages.js";
import { resolveLocale } from "../../core/resolve-locale.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import type { Community, Person } from "../../storage/generated/sqlite/client.js";
import { type AnyTx, runnerOf } from "../../storage/prisma-sql-runner.js";
import { dialectOf, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import type { Store } from "../../storage/store.js";
import type { HeldReplyOutbox } from "../held-reply.js";
import { type MessageBuilder, Notifier } from "../notifications/notifier.js";
import type { CardKind, CardRecord } from "./card-repository.js";
import type { CategoryRecord } from "./category-repository.js";
import type { ContactRecord } from "./contact-repository.js";
import { photoUrl } from "./photo-link.js";
import type { PhotoRecord } from "./photo-repository.js";
import { formatMinutes, type Presentation } from "./presentation.js";
import { type CardOptions, type RequestView, renderRequestCard } from "./request-card.js";
import type { RequestRepository } from "./request-repository.js";
import { adminChats } from "./routing.js";
import type { RequestRecord } from "./service-request-repository.js";

export const CARD_SYNC_JOB = "request.card-sync";

export interface CardSyncPayload {
  cardId: number;
  /** Also edit the card to the request's current state (it changed before the card's message was known). */
  edit: boolean;
}

/** Cards, card edits and notices; and the resident's receipt, held with the filing (held-reply.ts). */
export type RequestOutbox = Pick<Outbox, "enqueue" | "enqueueEdit" | "sentRefsOf" | "statusOf" | "wake"> &
  HeldReplyOutbox;

export interface MessengerDeps {
  store: Store;
  repo: RequestRepository;
  outbox: RequestOutbox;
  jobs: Pick<JobQueue, "schedule" | "cancel">;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  /** PUBLIC_BASE_URL: photo links start with it. */
  publicBaseUrl?: string;
}

/**
 * What the caller has already read in its transaction, so a view or a card
 * does not read it again (filing a request renders its card and its receipt
 * from the rows it has: issue 16, statements per routed request). A part
 * left out is read.
 */
export interface KnownParts {
  category?: Pick<CategoryRecord, "code" | "name" | "expectMinutes">;
  /** Used only when it is the request's contact. */
  contact?: ContactRecord;
  community?: Pick<Community, "name" | "timezone" | "locale"> | null;
  /** The resident (null: not found), for a request that shows their name. */
  resident?: Pick<Person, "displayName"> | null;
  photos?: Pick<PhotoRecord, "token">[];
}

/** Every part a new request's view needs, as its filing has them at hand: nothing is read. */
export type FiledParts = KnownParts & Required<Pick<KnownParts, "category" | "community" | "resident" | "photos">>;

/** A card written in a transaction: its sync job is scheduled once that commits. */
export interface PostedCard {
  cardId: number;
}

/** Wait before recording where a posted card landed (the outbox sends within moments). */
const CARD_SYNC_DELAY_MS = 30_000;

export class RequestMessenger {
  private readonly db: Tx;
  /** People are reached as every feature reaches them; built on the same outbox, store and translations. */
  private readonly notifier: Notifier;

  private readonly sql: SqlDialect;

  constructor(private readonly deps: MessengerDeps) {
    this.db = deps.store.database.db;
    this.sql = dialectOf(deps.store.database);
    this.notifier = new Notifier(deps.outbox, deps.store, deps.translator);
  }

  /** What every view of the request needs: its category, contact, community and (unless anonymous) resident. */
  async view(request: RequestRecord, client: Tx = this.db, known: KnownParts = {}): Promise<RequestView> {
    const { repo } = this.deps;
    const parts: FiledParts = {
      category: known.category ?? (await repo.categories.byId(request.categoryId, client)) ?? UNKNOWN_CATEGORY,
      community: known.community ?? (await client.community.findUnique({ where: { id: request.communityId } })),
      resident:
        request.anonymous || !request.residentPersonId || known.resident !== undefined
          ? (known.resident ?? null)
          : await client.person.findUnique({ where: { id: request.residentPersonId } }),
      photos: known.photos ?? (await repo.photos.ofRequest(request.id, client)),
    };
    return this.viewOf(request, parts, await this.contactOf(request, client, known));
  }

  /** The view of a request being filed, from the parts its filing has: no read, so in a transaction of either kind. */
  filedView(request: RequestRecord, known: FiledParts): RequestView {
    return this.viewOf(request, known, filedContact(request, known));
  }

  private viewOf(request: RequestRecord, parts: FiledParts, contact: ContactRecord | undefined): RequestView {
    const base = this.deps.publicBaseUrl;
    return {
      request,
      category: parts.category,
      contactName: contact?.name,
      communityName: parts.community?.name ?? "",
      residentName: request.anonymous ? undefined : parts.resident?.displayName,
      photoUrls: base ? parts.photos.map((photo) => photoUrl(base, photo.token)) : [],
      unlinkedPhotos: base ? 0 : parts.photos.length,
    };
  }

  /** How a chat reads: its language, else its community's; times in the request's community's zone. */
  async presentation(
    chatId: string | undefined,
    communityId: string,
    client: Tx = this.db,
    known: Pick<KnownParts, "community"> = {},
  ): Promise<Presentation> {
    const chat = chatId ? await this.chatLanguage(chatId, client) : null;
    const community = known.community ?? (await client.community.findUnique({ where: { id: communityId } }));
    return this.presentationFor(chat, community);
  }

  private presentationFor(
    chat: { locale: string | null } | null,
    community: Pick<Community, "timezone" | "locale"> | null | undefined,
  ): Presentation {
    const locale = resolveLocale(null, chat?.locale, community?.locale);
    return {
      t: this.deps.translator.forLocale(locale),
      locale,
      timezone: community?.timezone ?? "UTC",
      now: this.deps.clock.now(),
    };
  }

  /**
   * A chat's own language; null when there is no such chat. Every card drawn reads it (issue 16): the
   * chat as this process keeps it (chats.ts) when it has it, else plain SQL in `client`'s transaction.
   */
  private async chatLanguage(chatId: string, client: AnyTx): Promise<{ locale: string | null } | null> {
    const kept = this.deps.store.chats.kept(chatId);
    if (kept) return kept;
    const { table, param } = this.sql;
    const [row] = await runnerOf(client).query<{ locale: string | null }>(
      `SELECT "locale" FROM ${table("Chat")} WHERE "id" = ${param(1)}`,
      [chatId],
    );
    return row ?? null;
  }

  /** The card as it should look now in `card.chatId`. */
  async renderCard(
    request: RequestRecord,
    card: Pick<CardRecord, "chatId" | "kind">,
    client: Tx = this.db,
    known: KnownParts = {},
  ): Promise<OutboundMessage> {
    const view = await this.view(request, client, known);
    const p = await this.presentation(card.chatId, request.communityId, client, known);
    const contact = await this.contactOf(request, client, known);
    return renderRequestCard(view, p, this.cardOptions(request, card, contact, view, p));
  }

  /** renderCard for a request being filed, in its filing's transaction (of either kind): only the chat's language may be read. */
  private async renderFiledCard(
    tx: AnyTx,
    request: RequestRecord,
    card: Pick<CardRecord, "chatId" | "kind">,
    known: FiledParts,
  ): Promise<OutboundMessage> {
    const view = this.filedView(request, known);
    const p = this.presentationFor(await this.chatLanguage(card.chatId, tx), known.community);
    return renderRequestCard(view, p, this.cardOptions(request, card, filedContact(request, known), view, p));
  }

  private cardOptions(
    request: RequestRecord,
    card: Pick<CardRecord, "chatId" | "kind">,
    contact: ContactRecord | undefined,
    view: RequestView,
    p: Presentation,
  ): CardOptions {
    const options: CardOptions = {
      overdue: request.status === "open" && request.acknowledgedAt === null && request.overdueLevel >= 1,
    };
    if (card.kind === "contact") {
      if (contact && contact.chatId !== card.chatId) options.movedTo = contact.name;
      return options;
    }
    if (!contact) {
      options.adminNote = p.t("requests:card.noContact", {
        category: view.category.name,
        code: view.category.code,
      });
    } else if (request.overdueLevel >= 2) {
      options.adminNote = p.t("requests:card.escalated", {
        contact: contact.name,
        time: formatMinutes((view.category.expectMinutes ?? 0) * 2, p.t),
      });
    } else {
      // The admins' copy of a request that has since gone to a contact.
      options.movedTo = contact.name;
    }
    return options;
  }

  /** Posts a card to a chat (in the caller's transaction) and records it. */
  async postCard(
    tx: Tx,
    request: RequestRecord,
    chatId: string,
    kind: CardKind,
    known: KnownParts = {},
  ): Promise<PostedCard> {
    const message = await this.renderCard(request, { chatId, kind }, tx, known);
    return this.recordCard(tx, request, chatId, kind, message);
  }

  /** postCard for a request being filed, in its filing's transaction (of either kind). */
  async postFiledCard(
    tx: AnyTx,
    request: RequestRecord,
    chatId: string,
    kind: CardKind,
    known: FiledParts,
  ): Promise<PostedCard> {
    const message = await this.renderFiledCard(tx, request, { chatId, kind }, known);
    return this.recordCard(tx, request, chatId, kind, message);
  }

  private async recordCard(
    tx: AnyTx,
    request: RequestRecord,
    chatId: string,
    kind: CardKind,
    message: OutboundMessage,
  ): Promise<PostedCard> {
    const outboxId = await this.deps.outbox.enqueue(destinationOfChat(chatId), message, `request.card.${kind}`, tx);
    const cardId = await this.deps.repo.cards.add(tx, {
      requestId: request.id,
      chatId,
      outboxId,
      kind,
      createdAt: this.deps.clock.now(),
    });
    return { cardId };
  }

  /** Schedules the jobs that record where each new card lands; in the caller's transaction when given `tx`. */
  async scheduleSyncs(posted: PostedCard[], tx?: AnyTx): Promise<void> {
    const at = new Date(this.deps.clock.now().getTime() + CARD_SYNC_DELAY_MS);
    for (const { cardId } of posted) {
      const payload: CardSyncPayload = { cardId, edit: false };
      await this.deps.jobs.schedule(CARD_SYNC_JOB, at, payload, { dedupeKey: cardSyncKey(cardId), maxAttempts: 8, tx });
    }
  }

  /** Tells the outbox there is something to send (after a commit). */
  wake(): void {
    this.deps.outbox.wake();
  }

  /**
   * Brings every card of the request to its current state, except `except`
   * (the card whose button was pressed, already replaced in place). A card
   * whose message is not sent yet is edited by its sync job once it is.
   * `fresh` cards were just posted in the current state and need no edit.
   * With `tx`, the edits and sync jobs are written in that transaction.
   */
  async refreshCards(request: RequestRecord, except?: MessageRef, fresh?: Set<number>, tx?: Tx): Promise<void> {
    for (const card of await this.deps.repo.cards.ofRequest(request.id, tx)) {
      if (fresh?.has(card.id)) continue;
      const ref = await this.refOf(card, tx);
      if (ref && except && ref.chatId === except.chatId && ref.messageId === except.messageId) continue;
      if (!ref) {
        if (!(await this.neverArrives(card))) {
          const payload: CardSyncPayload = { cardId: card.id, edit: true };
          await this.deps.jobs.schedule(CARD_SYNC_JOB, this.deps.clock.now(), payload, {
            dedupeKey: cardSyncKey(card.id),
            maxAttempts: 8,
            tx,
          });
        }
        continue;
      }
      const message = await this.renderCard(request, card, tx);
      await this.deps.outbox.enqueueEdit(ref, message, "request.card.edit", tx);
    }
  }

  /** The sent message of a card, recorded on the card the first time it is known. */
  async refOf(card: CardRecord, tx?: Tx): Promise<MessageRef | undefined> {
    if (card.ref) return card.ref;
    if (card.outboxId === null) return undefined;
    // A long card is split into parts; the buttons are on the last one.
    const ref = (await this.deps.outbox.sentRefsOf(card.outboxId))?.at(-1);
    // In the caller's transaction: a write beside it would wait for it (SQLite holds one writer).
    if (ref) await this.deps.repo.cards.setRef(card.id, ref, tx);
    return ref;
  }

  /** Whether a card's message will never be sent (the outbox gave it up, or has no record of it): it cannot be edited. */
  async neverArrives(card: Pick<CardRecord, "outboxId">): Promise<boolean> {
    if (card.outboxId === null) return true;
    const status = await this.deps.outbox.statusOf(card.outboxId);
    return status === undefined || status === "dead";
  }

  // ---- notices ------------------------------------------------------------

  /**
   * The resident, in the chat where they asked, with a mention (that chat may
   * be on another platform than the officials'). In their own language if
   * they chose one, else the chat's.
   */
  async toResident(tx: Tx, request: RequestRecord, build: MessageBuilder, purpose: string): Promise<void> {
    if (!request.originChatId || !request.originIdentityId) return;
    const target = {
      personId: request.residentPersonId,
      identityId: request.originIdentityId,
      fallbackChatId: request.originChatId,
      inFallbackChat: true,
      communityId: request.communityId,
    };
    await this.notifier.toPerson(target, build, purpose, tx);
  }

  /**
   * Followers, each in their direct chat with the bot when it knows one, else
   * where they followed from with a mention; never the resident twice.
   */
  async toFollowers(tx: Tx, request: RequestRecord, build: MessageBuilder, purpose: string): Promise<void> {
    for (const follower of await this.deps.repo.followers.of(request.id, tx)) {
      if (follower.personId === request.residentPersonId) continue;
      const target = {
        personId: follower.personId,
        identityId: follower.identityId,
        fallbackChatId: follower.chatId,
        communityId: request.communityId,
      };
      await this.notifier.toPerson(target, build, purpose, tx);
    }
  }

  /** The handling contact's chat, or the admins when it has none. */
  async toContact(tx: Tx, request: RequestRecord, build: MessageBuilder, purpose: string): Promise<void> {
    const contact = await this.contactOf(request, tx);
    if (contact?.chatId) {
      await this.toChat(tx, request.communityId, contact.chatId, build, purpose);
      return;
    }
    await this.toAdmins(tx, request.communityId, build, purpose);
  }

  async toAdmins(tx: Tx, communityId: string, build: MessageBuilder, purpose: string): Promise<void> {
    for (const chatId of await adminChats(tx, communityId)) await this.toChat(tx, communityId, chatId, build, purpose);
  }

  private async toChat(tx: Tx, communityId: string, chatId: string, build: MessageBuilder, purpose: string) {
    const locale = await this.chatLocale(tx, communityId, chatId);
    await this.deps.outbox.enqueue(
      destinationOfChat(chatId),
      build(this.deps.translator.forLocale(locale), locale),
      purpose,
      tx,
    );
  }

  /** The chat's language, else the request's community's (an admin's direct chat belongs to no community). */
  private async chatLocale(tx: Tx, communityId: string, chatId: string): Promise<Locale> {
    const chat = await tx.chat.findUnique({ where: { id: chatId }, select: { locale: true } });
    // The community is read only when the chat chose no language.
    const community = isLocale(chat?.locale)
      ? null
      : await tx.community.findUnique({ where: { id: communityId }, select: { locale: true } });
    return resolveLocale(null, chat?.locale, community?.locale);
  }

  async contactOf(
    request: RequestRecord,
    client: Tx = this.db,
    known: Pick<KnownParts, "contact"> = {},
  ): Promise<ContactRecord | undefined> {
    if (request.contactId === null) return undefined;
    if (known.contact?.id === request.contactId) return known.contact;
    return this.deps.repo.contacts.byId(request.contactId, client);
  }
}

/** A filed request's contact: the one its filing routed it to (given with the parts), or none. */
function filedContact(request: RequestRecord, known: FiledParts): ContactRecord | undefined {
  return request.contactId !== null && known.contact?.id === request.contactId ? known.contact : undefined;
}

/** A request whose category is gone shows this. */
const UNKNOWN_CATEGORY = { code: "?", name: "?", expectMinutes: null };

export function cardSyncKey(cardId: number): string {
  return `request-card:${cardId}:sync`;
}
