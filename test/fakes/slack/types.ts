// Shared shapes of the fake's state. Slack-facing objects are plain JSON so
// they can be sent on the wire exactly as built.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type TokenKind = "bot" | "app" | "user";

export interface TokenInfo {
  token: string;
  kind: TokenKind;
  scopes: string[];
}

export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  displayName: string;
  isAdmin: boolean;
  isOwner: boolean;
  isBot: boolean;
  deleted: boolean;
  tz: string;
  locale: string;
  botId?: string;
}

export interface FakeChannel {
  id: string;
  name: string;
  members: string[];
  botIsMember: boolean;
  isPrivate: boolean;
  isIm: boolean;
  isMpim: boolean;
  isArchived: boolean;
  created: number;
  /** For an IM: the human on the other side. */
  imUser?: string;
}

/** A previous version of a message, kept so tests can see every edit. */
export interface MessageEdit {
  text: string;
  blocks?: JsonObject[];
  /** When the edit replaced this version (a Slack-style ts). */
  replacedAt: string;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: JsonObject[];
  attachments?: JsonObject[];
  user?: string;
  bot_id?: string;
  app_id?: string;
  thread_ts?: string;
  edits: MessageEdit[];
  edited?: { user: string; ts: string };
  files?: JsonObject[];
  deleted: boolean;
  /** link_names=true or parse=full: bare @channel/@here/@name notify too. */
  linkNames: boolean;
  /** Message metadata (event_type, event_payload), returned only with include_all_metadata. */
  metadata?: JsonObject;
  /** The arguments the message was last posted or updated with. */
  params: Record<string, JsonValue>;
  /** Which way it arrived: a Web API method, a response_url, an ack, or a test. */
  source: string;
}

export interface EphemeralMessage {
  channel: string;
  /** The one user who sees it. */
  user: string;
  ts: string;
  text: string;
  blocks?: JsonObject[];
  thread_ts?: string;
  bot_id: string;
  source: "chat.postEphemeral" | "response_url" | "ack";
}

export interface StoredFile {
  id: string;
  filename: string;
  title: string;
  length: number;
  altText?: string;
  snippetType?: string;
  /** The bytes received at the upload URL; undefined until uploaded. */
  bytes?: Buffer;
  uploadContentType?: string;
  completed: boolean;
  channels: string[];
  initialComment?: string;
  threadTs?: string;
  /** ts of the message that shared it, per channel. */
  shares: { channel: string; ts: string }[];
  created: number;
  user: string;
}

export interface CallRecord {
  method: string;
  params: Record<string, JsonValue>;
  token?: string;
  at: number;
  status: number;
  response: JsonObject | string;
}

export type FailureSpec =
  | { kind: "429"; retryAfter: number }
  | { kind: "ratelimited" }
  | { kind: "5xx"; status: 500 | 502 | 503 }
  | { kind: "error"; error: string; extra?: JsonObject }
  /** The call is carried out (a message is posted), then the connection is destroyed before any answer. */
  | { kind: "lostAnswer" };

export interface SocketAck {
  envelopeId: string;
  payload?: JsonObject;
  at: number;
  connectionId: number;
}

export interface ResponseUrlPost {
  id: string;
  body: JsonObject;
  at: number;
  /** What the fake did with it, as Slack would. */
  effect: "ephemeral" | "in_channel" | "replaced" | "deleted" | "none";
}

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface Delivery {
  /** envelope_id over Socket Mode; event_id (events) or a delivery id over HTTP. */
  id: string;
  via: "socket" | "http";
  type: EnvelopeType;
  /** 0 for the first delivery, n for the n-th redelivery. */
  attempt: number;
  payload: JsonObject;
  /** Socket Mode: the ack, if one came within the deadline. */
  ack?: SocketAck;
  /** HTTP: the receiver's status (0 when it did not answer in time) and body. */
  status?: number;
  body?: string;
  responseUrl?: string;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: string;
  timedOut: boolean;
}
