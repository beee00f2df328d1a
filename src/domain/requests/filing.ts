// Filing a request: the same steps for `/request <category> …` in a chat and
// for POST /open311/v2/requests.json. In one transaction: the next public
// number (on PostgreSQL taken just before it: service-request-repository.ts),
// the request, its first history entry, and its card (through the outbox) to
// the contact's team chat, or to the admins when no contact handles the
// category, its audit entry, the response-time jobs, the event's completion
// and the resident's receipt. The transaction is the driver's (direct-sql.ts):
// through Prisma's its dozen statements cost several times their own CPU
// (issue 16, routing). It is Prisma's only when the event has writes that
// need Prisma's client to commit with it (a guided flow's end).
import type { Clock } from "../../core/clock.js";
import { completionWrites, type EventCompletion, noteDoneCommitted } from "../../core/event-completion.js";
import type { Logger } from "../../core/logger.js";
import { type AnyTx, runnerOf } from "../../storage/prisma-sql-runner.js";
import { dialectOf, type SqlDialect } from "../../storage/raw-sql.js";
import { markEventDoneInEither } from "../../storage/repositories/processed-events.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { Store } from "../../storage/store.js";
import type { CategoryRecord } from "./category-repository.js";
import type { FiledParts, PostedCard, RequestMessenger } from "./messenger.js";
import type { PhotoInput } from "./photo-limits.js";
import type { RequestView } from "./request-card.js";
import type { RequestRepository } from "./request-repository.js";
import { type Route, routeFor } from "./routing.js";
import type { RequestRecord } from "./service-request-repository.js";
import type { Sla } from "./sla.js";
import { recordUnrouted } from "./unrouted.js";

/** Who filed it from where: replies route back to this chat and identity. */
export interface ChatOrigin {
  kind: "chat";
  personId: string;
  identityId: string;
  chatId: string;
  /** The resident's name as the event read it; read again in the filing when not given. */
  displayName?: string;
}

export interface Open311Origin {
  kind: "open311";
  apiKeyId: number;
}

export interface FilingInput {
  communityId: string;
  category: CategoryRecord;
  /** Checked already (limits.ts): 1 to 4,000 characters. */
  description: string;
  address?: string;
  /** A shared venue's name. */
  placeName?: string;
  lat?: number;
  long?: number;
  /** Open311 address_id: the city's own address register id. */
  addressId?: string;
  /** A photo's URL (Open311 media_url). */
  mediaUrl?: string;
  /** A photo sent with the request in a chat (checked already: photo-limits.ts). */
  photo?: PhotoInput;
  /** Hide the resident's name from the officials (chat requests; Open311 requests carry no name at all). */
  anonymous: boolean;
  origin: ChatOrigin | Open311Origin;
}

export interface Filed {
  request: RequestRecord;
  route: Route;
  /** The request as filed, for the receipt (read in the filing's transaction). */
  view: RequestView;
}

export interface FilingDeps {
  store: Store;
  repo: RequestRepository;
  messenger: RequestMessenger;
  sla: Sla;
  clock: Clock;
  logger: Logger;
}

/** What the caller adds to the filing's transaction. */
export interface FilingSteps {
  /** The event that asked for it: marked done with the request, so a redelivery files nothing more. */
  completion?: EventCompletion;
  /** Runs first (the resident's flood limit: counted only when the request is filed, and refusing it files nothing). */
  guard?: (tx: AnyTx) => Promise<void>;
  /** Runs last, given the request as filed (the resident's receipt, held with it: held-reply.ts). */
  withView?: (tx: AnyTx, view: RequestView) => Promise<void>;
}

export class RequestFiling {
  constructor(private readonly deps: FilingDeps) {}

