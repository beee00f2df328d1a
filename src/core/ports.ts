// What the core needs from storage, as interfaces. src/storage implements them;
// the core never imports Prisma.
import type { Destination } from "./adapter.js";
import type { DeliveryKey } from "./delivery-key.js";
import type { EventCompletion } from "./event-completion.js";
import type { Author, Conversation, InboundEvent } from "./events.js";
import type { OutboundMessage } from "./messages.js";
import type { Role } from "./roles.js";

/** Claims on inbound events (storage: ProcessedEvents); a claim is the event's key and the time it was taken. */
export interface EventLedger {
  /**
   * Claims the event at `now`, with a lease. "duplicate": it is done.
   * "busy": another claim whose lease still runs holds it (its process may be
   * handling it, or may have died moments ago), so it is neither done nor ours.
   */
  claim(key: string, now: Date): Promise<"claimed" | "duplicate" | "busy">;
  /** Extends the claim's lease while its handler runs; false when it is no longer this claim's. */
  renew(completion: EventCompletion, now: Date): Promise<boolean>;
  /** Marks the event done, if the claim still holds it, with the writes asked to commit with it (commitWithCompletion). */
  finish(completion: EventCompletion): Promise<void>;
  /**
   * Gives up the claim, if it is still this one and not done, so that the
   * next delivery takes the event at once (its handler met a database outage).
   */
  release(completion: EventCompletion): Promise<void>;
}

/**
 * True when `error` says the database does not answer now (connection
 * refused or cut, pool or lock wait run out), not that this event is wrong:
 * the router then leaves the event for redelivery instead of failing it.
 * Storage supplies it, as only storage knows its drivers' errors.
 */
export type StorageOutage = (error: unknown) => boolean;

/** Where a button is shown: its chat, and whether it is a typed `/press <id>` line rather than a real button. */
export interface ActionPlace {
  chatId: string;
  typed: boolean;
}

/** A button's action as stored: what it runs, and the one place it may be pressed from. */
export interface StoredActionRecord extends ActionPlace {
  action: string;
  args: string[];
  /** The community of the chat when the button was posted; none in a direct chat. */
  communityId: string | null;
}

/**
 * Button actions behind opaque, unguessable ids. A card drawn again in the
 * same place gets the same ids; each place gets its own.
 */
export interface ActionStore {
  store(action: string, args: string[], place: ActionPlace): Promise<string>;
  find(id: string): Promise<StoredActionRecord | undefined>;
}

export interface ResolvedParticipant {
  person: { id: string; displayName: string; locale: string | null };
  chat: {
    id: string;
    platform: string;
    title: string | null;
    communityId: string | null;
    role: string;
    locale: string | null;
  };
  community: { id: string; name: string; timezone: string; locale: string } | undefined;
  role: Role | undefined;
}

/** Resolves who and where an event is: person, chat, community, role. */
export interface Directory {
  resolve(author: Author, conversation: Conversation, now: Date): Promise<ResolvedParticipant>;
  /** Where the bot can reach this identity privately, if it knows. */
  directChatOf(identityId: string): Promise<string | undefined>;
  rememberDirectChat(identityId: string, chatId: string): Promise<void>;
  /** The display name behind an identity, for mentions. */
  nameOf(identityId: string): Promise<string | undefined>;
  /** The communities a person is a member of, by name. */
  membershipsOf(personId: string): Promise<Array<{ community: NonNullable<ResolvedParticipant["community"]> }>>;
}

/**
 * Commands waiting for their author to open a direct chat with the bot, so
 * that what they give privately can be sent there.
 */
export interface PendingActions {
  /** Keeps `event` until `expiresAt`; returns an id that grants nothing alone. */
  park(event: InboundEvent, expiresAt: Date): Promise<string>;
  /** The parked event, if `id` is valid now and `identityId` parked it; each works once. */
  take(id: string, identityId: string, now: Date): Promise<InboundEvent | undefined>;
}

/** A guided flow in progress: one person's answers so far, in one chat. */
export interface GuidedFlowRecord {
  chatId: string;
  personId: string;
  identityId: string;
  flow: string;
  step: number;
  answers: Readonly<Record<string, string>>;
  /**
   * The current question's message, for replies that must answer it (groups):
   * its platform id once known, or the outbox row that posts it until then.
   */
  question?: FlowQuestion;
  expiresAt: Date;
}

/**
 * Where a flow's question is: its platform messages (a Telegram question in a
 * group is two: the question with its reply field, then its buttons), or the
 * outbox row whose sent messages they are.
 */
export type FlowQuestion = { messageIds: string[] } | { outboxId: number };

export interface GuidedFlows {
  /** Starts or moves on the person's flow in the chat (one each; a new one replaces the old). */
  save(flow: GuidedFlowRecord): Promise<void>;
  /** The person's unexpired flow in the chat. */
  current(chatId: string, personId: string, now: Date): Promise<GuidedFlowRecord | undefined>;
  /** Leaves the flow; false when there was none. */
  end(chatId: string, personId: string): Promise<boolean>;
}

/**
 * The durable queue (the outbox), as the core sees it: a reply the platform
 * would not take now (a rate limit, an outage) waits there and goes when
 * the platform allows it.
 */
export interface DeferredReplies {
  /** Queues the reply; resolves with its outbox row id, where its messages are recorded once it goes. */
  deferReply(to: Destination, message: OutboundMessage, notBefore: Date, delivery?: DeliveryKey): Promise<number>;
  /**
   * A held reply (domain/held-reply.ts) the platform put off: the row that
   * holds it goes at `notBefore` instead of at its hold's end, rather than a
   * second row; resolves with its id.
   */
  releaseHeld(id: number, notBefore: Date): Promise<number>;
}
