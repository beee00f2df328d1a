// The neutral inbound event: what every adapter turns a platform update into.
// The core and the domain see only these, never a platform type.
import type { ChatChange } from "./chat-changes.js";
import type { Suggestion, SuggestQuery } from "./suggestions.js";

/** Where something was said. Ids are namespaced: "telegram:-100123", "slack:T1:C2". */
export interface Conversation {
  platform: string;
  chatId: string;
  /** Platform thread or topic, when the event came from one. */
  threadId?: string;
  isDirect: boolean;
  title?: string;
  /**
   * False when the platform says the bot is not in this chat (a Slack slash
   * command works in any channel, but the bot cannot post or listen there
   * until it is invited); absent when it is or nobody asked.
   */
  botIsMember?: boolean;
  /**
   * True where the bot receives only commands and messages addressed to it
   * (Telegram's privacy mode), so people who only talk stay unknown to it.
   */
  botSeesOnlyAddressed?: boolean;
}

export interface Author {
  /** Namespaced identity id: "telegram:42", "slack:T1:U2", "console:alice". */
  id: string;
  name: string;
  /** The platform username, if any, without "@". */
  handle?: string;
  /** The platform says this user administers this chat (creator, admin, workspace owner). */
  isChatAdmin: boolean;
  /** The platform's language hint for the user, if any (e.g. Telegram's language_code). */
  locale?: string;
}

/** A message the bot sent, as the platform knows it. Stored as JSON. */
export interface MessageRef {
  platform: string;
  chatId: string;
  messageId: string;
  threadId?: string;
}

interface EventBase {
  platform: string;
  /** Stable across redeliveries of the same platform event; the de-duplication key. */
  eventId: string;
  conversation: Conversation;
  author: Author;
  receivedAt: Date;
  /** The platform payload, for logs at debug level only. */
  raw?: unknown;
}

/** Typed words: the person's own message that carried them, where the platform names it, so an answer can quote it. */
interface SaidBase extends EventBase {
  source?: MessageRef;
  /**
   * The message this one replies to, where the platform says (a Telegram
   * reply): in a group, it tells whose guided-flow question an answer is for.
   */
  repliesTo?: MessageRef;
}

/** A command line, canonicalised by the adapter: "/task add Sorting --slots 4". */
export interface CommandEvent extends SaidBase {
  kind: "command";
  text: string;
  /** The person whose message this command was sent in reply to (a Telegram reply), when it was a person's. */
  replyTo?: Author;
  /**
   * The words as said, when the adapter read this command from plain words
   * addressed to the bot ("task force" in reply to it): they may be the
   * person's answer to a guided flow's question rather than a command.
   */
  spokenText?: string;
  /** A file sent with the command (a photo captioned "/request …"). */
  file?: InboundFile;
}

/**
 * A file someone sent, as a reference: the platform keeps the bytes and the
 * adapter fetches them by `ref` (ChatAdapter.downloadFile).
 */
export interface InboundFile {
  /** The platform's own reference (Telegram's file_id). */
  ref: string;
  /** As the platform states it; a Telegram photo is always "image/jpeg". */
  mimeType: string;
  /** Bytes, as the platform states them; 0 when it does not say. */
  size: number;
  /** "photo": recompressed by the platform; "document": sent as a file, as taken. */
  kind: "photo" | "document";
}

/** A place someone shared: a point, and for a venue its name and address. */
export interface SharedPlace {
  lat: number;
  long: number;
  venue?: { title: string; address: string };
}

/** A location or venue sent to the bot (Telegram's location message). */
export interface LocationEvent extends SaidBase {
  kind: "location";
  place: SharedPlace;
}

/** A button press. `actionId` is the opaque reference the core put on the button. */
export interface ActionEvent extends EventBase {
  kind: "action";
  actionId: string;
  /** The message that carried the button, so the handler can update it. */
  message?: MessageRef;
}

/**
 * A vote in a platform-native poll. Platforms report votes in one of two
 * ways, and `change` says which:
 *   "set" (Telegram): `optionIndexes` is the voter's whole ballot now; empty retracts.
 *   "add" / "remove" (Discord): one answer, `optionIndexes[0]`, was added or taken back.
 * Absent means "set".
 */
export interface PollVoteEvent extends EventBase {
  kind: "pollVote";
  nativePollId: string;
  optionIndexes: number[];
  change?: PollVoteChange;
}

export type PollVoteChange = "set" | "add" | "remove";

/** Plain text addressed to the bot that is not a command (a mention, a DM). */
export interface MessageEvent extends SaidBase {
  kind: "message";
  /** The words, or a sent file's caption ("" without one). */
  text: string;
  /** A photo or file said to the bot without a command: it may answer a guided flow's photo question. */
  file?: InboundFile;
}

export type InboundEvent = CommandEvent | ActionEvent | PollVoteEvent | MessageEvent | LocationEvent;
export type InboundKind = InboundEvent["kind"];

/** What the core tells an adapter about an event it handled, e.g. a toast for a button press. */
export interface EventOutcome {
  /**
   * "unavailable": the core is not taking events (it is shutting down, or
   * its database does not answer); the platform should deliver this event
   * again later, so an adapter must not acknowledge it as done.
   */
  status: "handled" | "duplicate" | "failed" | "ignored" | "unavailable";
  /** A short line to show the presser (Telegram answerCallbackQuery, Slack ephemeral). */
  toast?: string;
  /**
   * With "duplicate": the event is not done yet, another claim holds it (a
   * live handler, or a process that died moments ago whose lease has not run
   * out). An adapter that keeps events (an inbox) tries it again later
   * instead of dropping it, so a restart within the lease loses nothing.
   */
  inProgress?: boolean;
}

/** The core's entry point, handed to adapters at start. */
export interface EventSink {
  handle(event: InboundEvent): Promise<EventOutcome>;
  /** False once the core stops taking events: webhook adapters answer 503 so the platform redelivers. */
  isAccepting?(): boolean;
  /** Values for an argument being typed (autocomplete); read-only, never throws. */
  suggest?(query: SuggestQuery): Promise<Suggestion[]>;
  /** A chat got a new id, or the bot lost or regained the right to post there. Idempotent; throws only when storage fails. */
  chatChanged?(change: ChatChange): Promise<void>;
}
