// The adapter contract. Capabilities are plain data; the core reads them and
// falls back where a platform lacks something (see delivery.ts).
//
// Native forms are not a method here: a platform that has them (Slack and
// Discord modals) must open one within its trigger's few seconds, so its
// adapter is given the GuidedForms of src/core/forms.ts and decides as the
// command comes in. An adapter without them, or whose form failed to open,
// passes the command on unchanged, and the core asks question by question.
import type { ButtonLayout } from "./button-layout.js";
import type { UnreachableReason } from "./chat-changes.js";
import type { DeliveryKey } from "./delivery-key.js";
import type { Conversation, EventSink, InboundEvent, MessageRef, PollVoteEvent } from "./events.js";
import type { RenderedMessage } from "./messages.js";

export interface Capabilities {
  buttons: boolean;
  nativePolls: boolean;
  editMessage: boolean;
  threads: boolean;
  ephemeral: boolean;
  directMessages: boolean;
  files: boolean;
  /** Longest text one message may carry; longer text is split. */
  maxTextLength: number;
  /** How soon the platform wants an answer to an inbound event, in ms. */
  ackDeadlineMs: number;
  /** How buttons may be laid out; the core wraps rows, shortens labels, and lists what does not fit as `/press` lines. No limits when absent. */
  buttonLayout?: ButtonLayout;
  /** Longest toast (the short line answering a button press), in characters. Default 190. */
  toastLength?: number;
  /** The longest a native poll may stay open, in hours (Discord: 768); unlimited when absent. */
  nativePollMaxHours?: number;
  /** People can send the bot a location (Telegram's location message); absent: no. */
  sharedLocations?: boolean;
}

/** The toast length when an adapter does not say. */
export const DEFAULT_TOAST_LENGTH = 190;

/** Where to send: a chat (and optionally a thread in it). */
export interface Destination {
  platform: string;
  chatId: string;
  threadId?: string;
}

export interface NativePollSpec {
  question: string;
  options: string[];
  multi: boolean;
  /** Native polls are used only where the platform reports who voted. */
  anonymous: false;
  /** When Talkoot closes the poll, if it was given a time (platforms that need a duration use it). */
  closesAt?: Date;
}

/** At most `limit` messages to one chat in any window of `windowMs`. */
export interface SendRateRule {
  limit: number;
  windowMs: number;
}

export interface SendContext {
  /** The event being answered, when this is a direct reply (Discord answers interactions by token). */
  inReplyTo?: InboundEvent;
  /** Aborted when the sender may no longer send this (the outbox lost its lease on the row); stop before the next call. */
  signal?: AbortSignal;
  /**
   * The message's identity across attempts (delivery-key.ts). An adapter
   * whose platform can tell marks the message with it and, when an earlier
   * attempt may have landed, finds that message instead of posting again.
   */
  delivery?: DeliveryKey;
}

/** A file's bytes as the platform served them. */
export interface DownloadedFile {
  bytes: Uint8Array;
  /** The platform's path or name for it, when it gives one ("photos/file_1.jpg"). */
  name?: string;
}

export interface ChatAdapter {
  readonly platform: string;
  readonly capabilities: Capabilities;
  start(sink: EventSink): Promise<void>;
  stop(): Promise<void>;
  /** Connected to the platform and taking events (for /readyz). */
  isReady(): boolean;
  send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]>;
  edit?(ref: MessageRef, message: RenderedMessage): Promise<void>;
  delete?(ref: MessageRef): Promise<void>;
  createPoll?(to: Destination, poll: NativePollSpec): Promise<{ ref: MessageRef; nativePollId: string }>;
  closePoll?(ref: MessageRef, context?: SendContext): Promise<void>;
  /**
   * The answers of a native poll as the platform holds them now, one "add"
   * vote event per voter and answer, for a platform that never sends again
   * the votes cast while the bot was away (Discord's gateway starts a new
   * session after a restart). `runId` goes into each event's id, so a later
   * resync is handled again while a retry of the same one is a duplicate.
   */
  nativePollVotes?(ref: MessageRef, runId: string): Promise<PollVoteEvent[]>;
  /** The direct chat with this identity, or null if the platform won't let the bot start one. */
  openDirect?(identityId: string): Promise<Destination | null>;
  /** Shows a message to one person only, inside `to` (Slack's ephemeral messages). */
  sendEphemeral?(
    to: Destination,
    identityId: string,
    message: RenderedMessage,
    context?: SendContext,
  ): Promise<MessageRef[]>;
  /**
   * Whether sendEphemeral can reach this person for this context; asked
   * before a secret is made. Absent: always. (Discord can only answer
   * ephemerally as the reply to an interaction.) On "no" the core uses the
   * direct chat.
   */
  canSendEphemeral?(to: Destination, identityId: string, context?: SendContext): boolean;
  /**
   * A link that opens the person's direct chat with the bot and sends
   * `/start <payload>` there (Telegram's t.me deep link), for platforms where
   * the bot cannot write first. Undefined until the adapter knows its name.
   */
  directChatLink?(payload: string): string | undefined;
  /**
   * The bytes of a file someone sent (InboundFile.ref), for the bot's HTTP
   * server to pass on; throws when the platform no longer has it or it is
   * larger than `maxBytes`. With `types`, a file the platform states to be of
   * another type is refused before its bytes are fetched.
   */
  downloadFile?(ref: string, maxBytes: number, types?: readonly string[]): Promise<DownloadedFile>;
  /**
   * How fast the outbox may send to one chat on this platform. None when
   * absent (the SDK queues by itself, as discord.js does per route).
   */
  sendLimits?(chatId: string): SendRateRule[];
  /**
   * How long (ms) a message to this chat (without one: to any chat) sent now
   * would wait in this process for the platform's pace (its SDK's queue). A
   * reply that would wait longer than a moment goes to the outbox instead of
   * holding its event, and the outbox leaves the platform's rows alone until
   * its queue drains. 0 when absent.
   */
  sendDelayMs?(chatId?: string): number;
}

export interface DeliveryErrorOptions {
  retryAfterMs?: number;
  permanent?: boolean;
  /** The chat now has this (namespaced) id: send there instead (a Telegram group upgraded to a supergroup). */
  movedTo?: string;
  /** The bot can no longer post in this chat (removed, kicked, archived); implies permanent. */
  unreachable?: UnreachableReason;
  cause?: unknown;
  /**
   * The platform may have taken the message although no answer said so (a
   * timeout, a connection reset after the request went out, a 5xx from a
   * proxy): the next attempt looks for it before posting again.
   */
  mayHaveLanded?: boolean;
}

/** Thrown by adapters when a delivery fails, so the outbox knows what to do next. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: DeliveryErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "DeliveryError";
  }
  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }
  get permanent(): boolean {
    return this.options.permanent ?? this.options.unreachable !== undefined;
  }
  get movedTo(): string | undefined {
    return this.options.movedTo;
  }
  get unreachable(): UnreachableReason | undefined {
    return this.options.unreachable;
  }
  get mayHaveLanded(): boolean {
    return this.options.mayHaveLanded ?? false;
  }
}

export function destinationOf(conversation: Conversation): Destination {
  return { platform: conversation.platform, chatId: conversation.chatId, threadId: conversation.threadId };
}
