// Shared shapes of the fake's state. What goes on the wire is built from
// these by world.ts; tests read them directly.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Channel types the fake models (Discord's numbers). */
export const ChannelKind = {
  GuildText: 0,
  DM: 1,
  GuildAnnouncement: 5,
  PublicThread: 11,
  PrivateThread: 12,
} as const;
export type ChannelKindValue = (typeof ChannelKind)[keyof typeof ChannelKind];

export interface FakeUser {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** The user's privacy setting: the bot cannot message them (50007). */
  disallowDMs: boolean;
  /** The Discord client's language, sent as an interaction's `locale`. */
  locale: string;
}

export interface FakeRole {
  id: string;
  guildId: string;
  name: string;
  /** Permission bitfield. */
  permissions: bigint;
  position: number;
  color: number;
  mentionable: boolean;
  managed: boolean;
}

export interface FakeMember {
  guildId: string;
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  /** The bot's own permissions in the guild (interaction `app_permissions`). */
  botPermissions: bigint;
  joinedAt: string;
  /** False after guildDelete (the bot was removed). */
  botIsMember: boolean;
}

export interface FakeChannel {
  id: string;
  type: ChannelKindValue;
  guildId: string | null;
  name: string;
  /** A thread's parent channel. */
  parentId: string | null;
  position: number;
  topic: string | null;
  /** The bot cannot see this channel: REST answers 403 Missing Access. */
  noAccess: boolean;
  /** A DM's other participant. */
  recipientId: string | null;
  /** A thread's creator. */
  ownerId: string | null;
  archived: boolean;
  lastMessageId: string | null;
}

export interface StoredAttachment {
  id: string;
  filename: string;
  description?: string;
  contentType: string;
  bytes: Buffer;
}

export interface PollAnswer {
  answerId: number;
  text: string;
  emoji?: JsonObject;
}

export interface StoredPoll {
  question: string;
  answers: PollAnswer[];
  allowMultiselect: boolean;
  layoutType: number;
  expiry: string;
  finalized: boolean;
  /** answer_id -> user ids, in voting order. */
  votes: Map<number, string[]>;
}

/** Who a message notified, given its content and allowed_mentions. */
export interface Pings {
  everyone: boolean;
  here: boolean;
  users: string[];
  roles: string[];
  /** The author of the message this one replies to, if pinged. */
  repliedUser: string | null;
}

export type MessageSource = "channel" | "interaction" | "followup" | "user";

export interface MessageVersion {
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  editedAt: string;
}

export interface StoredMessage {
  id: string;
  channelId: string;
  guildId: string | null;
  authorId: string;
  /** For interaction replies and follow-ups: the application id, as Discord sets webhook_id. */
  webhookId: string | null;
  content: string;
  embeds: JsonObject[];
  components: JsonObject[];
  attachments: StoredAttachment[];
  flags: number;
  poll: StoredPoll | null;
  pings: Pings;
  /** allowed_mentions as sent (null when absent). */
  allowedMentions: JsonObject | null;
  messageReference: JsonObject | null;
  tts: boolean;
  timestamp: string;
  editedTimestamp: string | null;
  deleted: boolean;
  /** Earlier versions, oldest first. */
  edits: MessageVersion[];
  source: MessageSource;
  /** The interaction this message answers (reply, deferred reply or follow-up). */
  interactionId: string | null;
  /** Only this user sees it (EPHEMERAL, flag 64). */
  ephemeralTo: string | null;
}

export interface UploadedFile {
  /** The multipart field, e.g. `files[0]`. */
  field: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface CallRecord {
  method: string;
  /** The path under /api/v10, e.g. `/channels/123/messages`. */
  path: string;
  /** The route template, e.g. `/channels/:channelId/messages`. */
  route: string;
  query: Record<string, string>;
  /** JSON body, or the parsed `payload_json` of a multipart body. */
  body: unknown;
  files: UploadedFile[];
  authorized: boolean;
  status: number;
  /** Discord's JSON error code when the call failed with one. */
  errorCode?: number;
  at: number;
}

export type FailureSpec =
  | {
      status: 429;
      /** Seconds (fractions allowed, so tests stay fast; Discord sends whole seconds in Retry-After). */
      retryAfter: number;
      global?: boolean;
      scope?: "user" | "global" | "shared";
    }
  | { status: 500 | 502 | 503 | 504 };

export type CallMatcher = string | ((call: { method: string; path: string; route: string }) => boolean);

/** Interaction types (Discord's numbers). */
export const InteractionKind = {
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;
export type InteractionKindValue = (typeof InteractionKind)[keyof typeof InteractionKind];

/** Callback types the fake accepts. */
export const CallbackKind = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
} as const;

export interface CallbackRecord {
  type: number;
  data: JsonObject | null;
  files: UploadedFile[];
  at: number;
  withResponse: boolean;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionKindValue;
  guildId: string | null;
  channelId: string;
  userId: string;
  /** Component interactions: the message the component is on. */
  messageId: string | null;
  createdAt: number;
  /** The raw INTERACTION_CREATE payload as dispatched. */
  payload: JsonObject;
  callback: CallbackRecord | null;
  /** Tries that Discord refused (late, second, wrong type), for assertions. */
  rejectedCallbacks: { type: number; code: number; at: number }[];
  /** The original response message id (reply, deferred reply or updated message). */
  originalMessageId: string | null;
  followUpIds: string[];
  /** Autocomplete choices sent back. */
  choices: JsonObject[] | null;
  /** A modal shown in answer. */
  modal: JsonObject | null;
}