  async file(input: FilingInput, steps: FilingSteps = {}): Promise<Filed> {
    const { repo, messenger, store } = this.deps;
    const { completion, guard, withView } = steps;
    const sql = dialectOf(store.database);
    const route = await routeFor(
      await repo.contacts.reachable(input.communityId),
      input.category.code,
      store.database.db,
      input.communityId,
    );
    const now = this.deps.clock.now();
    const chat = input.origin.kind === "chat" ? input.origin : undefined;
    const ahead = await repo.requests.numberAhead(input.communityId);
    const filing = async (tx: AnyTx) => {
      if (guard) await guard(tx);
      const { request, community } = await repo.requests.create(
        tx,
        {
          communityId: input.communityId,
          categoryId: input.category.id,
          contactId: route.kind === "contact" ? route.contact.id : null,
          description: input.description,
          address: input.address ?? null,
          placeName: input.placeName ?? null,
          lat: input.lat ?? null,
          long: input.long ?? null,
          addressId: input.addressId ?? null,
          mediaUrl: input.mediaUrl ?? null,
          anonymous: input.anonymous || input.origin.kind === "open311",
          residentPersonId: chat?.personId ?? null,
          originChatId: chat?.chatId ?? null,
          originIdentityId: chat?.identityId ?? null,
          source: input.origin.kind,
          createdAt: now,
        },
        ahead,
      );
      // Before the card is rendered, so the card links it.
      const photos = input.photo ? [await repo.photos.add(tx, request.id, input.photo, now)] : [];
      await repo.updates.add(tx, {
        requestId: request.id,
        actorPersonId: chat?.personId ?? null,
        kind: "status",
        toStatus: "open",
        createdAt: now,
      });
      // The card and the receipt are drawn from what this filing has read or written: the request is
      // new, so its photos are the one just added; its community came with its number, its resident is read once.
      const known: FiledParts = {
        category: input.category,
        ...(route.kind === "contact" ? { contact: route.contact } : {}),
        photos,
        community,
        resident: chat
          ? chat.displayName !== undefined
            ? { displayName: chat.displayName }
            : await residentName(tx, sql, chat.personId)
          : null,
      };
      const posted: PostedCard[] = [];
      if (route.kind === "contact")
        posted.push(await messenger.postFiledCard(tx, request, route.contact.chatId!, "contact", known));
      else
        for (const chatId of route.chatIds)
          posted.push(await messenger.postFiledCard(tx, request, chatId, "admins", known));
      await store.audit.record(
        {
          communityId: input.communityId,
          actorPersonId: chat?.personId,
          action: "request.file",
          subject: request.number,
          detail: {
            category: input.category.code,
            routedTo: route.kind === "contact" ? `contact:${route.contact.id}` : "admins",
            source: input.origin.kind,
            ...(input.photo ? { photo: true } : {}),
            ...(input.origin.kind === "open311" ? { apiKey: input.origin.apiKeyId } : {}),
          },
        },
        tx,
      );
      // The card syncs and the promise's steps commit with the request.
      await messenger.scheduleSyncs(posted, tx);
      await this.deps.sla.schedule(request, input.category.expectMinutes, tx);
      if (completion) await markEventDoneInEither(tx, sql, completion);
      const view = messenger.filedView(request, known);
      if (withView) await withView(tx, view);
      return { request, view };
    };
    const needsPrisma = completion !== undefined && completionWrites(completion).length > 0;
    const { request, view } = needsPrisma
      ? await inTransaction(store.database, filing)
      : await store.database.direct.transaction(filing);
    // Committed: the router need not mark the event done again.
    if (completion) noteDoneCommitted(completion);
    messenger.wake();
    if (route.kind === "admins" && route.chatIds.length === 0) {
      await recordUnrouted(store, input.communityId, request.number);
    }
    if (route.kind === "admins") {
      this.deps.logger.warn(
        { request: request.number, category: input.category.code, communityId: input.communityId },
        "no contact handles this category; the request went to the admins",
      );
    }
    return { request, route, view };
  }
}

/** The resident's name as the card shows it (plain SQL: every chat request reads it, issue 16). */
async function residentName(tx: AnyTx, sql: SqlDialect, personId: string): Promise<{ displayName: string } | null> {
  const [row] = await runnerOf(tx).query<{ displayName: string }>(
    `SELECT "displayName" FROM ${sql.table("Person")} WHERE "id" = ${sql.param(1)}`,
    [personId],
  );
  return row ?? null;
}
