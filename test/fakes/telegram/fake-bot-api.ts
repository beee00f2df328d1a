// A local, protocol-faithful fake of the Telegram Bot API for tests.
//
// It speaks the real wire protocol (POST /bot<token>/<method>, Telegram's
// {"ok":…} envelopes, status codes and error descriptions), so the real
// grammY client can be pointed at it with `client: { apiRoot: fake.apiRoot }`.
// Tests register chats and users, inject updates as Telegram would build them,
// and assert on recorded calls and on the messages the bot left in each chat.
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type {
  BotCommand,
  CallbackQuery,
  Chat,
  ChatFullInfo,
  ChatMember,
  Document,
  InlineKeyboardMarkup,
  Message,
  MessageEntity,
  PhotoSize,
  Poll,
  Update,
  User,
  UserFromGetMe,
  WebhookInfo,
} from "grammy/types";
import { ApiError, badRequest, conflict, forbidden, type ResponseParameters, tooManyRequests } from "./api-error.js";
import { utf16Length } from "./parsed-text.js";
import { SendRateLimiter } from "./rate-limiter.js";
import { readRequest, type UploadedFile } from "./request-body.js";
import {
  allowedUpdatesParam,
  chatIdParam,
  commandsParam,
  type ForceReplyMarkup,
  formatText,
  isAllowedUpdate,
  isRecord,
  languageCodeParam,
  optBool,
  optInt,
  optJson,
  optString,
  type Params,
  replyMarkupParam,
  scopeParam,
  secretTokenParam,
} from "./validate.js";
import { postUpdate } from "./webhook-post.js";

export type { UploadedFile } from "./request-body.js";

export type ChatType = "private" | "group" | "supergroup" | "channel";
export type MemberStatus = "creator" | "administrator" | "member" | "restricted" | "left" | "kicked";

export interface FakeChatInit {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
}

export interface FakeUserInit {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** A private chat can be messaged only once the user has started the bot (or written to it). */
  startedBot?: boolean;
}

export type InjectedFailure =
  | { code: 429; retryAfter: number }
  | {
      code: 500 | 502 | 503 | 504;
      description?: string /** answer with nginx's HTML page instead of JSON */;
      html?: boolean;
    }
  | { /** destroy the connection without an answer */ code: "network" };

export type ApiResponse =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: ResponseParameters };

export interface RecordedCall {
  /** method name as the client spelled it */
  method: string;
  params: Record<string, unknown>;
  /** multipart file parts, by part name */
  files: Record<string, UploadedFile>;
  /** fake-clock milliseconds when the request arrived */
  at: number;
  /** status 0 / body null: the client closed the connection before an answer (aborted long poll) */
  response: { status: number; body: ApiResponse | null };
  via: "http" | "webhook-reply";
}

export interface FakeMessage {
  chatId: number;
  message_id: number;
  fromBot: boolean;
  /** the text parameter as sent (with markup) */
  text?: string;
  /** the text users see: markup removed, entities decoded, trimmed */
  visibleText?: string;
  entities: MessageEntity[];
  parse_mode?: string;
  caption?: string;
  visibleCaption?: string;
  reply_markup?: InlineKeyboardMarkup;
  /** A ForceReply sent with it (Telegram does not echo it in the Message). */
  forceReply?: ForceReplyMarkup;
  poll?: Poll;
  document?: SentDocument;
  /** number of successful edits (text or markup) */
  edits: number;
  deleted: boolean;
  /** the current Message object, as getUpdates/edit results would show it */
  message: Message;
}

export interface SentDocument {
  chatId: number;
  messageId: number;
  file_id: string;
  filename: string;
  contentType: string;
  /** undefined when the document was sent by URL (the fake does not fetch it) */
  bytes?: Uint8Array;
  caption?: string;
}

/** A file a user sent, as the Bot API keeps it for getFile and /file/bot<token>/<file_path>. */
interface UserFile {
  file_id: string;
  file_unique_id: string;
  file_path: string;
  bytes: Uint8Array;
}

/** What a user attaches to a message (sendPhoto, sendDocument below). */
export interface UserPhoto {
  bytes: Uint8Array;
  caption?: string;
  width?: number;
  height?: number;
}

export interface UserDocument {
  bytes: Uint8Array;
  fileName: string;
  mimeType?: string;
  caption?: string;
}

/** A location a user shares; with `venue`, a venue message (a place with a name and address). */
export interface UserLocation {
  latitude: number;
  longitude: number;
  venue?: { title: string; address: string };
}

/** The Bot API lets bots download files up to this size. */
const MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024;

export interface WebhookDelivery {
  update: Update;
  attempt: number;
  /** null when no HTTP response was received */
  status: number | null;
  error?: string;
  secretToken?: string;
  at: number;
}

export interface CallbackAnswer {
  text?: string;
  show_alert?: boolean;
  url?: string;
  at: number;
}

export interface FakeTelegramOptions {
  token?: string;
  port?: number;
  botUsername?: string;
  botFirstName?: string;
  /** Group privacy mode: in groups the bot then only gets commands, mentions and replies to it. Default false. */
  privacyMode?: boolean;
  /** Reject bare "&" and ">" in HTML (see html-entities.ts). Default true. */
  strictHtmlEscaping?: boolean;
  /** How long a callback query may go unanswered, in fake-clock ms. Default 15000. */
  callbackQueryTtlMs?: number;
  /** Delay before re-posting an update the webhook did not accept; null: never retry. Default 1000. */
  webhookRetryMs?: number | null;
  /** update_id of the first update. Default 100000. */
  firstUpdateId?: number;
  /** Also emit a `poll` update (new poll state) when a user votes, as Telegram does for the bot's polls. Default true. */
  pollStateUpdates?: boolean;
}

const DEFAULT_TOKEN = "123456789:AAFakeTokenForTalkootTests_abcdefghijk";

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid";

interface UserState {
  user: User;
  startedBot: boolean;
  blocked: boolean;
}

interface QueuedUpdate {
  update: Update;
  /** a redelivered update bypasses offset confirmation until it has been returned once */
  redelivered: boolean;
  returned: boolean;
}

interface HeldPoll {
  res: ServerResponse;
  limit: number;
  timer: NodeJS.Timeout;
  finish: (outcome: { updates: Update[] } | { error: ApiError } | null) => void;
}

interface WebhookState {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

interface PollState {
  poll: Poll;
  chatId: number;
  messageId: number;
  votes: Map<number, number[]>;
}

interface CallContext {
  params: Params;
  files: Map<string, UploadedFile>;
  res?: ServerResponse;
}

/** A result plus the optional "description" Telegram adds to some ok answers. */
class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

type Handler = (ctx: CallContext) => unknown;

interface Waiter {
  predicate: (call: RecordedCall) => boolean;
  resolve: (call: RecordedCall) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class FakeTelegram {
  readonly token: string;
  readonly botUser: UserFromGetMe;
  /** every call the fake answered, in order (including errors and aborted long polls) */
  readonly calls: RecordedCall[] = [];
  readonly webhookDeliveries: WebhookDelivery[] = [];
  /** updates dropped because allowed_updates or group privacy mode excluded them */
  readonly droppedUpdates: Update[] = [];
  readonly documents: SentDocument[] = [];
  readonly callbackAnswers = new Map<string, CallbackAnswer>();

  private readonly server: http.Server;
  private port = 0;
  private readonly opts: Required<Omit<FakeTelegramOptions, "token" | "port">>;
  private clockOffset = 0;
  private stopped = false;

  private readonly users = new Map<number, UserState>();
  private readonly chats = new Map<number, FakeChatInit>();
  /** Groups upgraded to supergroups: old id -> new id. */
  private readonly migrated = new Map<number, number>();
  private readonly members = new Map<number, Map<number, MemberStatus>>();
  private readonly messages = new Map<number, Map<number, FakeMessage>>();
  private readonly lastMessageId = new Map<number, number>();
  private readonly polls = new Map<string, PollState>();
  private readonly callbackQueries = new Map<string, { issuedAt: number; answered: boolean }>();
  private readonly fileIds = new Map<string, SentDocument>();
  /** Files users sent (photos, documents), by file_id: what getFile and the file endpoint serve. */
  private readonly userFiles = new Map<string, UserFile>();
  /** Every file path requested at /file/bot<token>/…, in order. */
  readonly downloads: string[] = [];
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly failures = new Map<string, { failure: InjectedFailure; times: number }[]>();
  private readonly limiter = new SendRateLimiter();
  private rateLimitsEnforced = false;

  private nextUpdateId: number;
  private counter = 0;
  private readonly queue: QueuedUpdate[] = [];
  private confirmedBelow = 0;
  private readonly allUpdates = new Map<number, Update>();
  /** null: Telegram's default set (all but chat_member and reactions) */
  private allowedUpdates: readonly string[] | null = null;
  private held: HeldPoll | null = null;
  private readonly heldWaiters: ((stopped?: Error) => void)[] = [];
  private flushScheduled = false;

  private webhook: WebhookState | null = null;
  private readonly webhookQueue: Update[] = [];
  private webhookPumping = false;
  /** update_ids being posted to the webhook right now (at most its max_connections). */
  private readonly webhookInFlight = new Set<number>();
  private webhookRetryTimer: NodeJS.Timeout | null = null;
  private webhookAbort = new AbortController();
  private readonly deliveryWaiters: {
    updateId: number;
    resolve: (d: WebhookDelivery) => void;
    reject: (e: Error) => void;
    timer: NodeJS.Timeout;
  }[] = [];

  private readonly waiters = new Set<Waiter>();
  private readonly handlers: Map<string, Handler>;

  private constructor(options: FakeTelegramOptions) {
    this.token = options.token ?? DEFAULT_TOKEN;
    this.opts = {
      botUsername: options.botUsername ?? "talkoot_test_bot",
      botFirstName: options.botFirstName ?? "Talkoot Test Bot",
      privacyMode: options.privacyMode ?? false,
      strictHtmlEscaping: options.strictHtmlEscaping ?? true,
      callbackQueryTtlMs: options.callbackQueryTtlMs ?? 15_000,
      webhookRetryMs: options.webhookRetryMs === undefined ? 1000 : options.webhookRetryMs,
      firstUpdateId: options.firstUpdateId ?? 100_000,
      pollStateUpdates: options.pollStateUpdates ?? true,
    };
    this.nextUpdateId = this.opts.firstUpdateId;
    // The bot's id is the token's numeric prefix, as with real tokens.
    const idPart = /^([0-9]+):/.exec(this.token)?.[1];
    this.botUser = {
      id: idPart !== undefined ? Number(idPart) : 1_000_000_001,
      is_bot: true,
      first_name: this.opts.botFirstName,
      username: this.opts.botUsername,
      can_join_groups: true,
      can_read_all_group_messages: !this.opts.privacyMode,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.handlers = this.buildHandlers();
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        if (!res.headersSent)
          this.send(res, 500, { ok: false, error_code: 500, description: `Internal Server Error: ${String(e)}` });
      });
    });
  }

  static async start(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
    const fake = new FakeTelegram(options);
    await new Promise<void>((resolve, reject) => {
      fake.server.once("error", reject);
      fake.server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What grammY's `client.apiRoot` should be set to (no trailing slash). */
  get apiRoot(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // A held long poll gets its normal empty answer, so the client sees a clean end.
    const held = this.held;
    this.held = null;
    if (held !== null) {
      held.finish({ updates: [] });
      // Let the answer reach the socket before connections are closed.
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 200);
        held.res.once("finish", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    if (this.webhookRetryTimer !== null) clearTimeout(this.webhookRetryTimer);
    this.webhookAbort.abort();
    // Pending waits fail now instead of keeping timers alive.
    const stoppedError = new Error("FakeTelegram stopped");
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(stoppedError);
    }
    this.waiters.clear();
    for (const w of this.deliveryWaiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(stoppedError);
    }
    for (const notify of this.heldWaiters.splice(0)) notify(stoppedError);
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ---------------------------------------------------------------- clock

  /** Fake-clock milliseconds (real time plus whatever advanceTime added). */
  now(): number {
    return Date.now() + this.clockOffset;
  }

  /** Moves the fake clock forward: message dates, rate limits and callback query expiry follow it. */
  advanceTime(ms: number): void {
    this.clockOffset += ms;
  }

  private unixNow(): number {
    return Math.floor(this.now() / 1000);
  }

  // ------------------------------------------------------- world set-up

  addUser(init: FakeUserInit): User {
    const user: User = { id: init.id, is_bot: false, first_name: init.first_name };
    if (init.last_name !== undefined) user.last_name = init.last_name;
    if (init.username !== undefined) user.username = init.username;
    if (init.language_code !== undefined) user.language_code = init.language_code;
    this.users.set(init.id, { user, startedBot: init.startedBot ?? false, blocked: false });
    // A user's private chat with the bot has the user's id.
    if (!this.chats.has(init.id)) {
      const chat: FakeChatInit = { id: init.id, type: "private" };
      if (init.username !== undefined) chat.username = init.username;
      this.chats.set(init.id, chat);
    }
    return user;
  }

  addChat(init: FakeChatInit): void {
    if (init.type !== "private" && (init.title === undefined || init.title === "")) {
      this.chats.set(init.id, { ...init, title: `Chat ${init.id}` });
    } else {
      this.chats.set(init.id, { ...init });
    }
  }

  setMember(chatId: number, userId: number, status: MemberStatus): void {
    let m = this.members.get(chatId);
    if (m === undefined) {
      m = new Map();
      this.members.set(chatId, m);
    }
    m.set(userId, status);
  }

  /**
   * A group becomes a supergroup with a new id, as when an admin turns on a
   * setting only supergroups have. Telegram then posts a service message in
   * the old group (migrate_to_chat_id) and one in the new supergroup
   * (migrate_from_chat_id); from then on any call naming the old id fails
   * with 400 "group chat was upgraded to a supergroup chat" and
   * parameters.migrate_to_chat_id. Members and message history move along.
   * With `updates: false` the bot never gets the two service messages, as
   * when it was offline for longer than Telegram keeps updates (24 hours).
   */
  upgradeToSupergroup(
    groupId: number,
    supergroupId: number,
    byUserId: number,
    opts: { updates?: boolean } = {},
  ): { from: Update; to: Update } {
    const group = this.requireChat(groupId);
    if (group.type !== "group") throw new Error(`chat ${groupId} is a ${group.type}, only a group can be upgraded`);
    if (this.chats.has(supergroupId)) throw new Error(`chat ${supergroupId} already exists`);
    const by = this.requireUser(byUserId).user;
    const supergroup: FakeChatInit = { id: supergroupId, type: "supergroup", title: group.title };
    this.chats.set(supergroupId, supergroup);
    const members = this.members.get(groupId);
    if (members) this.members.set(supergroupId, new Map(members));
    const history = this.messages.get(groupId);
    if (history) {
      const moved = new Map<number, FakeMessage>();
      for (const [id, m] of history) {
        moved.set(id, { ...m, chatId: supergroupId, message: { ...m.message, chat: this.chatObject(supergroup) } });
      }
      this.messages.set(supergroupId, moved);
      this.lastMessageId.set(supergroupId, this.lastMessageId.get(groupId) ?? 0);
    }
    const service = (chat: FakeChatInit, field: "migrate_to_chat_id" | "migrate_from_chat_id", id: number) => {
      const messageId = this.nextMessageId(chat.id);
      const message = {
        message_id: messageId,
        date: this.unixNow(),
        chat: this.chatObject(chat),
        from: by,
        [field]: id,
      };
      return this.newUpdate({ message: message as unknown as NonNullable<Update["message"]> });
    };
    const deliver = (update: Update) => (opts.updates === false ? update : this.enqueue(update));
    const from = deliver(service(group, "migrate_to_chat_id", supergroupId));
    this.migrated.set(groupId, supergroupId);
    const to = deliver(service(supergroup, "migrate_from_chat_id", groupId));
    return { from, to };
  }

  /**
   * Someone removes ("left") or bans ("kicked") the bot from a group,
   * supergroup or channel, or adds it back ("member"): Telegram sends the bot
   * a my_chat_member update, and sends to the chat then fail with 403 until
   * it is back.
   */
  setBotMembership(chatId: number, status: "left" | "kicked" | "member" | "administrator", byUserId: number): Update {
    const chat = this.requireChat(chatId);
    if (chat.type === "private") throw new Error("use setBlocked for a private chat");
    const by = this.requireUser(byUserId).user;
    const before = this.memberStatus(chatId, this.botUser.id);
    this.setMember(chatId, this.botUser.id, status);
    const bot = this.botAsUser();
    const member = (s: MemberStatus): ChatMember => chatMember(s, bot, chat.type === "channel");
    return this.enqueue(
      this.newUpdate({
        my_chat_member: {
          chat: this.chatObject(chat),
          from: by,
          date: this.unixNow(),
          old_chat_member: member(before),
          new_chat_member: member(status),
        },
      }),
    );
  }

  /** The user blocks (true) or unblocks the bot: sends to their private chat then fail with 403. */
  setBlocked(userId: number, blocked = true): void {
    const u = this.requireUser(userId);
    u.blocked = blocked;
  }

  /** Makes the fake answer 429 itself when the bot exceeds Telegram's per-chat send limits (fake clock). */
  enforceRateLimits(enabled: boolean): void {
    this.rateLimitsEnforced = enabled;
    this.limiter.reset();
  }

  /** The next `times` calls of `method` fail as given (checked before any validation). */
  fail(method: string, error: InjectedFailure, times = 1): void {
    const key = method.toLowerCase();
    const list = this.failures.get(key) ?? [];
    list.push({ failure: error, times });
    this.failures.set(key, list);
  }

  // ---------------------------------------------------------- assertions

  callsOf(method: string): RecordedCall[] {
    const m = method.toLowerCase();
    return this.calls.filter((c) => c.method.toLowerCase() === m);
  }

  /** The bot's current (not deleted) messages in a chat, oldest first, after edits. */
  messagesIn(chatId: number): FakeMessage[] {
    return [...(this.messages.get(chatId)?.values() ?? [])].filter((m) => m.fromBot && !m.deleted);
  }

  /** Any stored message (the bot's or a user's), deleted or not. */
  messageAt(chatId: number, messageId: number): FakeMessage | undefined {
    return this.messages.get(chatId)?.get(messageId);
  }

  /** Commands set for a scope/language pair; scope defaults to {type:"default"}. */
  commandsFor(languageCode = "", scope: Record<string, unknown> = { type: "default" }): BotCommand[] {
    const { key } = scopeParam({ scope });
    return this.commands.get(`${key}|${languageCode}`) ?? [];
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs = 30_000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const recent = this.calls
            .slice(-10)
            .map((c) => `${c.method}→${c.response.status}`)
            .join(", ");
          reject(new Error(`waitFor timed out after ${timeoutMs} ms; last calls: ${recent}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Shorthand: the first call of `method` whose params match `where`. */
  waitForCall(
    method: string,
    where: (params: Record<string, unknown>) => boolean = () => true,
    timeoutMs = 30_000,
  ): Promise<RecordedCall> {
    const m = method.toLowerCase();
    return this.waitFor((c) => c.method.toLowerCase() === m && where(c.params), timeoutMs);
  }

  /** Resolves with the first webhook delivery attempt of the given update. */
  deliveryOf(update: Update | number, timeoutMs = 30_000): Promise<WebhookDelivery> {
    const updateId = typeof update === "number" ? update : update.update_id;
    const done = this.webhookDeliveries.find((d) => d.update.update_id === updateId);
    if (done !== undefined) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const waiter = {
        updateId,
        resolve: (d: WebhookDelivery) => {
          clearTimeout(waiter.timer);
          resolve(d);
        },
        reject,
        timer: setTimeout(() => {
          this.deliveryWaiters.splice(this.deliveryWaiters.indexOf(waiter), 1);
          reject(new Error(`no webhook delivery of update ${updateId} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.deliveryWaiters.push(waiter);
    });
  }

  /** True while a getUpdates long poll is being held open. */
  get longPollHeld(): boolean {
    return this.held !== null;
  }

  /** Resolves once a getUpdates long poll is held (the bot is idle, waiting for updates). */
  waitForHeldPoll(timeoutMs = 30_000): Promise<void> {
    if (this.held !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.heldWaiters.indexOf(notify);
        if (i >= 0) this.heldWaiters.splice(i, 1);
        reject(new Error(`no getUpdates long poll was held within ${timeoutMs} ms`));
      }, timeoutMs);
      const notify = (stopped?: Error): void => {
        clearTimeout(timer);
        if (stopped === undefined) resolve();
        else reject(stopped);
      };
      this.heldWaiters.push(notify);
    });
  }

  /** Updates waiting to be fetched or delivered. */
  get pendingUpdateCount(): number {
    return this.webhook !== null ? this.webhookQueue.length : this.queue.length;
  }

  // ------------------------------------------------------------ injectors

  /** A user writes `text` in a chat. Commands get bot_command entities as Telegram adds them. */
  /**
   * The user opens `t.me/<bot>?start=<payload>` and presses Start: Telegram
   * sends `/start <payload>` in their private chat. Telegram carries only
   * 1–64 characters of A-Z a-z 0-9 _ - (its deep-linking docs); others throw.
   */
  openStartLink(userId: number, payload: string): Update {
    checkStartPayload(payload);
    return this.sendText(userId, userId, `/start ${payload}`);
  }

  /**
   * The user opens `t.me/<bot>?startgroup=<payload>` and picks `chatId`: the
   * bot is added (when it was not there) and Telegram sends
   * `/start@<bot> <payload>` in the group, from that user.
   */
  startGroupLink(chatId: number, userId: number, payload: string): Update {
    checkStartPayload(payload);
    return this.sendText(chatId, userId, `/start@${this.opts.botUsername} ${payload}`);
  }

  sendText(chatId: number, userId: number, text: string, opts: { replyTo?: number } = {}): Update {
    const entities = textEntities(text);
    return this.postAsUser(chatId, userId, { text, ...(entities.length > 0 ? { entities } : {}) }, opts);
  }

  /**
   * A user sends a photo (optionally captioned, e.g. "/request …"). Telegram
   * re-encodes photos as JPEG and sends several sizes, smallest first; the
   * last is the one the user sent, the first a thumbnail.
   */
  sendPhoto(chatId: number, userId: number, photo: UserPhoto, opts: { replyTo?: number } = {}): Update {
    const width = photo.width ?? 1280;
    const height = photo.height ?? 960;
    const thumb = this.storeUserFile("photos", "jpg", new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    const full = this.storeUserFile("photos", "jpg", photo.bytes);
    const sizes: PhotoSize[] = [
      { ...fileRefOf(thumb), width: 90, height: Math.max(1, Math.round((90 * height) / width)), file_size: 4 },
      { ...fileRefOf(full), width, height, file_size: photo.bytes.length },
    ];
    return this.postAsUser(chatId, userId, { photo: sizes, ...captionFields(photo.caption) }, opts);
  }

  /** A user sends a file as a document ("send as file": the bytes as taken, not re-encoded). */
  sendDocument(chatId: number, userId: number, doc: UserDocument, opts: { replyTo?: number } = {}): Update {
    const extension = doc.fileName.includes(".") ? (doc.fileName.split(".").pop() ?? "bin") : "bin";
    const file = this.storeUserFile("documents", extension, doc.bytes);
    const document: Document = {
      ...fileRefOf(file),
      file_name: doc.fileName,
      mime_type: doc.mimeType ?? guessMime(doc.fileName),
      file_size: doc.bytes.length,
    };
    return this.postAsUser(chatId, userId, { document, ...captionFields(doc.caption) }, opts);
  }

  /** A user shares a location, or a venue (a named place) when `venue` is given. */
  sendLocation(chatId: number, userId: number, place: UserLocation, opts: { replyTo?: number } = {}): Update {
    const location = { latitude: place.latitude, longitude: place.longitude };
    const content: Partial<Message> = { location };
    if (place.venue) content.venue = { location, title: place.venue.title, address: place.venue.address };
    return this.postAsUser(chatId, userId, content, opts);
  }

  /** The bytes of a file a user sent, by file_id (for tests that compare what the bot served). */
  userFileBytes(fileId: string): Uint8Array | undefined {
    return this.userFiles.get(fileId)?.bytes;
  }

  private storeUserFile(folder: string, extension: string, bytes: Uint8Array): UserFile {
    const n = ++this.counter;
    const file: UserFile = {
      file_id: `AgACAgQAAxkBAAI${n.toString(36).padStart(6, "0")}`,
      file_unique_id: `AQAD${n.toString(36).padStart(4, "0")}`,
      file_path: `${folder}/file_${n}.${extension}`,
      bytes,
    };
    this.userFiles.set(file.file_id, file);
    return file;
  }

  /** Posts a user's message of any kind (text, photo, location …) and delivers it as Telegram would. */
  private postAsUser(chatId: number, userId: number, content: Partial<Message>, opts: { replyTo?: number }): Update {
    const chat = this.requireChat(chatId);
    const state = this.requireUser(userId);
    if (chat.type === "private" && chat.id !== userId) {
      throw new Error(`private chat ${chatId} belongs to user ${chatId}, not ${userId}`);
    }
    const messageId = this.nextMessageId(chatId);
    const message = {
      message_id: messageId,
      date: this.unixNow(),
      chat: this.chatObject(chat),
      ...content,
    } as Message;
    if (chat.type !== "channel") message.from = state.user;
    else message.sender_chat = this.chatObject(chat);
    const text = message.text;
    const entities = message.entities ?? [];
    if (opts.replyTo !== undefined) {
      const target = this.messages.get(chatId)?.get(opts.replyTo);
      if (target === undefined) throw new Error(`no message ${opts.replyTo} in chat ${chatId}`);
      message.reply_to_message = stripReply(target.message);
    }
    this.storeMessage({
      chatId,
      message_id: messageId,
      fromBot: false,
      ...(text !== undefined ? { text, visibleText: text } : {}),
      ...(message.caption !== undefined ? { caption: message.caption, visibleCaption: message.caption } : {}),
      entities,
      edits: 0,
      deleted: false,
      message,
    });
    if (chat.type === "private") state.startedBot = true;
    else if (this.memberStatus(chatId, userId) === "left") this.setMember(chatId, userId, "member");

    const update = this.newUpdate(
      chat.type === "channel"
        ? { channel_post: message as NonNullable<Update["channel_post"]> }
        : { message: message as NonNullable<Update["message"]> },
    );
    if (chat.type !== "private" && chat.type !== "channel" && this.opts.privacyMode && !this.passesPrivacy(message)) {
      this.droppedUpdates.push(update);
      return update;
    }
    this.enqueue(update);
    return update;
  }

  /** A user presses an inline button (by its callback_data) on one of the bot's messages. */
  pressButton(chatId: number, messageId: number, userId: number, data: string): Update {
    const state = this.requireUser(userId);
    const stored = this.messages.get(chatId)?.get(messageId);
    if (stored === undefined || stored.deleted || !stored.fromBot) {
      throw new Error(`no bot message ${messageId} in chat ${chatId}`);
    }
    const buttons = stored.reply_markup?.inline_keyboard.flat() ?? [];
    if (!buttons.some((b) => "callback_data" in b && b.callback_data === data)) {
      throw new Error(`message ${messageId} has no button with callback_data ${JSON.stringify(data)}`);
    }
    const id = (7_000_000_000_000_000_000n + BigInt(++this.counter) * 7919n).toString();
    this.callbackQueries.set(id, { issuedAt: this.now(), answered: false });
    const query: CallbackQuery = {
      id,
      from: state.user,
      message: stored.message,
      chat_instance: chatInstance(chatId),
      data,
    };
    return this.enqueue(this.newUpdate({ callback_query: query }));
  }

  /**
   * A user votes in a poll the bot sent (empty optionIds retracts). Returns the
   * poll_answer update for non-anonymous polls; for anonymous polls (which give
   * no poll_answer) the `poll` state update.
   */
  answerPoll(pollId: string, userId: number, optionIds: number[]): Update {
    const state = this.polls.get(pollId);
    if (state === undefined) throw new Error(`unknown poll ${pollId}`);
    const user = this.requireUser(userId).user;
    const poll = state.poll;
    if (poll.is_closed) throw new Error(`poll ${pollId} is closed`);
    if (optionIds.some((i) => !Number.isInteger(i) || i < 0 || i >= poll.options.length)) {
      throw new Error(`invalid option ids ${JSON.stringify(optionIds)}`);
    }
    if (!poll.allows_multiple_answers && optionIds.length > 1) throw new Error("poll allows one answer");
    const previous = state.votes.get(userId) ?? [];
    if (previous.length > 0 && !poll.allows_revoting) throw new Error("poll does not allow changing the vote");
    for (const i of previous) {
      const o = poll.options[i];
      if (o !== undefined) o.voter_count--;
    }
    for (const i of optionIds) {
      const o = poll.options[i];
      if (o !== undefined) o.voter_count++;
    }
    if (optionIds.length > 0) state.votes.set(userId, [...optionIds]);
    else state.votes.delete(userId);
    poll.total_voter_count = state.votes.size;

    let answerUpdate: Update | undefined;
    if (!poll.is_anonymous) {
      answerUpdate = this.enqueue(
        this.newUpdate({
          poll_answer: {
            poll_id: pollId,
            user,
            option_ids: [...optionIds],
            option_persistent_ids: optionIds.map((i) => poll.options[i]?.persistent_id ?? String(i)),
          },
        }),
      );
    }
    let stateUpdate: Update | undefined;
    if (this.opts.pollStateUpdates || poll.is_anonymous) {
      stateUpdate = this.enqueue(this.newUpdate({ poll: structuredClone(poll) }));
    }
    return (answerUpdate ?? stateUpdate) as Update;
  }

  /** Enqueues the same update object again with the same update_id (a redelivery). */
  redeliver(updateId: number): Update {
    const update = this.allUpdates.get(updateId);
    if (update === undefined) throw new Error(`no update ${updateId} was ever injected`);
    if (this.webhook !== null) {
      this.webhookQueue.push(update);
      this.pumpWebhook();
    } else {
      this.queue.push({ update, redelivered: true, returned: false });
      this.scheduleFlush();
    }
    return update;
  }

  /** Enqueues any update; update_id is assigned unless given. */
  inject(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    const full: Update = { ...update, update_id: update.update_id ?? this.nextUpdateId++ } as Update;
    if (full.update_id >= this.nextUpdateId) this.nextUpdateId = full.update_id + 1;
    this.allUpdates.set(full.update_id, full);
    return this.enqueue(full);
  }

  // ------------------------------------------------------------ HTTP layer

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const at = this.now();
    const download = /^\/file\/bot([^/]*)\/(.+)$/.exec(url.pathname);
    if (download !== null) {
      req.resume();
      this.serveFile(res, decodeURIComponent(download[1] ?? ""), decodeURIComponent(download[2] ?? ""));
      return;
    }
    const m = /^\/bot([^/]*)\/([A-Za-z0-9_]*)$/.exec(url.pathname);
    if (m === null) {
      req.resume();
      this.send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const token = decodeURIComponent(m[1] ?? "");
    const method = m[2] ?? "";
    let params: Params = {};
    let files = new Map<string, UploadedFile>();
    const record = (status: number, body: ApiResponse | null): void =>
      this.record({ method, params, files: Object.fromEntries(files), at, response: { status, body }, via: "http" });
    try {
      const parsed = await readRequest(req, url);
      params = parsed.params;
      files = parsed.files;
    } catch (e) {
      const err = e instanceof ApiError ? e : badRequest(String(e));
      record(err.code, err.toBody());
      this.send(res, err.code, err.toBody());
      return;
    }
    if (token !== this.token) {
      const body: ApiResponse = { ok: false, error_code: 401, description: "Unauthorized" };
      record(401, body);
      this.send(res, 401, body);
      return;
    }
    const handler = this.handlers.get(method.toLowerCase());
    if (handler === undefined) {
      const body: ApiResponse = { ok: false, error_code: 404, description: "Not Found" };
      record(404, body);
      this.send(res, 404, body);
      return;
    }
    const failure = this.takeFailure(method);
    if (failure !== undefined) {
      if (failure.code === "network") {
        record(0, null);
        res.socket?.destroy();
        return;
      }
      if (failure.code === 429) {
        const err = tooManyRequests(failure.retryAfter);
        record(429, err.toBody());
        this.send(res, 429, err.toBody());
        return;
      }
      const text = http.STATUS_CODES[failure.code] ?? "Error";
      if (failure.html === true) {
        record(failure.code, null);
        res.writeHead(failure.code, { "content-type": "text/html" });
        res.end(
          `<html>\r\n<head><title>${failure.code} ${text}</title></head>\r\n<body>\r\n<center><h1>${failure.code} ${text}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n`,
        );
        return;
      }
      const body: ApiResponse = { ok: false, error_code: failure.code, description: failure.description ?? text };
      record(failure.code, body);
      this.send(res, failure.code, body);
      return;
    }
    const body = await this.dispatch(handler, { params, files, res });
    if (body === null) {
      // The client went away while its long poll was held.
      record(0, null);
      return;
    }
    const status = body.ok ? 200 : body.error_code;
    record(status, body);
    this.send(res, status, body);
  }

  /**
   * GET /file/bot<token>/<file_path>: a file's bytes, for a path getFile gave.
   * A wrong token or an unknown path is a 404, as on api.telegram.org.
   */
  private serveFile(res: ServerResponse, token: string, filePath: string): void {
    this.downloads.push(filePath);
    const file = token === this.token ? [...this.userFiles.values()].find((f) => f.file_path === filePath) : undefined;
    if (file === undefined) {
      this.send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": file.bytes.length });
    res.end(file.bytes);
  }

  private async dispatch(handler: Handler, ctx: CallContext): Promise<ApiResponse | null> {
    try {
      const result = await handler(ctx);
      if (result === HELD_AND_CLOSED) return null;
      if (result instanceof Described) return { ok: true, result: result.result, description: result.description };
      return { ok: true, result };
    } catch (e) {
      if (e instanceof ApiError) return e.toBody();
      throw e;
    }
  }

  private send(res: ServerResponse, status: number, body: ApiResponse): void {
    if (res.writableEnded || res.destroyed) return;
    const json = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
    res.end(json);
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (const w of [...this.waiters]) {
      if (w.predicate(call)) {
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(call);
      }
    }
  }

  private takeFailure(method: string): InjectedFailure | undefined {
    const list = this.failures.get(method.toLowerCase());
    const head = list?.[0];
    if (list === undefined || head === undefined) return undefined;
    head.times--;
    if (head.times <= 0) list.shift();
    return head.failure;
  }

  /**
   * The highest offset a getUpdates call has confirmed (0: none): every update
   * below it is acknowledged, and Telegram will not send it again. Counted
   * when the call arrives, not when a held long poll answers.
   */
  get confirmedOffset(): number {
    return this.confirmedBelow;
  }

  // ------------------------------------------------------------ updates

  private newUpdate(body: Omit<Update, "update_id">): Update {
    const update = { update_id: this.nextUpdateId++, ...body } as Update;
    this.allUpdates.set(update.update_id, update);
    return update;
  }

  private updateType(update: Update): string {
    return Object.keys(update).find((k) => k !== "update_id") ?? "";
  }

  private enqueue(update: Update): Update {
    // allowed_updates applies when an update is created, as on Telegram.
    if (!isAllowedUpdate(this.updateType(update), this.allowedUpdates)) {
      this.droppedUpdates.push(update);
      return update;
    }
    if (this.webhook !== null) {
      this.webhookQueue.push(update);
      this.pumpWebhook();
    } else {
      this.queue.push({ update, redelivered: false, returned: false });
      this.scheduleFlush();
    }
    return update;
  }

  // Injections made in one tick reach a held poll together, as one batch.
  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const held = this.held;
      if (held === null) return;
      const batch = this.take(held.limit);
      if (batch.length > 0) held.finish({ updates: batch });
    });
  }

  private confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset > 0) this.confirmedBelow = Math.max(this.confirmedBelow, offset);
    if (offset < 0) {
      // -N: keep only the last N updates, forget the rest.
      this.queue.splice(0, Math.max(0, this.queue.length + offset));
      return;
    }
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const q = this.queue[i];
      if (q === undefined) continue;
      const keep = q.update.update_id >= offset || (q.redelivered && !q.returned);
      if (!keep) this.queue.splice(i, 1);
    }
  }

  private take(limit: number): Update[] {
    const batch = this.queue.slice(0, limit);
    for (const q of batch) q.returned = true;
    // Returned redeliveries are not offered again; regular updates wait for the offset to confirm them.
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const q = this.queue[i];
      if (q?.redelivered === true && q.returned && batch.includes(q)) this.queue.splice(i, 1);
    }
    return batch.map((q) => q.update);
  }

  private getUpdates(ctx: CallContext): unknown {
    if (this.webhook !== null) {
      throw conflict(
        "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    const offset = optInt(ctx.params, "offset");
    const limit = Math.min(100, Math.max(1, optInt(ctx.params, "limit") ?? 100));
    const timeout = Math.max(0, optInt(ctx.params, "timeout") ?? 0);
    const allowed = allowedUpdatesParam(ctx.params);
    if (allowed !== undefined) this.allowedUpdates = allowed.length > 0 ? allowed : null;

    if (this.held !== null) {
      this.held.finish({
        error: conflict("terminated by other getUpdates request; make sure that only one bot instance is running"),
      });
      this.held = null;
    }
    this.confirm(offset);
    const batch = this.take(limit);
    if (batch.length > 0 || timeout === 0 || this.stopped || ctx.res === undefined) return batch;

    const res = ctx.res;
    return new Promise((resolve, reject) => {
      let settled = false;
      const held: HeldPoll = {
        res,
        limit,
        timer: setTimeout(() => held.finish({ updates: [] }), timeout * 1000),
        finish: (outcome) => {
          if (settled) return;
          settled = true;
          clearTimeout(held.timer);
          res.off("close", onClose);
          if (this.held === held) this.held = null;
          if (outcome === null) resolve(HELD_AND_CLOSED);
          else if ("error" in outcome) reject(outcome.error);
          else resolve(outcome.updates);
        },
      };
      // res "close", not req "close": the request side closes as soon as the body is read.
      const onClose = (): void => {
        if (!res.writableEnded) held.finish(null);
      };
      res.on("close", onClose);
      this.held = held;
      for (const notify of this.heldWaiters.splice(0)) notify();
    });
  }

  // ------------------------------------------------------------ webhook

  // Telegram posts up to the webhook's max_connections updates at once, each on its own
  // connection; a failed one stays pending and delivery pauses for webhookRetryMs.
  private pumpWebhook(): void {
    if (this.webhookPumping || this.stopped) return;
    this.webhookPumping = true;
    try {
      while (this.webhook !== null && !this.stopped && this.webhookRetryTimer === null) {
        const hook = this.webhook;
        if (this.webhookInFlight.size >= hook.maxConnections) break;
        const update = this.webhookQueue.find((u) => !this.webhookInFlight.has(u.update_id));
        if (update === undefined) break;
        this.webhookInFlight.add(update.update_id);
        void this.deliverToWebhook(hook, update);
      }
    } finally {
      this.webhookPumping = false;
    }
  }

  private async deliverToWebhook(hook: WebhookState, update: Update): Promise<void> {
    const attempt = this.webhookDeliveries.filter((d) => d.update.update_id === update.update_id).length + 1;
    const result = await postUpdate(hook.url, JSON.stringify(update), hook.secretToken, this.webhookAbort.signal);
    this.webhookInFlight.delete(update.update_id);
    if (this.stopped) return;
    // The webhook was changed or removed meanwhile: its queue was handed over, so only record the attempt.
    const replaced = this.webhook !== hook;
    const delivery: WebhookDelivery = { update, attempt, status: result.status, at: this.now() };
    if (result.error !== undefined) delivery.error = result.error;
    if (hook.secretToken !== undefined) delivery.secretToken = hook.secretToken;
    this.webhookDeliveries.push(delivery);
    for (const w of this.deliveryWaiters.filter((x) => x.updateId === update.update_id)) {
      this.deliveryWaiters.splice(this.deliveryWaiters.indexOf(w), 1);
      w.resolve(delivery);
    }
    const settle = () => {
      const index = this.webhookQueue.indexOf(update);
      if (index >= 0) this.webhookQueue.splice(index, 1);
    };
    if (!replaced && result.error === undefined) {
      settle();
      await this.handleWebhookReply(result.body);
    } else if (!replaced) {
      hook.lastErrorDate = this.unixNow();
      hook.lastErrorMessage = result.error;
      const delay = this.opts.webhookRetryMs;
      if (delay === null) settle();
      else if (this.webhookRetryTimer === null && !this.stopped) {
        this.webhookRetryTimer = setTimeout(() => {
          this.webhookRetryTimer = null;
          this.pumpWebhook();
        }, delay);
      }
    }
    this.pumpWebhook();
  }

  // Telegram executes a method call returned as the webhook response body.
  private async handleWebhookReply(body: string): Promise<void> {
    if (body.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return;
    }
    if (!isRecord(parsed) || typeof parsed.method !== "string") return;
    const { method, ...params } = parsed;
    const handler = this.handlers.get(method.toLowerCase());
    const at = this.now();
    const response =
      handler === undefined
        ? ({ ok: false, error_code: 404, description: "Not Found" } as const)
        : await this.dispatch(handler, { params, files: new Map() });
    this.record({
      method,
      params,
      files: {},
      at,
      response: { status: response === null ? 0 : response.ok ? 200 : response.error_code, body: response },
      via: "webhook-reply",
    });
  }

  // ------------------------------------------------------------ world lookups

  private requireUser(userId: number): UserState {
    const u = this.users.get(userId);
    if (u === undefined) throw new Error(`unknown user ${userId}: call addUser first`);
    return u;
  }

  private requireChat(chatId: number): FakeChatInit {
    const c = this.chats.get(chatId);
    if (c === undefined) throw new Error(`unknown chat ${chatId}: call addChat first`);
    return c;
  }

  private resolveChat(ref: number | string): FakeChatInit {
    const movedTo = typeof ref === "number" ? this.migrated.get(ref) : undefined;
    if (movedTo !== undefined) {
      throw new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", {
        migrate_to_chat_id: movedTo,
      });
    }
    if (typeof ref === "number") {
      const c = this.chats.get(ref);
      if (c === undefined) throw badRequest("chat not found");
      return c;
    }
    const name = ref.slice(1).toLowerCase();
    for (const c of this.chats.values()) {
      // Telegram resolves @username only for public chats (private chats are never found by username).
      if (c.type !== "private" && c.username?.toLowerCase() === name) return c;
    }
    throw badRequest("chat not found");
  }

  private memberStatus(chatId: number, userId: number): MemberStatus {
    const set = this.members.get(chatId)?.get(userId);
    if (set !== undefined) return set;
    const chat = this.chats.get(chatId);
    if (chat === undefined) return "left";
    if (userId === this.botUser.id) {
      // A registered chat is one the bot is in; channels need it as an admin to post.
      return chat.type === "channel" ? "administrator" : "member";
    }
    if (chat.type === "private") return chat.id === userId ? "member" : "left";
    return "left";
  }

  private chatObject(chat: FakeChatInit): Chat {
    switch (chat.type) {
      case "private": {
        const u = this.users.get(chat.id)?.user;
        const c: Chat.PrivateChat = { id: chat.id, type: "private", first_name: u?.first_name ?? chat.title ?? "User" };
        if (u?.last_name !== undefined) c.last_name = u.last_name;
        const username = u?.username ?? chat.username;
        if (username !== undefined) c.username = username;
        return c;
      }
      case "group":
        return { id: chat.id, type: "group", title: chat.title ?? "" };
      case "supergroup": {
        const c: Chat.SupergroupChat = { id: chat.id, type: "supergroup", title: chat.title ?? "" };
        if (chat.username !== undefined) c.username = chat.username;
        return c;
      }
      case "channel": {
        const c: Chat.ChannelChat = { id: chat.id, type: "channel", title: chat.title ?? "" };
        if (chat.username !== undefined) c.username = chat.username;
        return c;
      }
    }
  }

  private botAsUser(): User {
    return { id: this.botUser.id, is_bot: true, first_name: this.botUser.first_name, username: this.botUser.username };
  }

  private nextMessageId(chatId: number): number {
    const id = (this.lastMessageId.get(chatId) ?? 0) + 1;
    this.lastMessageId.set(chatId, id);
    return id;
  }

  private storeMessage(m: FakeMessage): void {
    let map = this.messages.get(m.chatId);
    if (map === undefined) {
      map = new Map();
      this.messages.set(m.chatId, map);
    }
    map.set(m.message_id, m);
  }

  private passesPrivacy(message: Message): boolean {
    // A caption counts as a photo's or file's text: "/request …" on a photo reaches the bot.
    const text = message.text ?? message.caption ?? "";
    const me = this.botUser.username.toLowerCase();
    const commands = (message.entities ?? message.caption_entities ?? []).filter((e) => e.type === "bot_command");
    for (const e of commands) {
      const cmd = text.slice(e.offset, e.offset + e.length);
      const at = cmd.indexOf("@");
      if (at < 0 || cmd.slice(at + 1).toLowerCase() === me) return true;
    }
    if (text.toLowerCase().includes(`@${me}`)) return true;
    return message.reply_to_message?.from?.id === this.botUser.id;
  }

  // Checks Telegram makes before the bot may post in a chat.
  private checkCanSend(chat: FakeChatInit): void {
    if (chat.type === "private") {
      const u = this.users.get(chat.id);
      if (u?.blocked === true) throw forbidden("bot was blocked by the user");
      if (u === undefined || !u.startedBot) throw forbidden("bot can't initiate conversation with a user");
      return;
    }
    const status = this.memberStatus(chat.id, this.botUser.id);
    const kind = chat.type === "group" ? "group chat" : chat.type === "supergroup" ? "supergroup chat" : "channel chat";
    if (status === "kicked") throw forbidden(`bot was kicked from the ${kind}`);
    if (status === "left") throw forbidden(`bot is not a member of the ${kind}`);
    if (chat.type === "channel" && status !== "administrator" && status !== "creator") {
      throw badRequest("need administrator rights in the channel chat");
    }
  }

  private checkRateLimit(chat: FakeChatInit): void {
    if (!this.rateLimitsEnforced) return;
    const retryAfter = this.limiter.check(chat.id, chat.type, this.now());
    if (retryAfter !== undefined) throw tooManyRequests(retryAfter);
  }

  private noteSent(chat: FakeChatInit): void {
    if (this.rateLimitsEnforced) this.limiter.record(chat.id, this.now());
  }

  private replyTarget(chat: FakeChatInit, p: Params): ReplyMessage | undefined {
    const rp = optJson(p, "reply_parameters", "can't parse ReplyParameters JSON object");
    let messageId = optInt(p, "reply_to_message_id");
    let allowWithout = optBool(p, "allow_sending_without_reply") ?? false;
    if (isRecord(rp)) {
      messageId = optInt(rp, "message_id") ?? messageId;
      allowWithout = optBool(rp, "allow_sending_without_reply") ?? allowWithout;
    }
    if (messageId === undefined) return undefined;
    const target = this.messages.get(chat.id)?.get(messageId);
    if (target === undefined || target.deleted) {
      if (allowWithout) return undefined;
      throw badRequest("message to be replied not found");
    }
    return stripReply(target.message);
  }

  private baseMessage(chat: FakeChatInit, p: Params): Message {
    const message: Message = {
      message_id: this.nextMessageId(chat.id),
      date: this.unixNow(),
      chat: this.chatObject(chat),
    };
    if (chat.type === "channel") message.sender_chat = this.chatObject(chat);
    else message.from = this.botAsUser();
    const reply = this.replyTarget(chat, p);
    if (reply !== undefined) message.reply_to_message = reply;
    return message;
  }

  /** A message's `text` as Telegram reads it: parsed in its parse mode, neither empty nor over 4,096 characters. */
  private messageText(params: Params, tooLong: string) {
    const raw = optString(params, "text") ?? "";
    const parseMode = optString(params, "parse_mode");
    const parsed = formatText(
      raw,
      parseMode,
      optJson(params, "entities", "can't parse entities JSON object"),
      this.formatOpts(),
    );
    if (parsed.text === "") throw badRequest("message text is empty");
    if (utf16Length(parsed.text) > 4096) throw badRequest(tooLong);
    return { raw, parseMode, parsed };
  }

  private formatOpts(): { strictHtmlEscaping: boolean } {
    return { strictHtmlEscaping: this.opts.strictHtmlEscaping };
  }

  private storedMessageFor(p: Params, notFound: string): { chat: FakeChatInit; stored: FakeMessage } {
    const chat = this.resolveChat(chatIdParam(p));
    const messageId = optInt(p, "message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const stored = this.messages.get(chat.id)?.get(messageId);
    if (stored === undefined || stored.deleted) throw badRequest(notFound);
    return { chat, stored };
  }

  // ------------------------------------------------------------ methods

  private buildHandlers(): Map<string, Handler> {
    const h = new Map<string, Handler>();
    const add = (name: string, fn: Handler): void => {
      // Bot API method names are case-insensitive.
      h.set(name.toLowerCase(), fn);
    };

    add("getMe", () => this.botUser);
    add("getFile", ({ params }) => {
      const fileId = optString(params, "file_id");
      if (fileId === undefined || fileId === "") throw badRequest("file_id not specified");
      const file = this.userFiles.get(fileId);
      if (file === undefined) throw badRequest("invalid file_id");
      if (file.bytes.length > MAX_DOWNLOAD_BYTES) throw badRequest("file is too big");
      return { ...fileRefOf(file), file_size: file.bytes.length, file_path: file.file_path };
    });
    add("getUpdates", (ctx) => this.getUpdates(ctx));

    add("setWebhook", ({ params }) => {
      const url = optString(params, "url") ?? "";
      if (url === "") return this.removeWebhook(params);
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw badRequest("bad webhook: invalid webhook URL specified");
      }
      const loopback =
        parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost" || parsed.hostname === "[::1]";
      // Telegram requires HTTPS; the fake also allows plain HTTP to loopback so tests can receive.
      if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) {
        throw badRequest("bad webhook: HTTPS url must be provided for webhook");
      }
      const secretToken = secretTokenParam(params);
      const maxConnections = optInt(params, "max_connections") ?? 40;
      if (maxConnections < 1 || maxConnections > 100)
        throw badRequest("bad webhook: max_connections must be between 1 and 100");
      const allowed = allowedUpdatesParam(params);
      if (allowed !== undefined) this.allowedUpdates = allowed.length > 0 ? allowed : null;
      if (optBool(params, "drop_pending_updates") === true) this.dropPending();
      const already =
        this.webhook?.url === url &&
        this.webhook.secretToken === secretToken &&
        this.webhook.maxConnections === maxConnections;
      this.webhook = { url, maxConnections };
      if (secretToken !== undefined) this.webhook.secretToken = secretToken;
      if (this.held !== null) {
        this.held.finish({ error: conflict("terminated by setWebhook request") });
        this.held = null;
      }
      // Updates not yet fetched by getUpdates now go to the webhook.
      for (const q of this.queue.splice(0)) this.webhookQueue.push(q.update);
      this.pumpWebhook();
      return new Described(true, already ? "Webhook is already set" : "Webhook was set");
    });

    add("deleteWebhook", ({ params }) => this.removeWebhook(params));

    add("getWebhookInfo", () => {
      const info: WebhookInfo = {
        url: this.webhook?.url ?? "",
        has_custom_certificate: false,
        pending_update_count: this.pendingUpdateCount,
      };
      if (this.webhook !== null) {
        info.max_connections = this.webhook.maxConnections;
        info.ip_address = "127.0.0.1";
        if (this.webhook.lastErrorDate !== undefined) info.last_error_date = this.webhook.lastErrorDate;
        if (this.webhook.lastErrorMessage !== undefined) info.last_error_message = this.webhook.lastErrorMessage;
        if (this.allowedUpdates !== null) {
          info.allowed_updates = [...this.allowedUpdates] as NonNullable<WebhookInfo["allowed_updates"]>;
        }
      }
      return info;
    });

    add("setMyCommands", ({ params }) => {
      const commands = commandsParam(params);
      const { key } = scopeParam(params);
      const lang = languageCodeParam(params);
      if (commands.length === 0) this.commands.delete(`${key}|${lang}`);
      else this.commands.set(`${key}|${lang}`, commands);
      return true;
    });
    add("getMyCommands", ({ params }) => {
      const { key } = scopeParam(params);
      return this.commands.get(`${key}|${languageCodeParam(params)}`) ?? [];
    });
    add("deleteMyCommands", ({ params }) => {
      const { key } = scopeParam(params);
      this.commands.delete(`${key}|${languageCodeParam(params)}`);
      return true;
    });

    add("sendMessage", ({ params }) => {
      const chatRef = chatIdParam(params);
      const { raw, parseMode, parsed } = this.messageText(params, "message is too long");
      const markup = replyMarkupParam(params);
      const chat = this.resolveChat(chatRef);
      this.checkCanSend(chat);
      this.checkRateLimit(chat);
      const message = this.baseMessage(chat, params);
      message.text = parsed.text;
      if (parsed.entities.length > 0) message.entities = parsed.entities;
      if (markup?.inline !== undefined) message.reply_markup = markup.inline;
      const stored: FakeMessage = {
        chatId: chat.id,
        message_id: message.message_id,
        fromBot: true,
        text: raw,
        visibleText: parsed.text,
        entities: parsed.entities,
        edits: 0,
        deleted: false,
        message,
      };
      if (parseMode !== undefined) stored.parse_mode = parseMode;
      if (markup?.inline !== undefined) stored.reply_markup = markup.inline;
      if (markup?.forceReply !== undefined) stored.forceReply = markup.forceReply;
      this.storeMessage(stored);
      this.noteSent(chat);
      return message;
    });

    add("editMessageText", ({ params }) => {
      if (optString(params, "inline_message_id") !== undefined) throw badRequest("MESSAGE_ID_INVALID");
      const { raw, parseMode, parsed } = this.messageText(params, "MESSAGE_TOO_LONG");
      const markup = replyMarkupParam(params);
      const { stored } = this.storedMessageFor(params, "message to edit not found");
      if (!stored.fromBot) throw badRequest("message can't be edited");
      if (stored.visibleText === undefined) throw badRequest("there is no text in the message to edit");
      const newMarkup = markup?.inline;
      if (
        stored.visibleText === parsed.text &&
        sameJson(stored.entities, parsed.entities) &&
        sameJson(stored.reply_markup, newMarkup)
      ) {
        throw badRequest(NOT_MODIFIED);
      }
      // Omitting reply_markup in an edit removes the inline keyboard, as on Telegram.
      const message: Message = { ...stored.message, text: parsed.text, edit_date: this.unixNow() };
      delete message.entities;
      delete message.reply_markup;
      if (parsed.entities.length > 0) message.entities = parsed.entities;
      if (newMarkup !== undefined) message.reply_markup = newMarkup;
      stored.text = raw;
      stored.visibleText = parsed.text;
      stored.entities = parsed.entities;
      if (parseMode !== undefined) stored.parse_mode = parseMode;
      else delete stored.parse_mode;
      if (newMarkup !== undefined) stored.reply_markup = newMarkup;
      else delete stored.reply_markup;
      stored.edits++;
      stored.message = message;
      return message;
    });

    add("editMessageReplyMarkup", ({ params }) => {
      if (optString(params, "inline_message_id") !== undefined) throw badRequest("MESSAGE_ID_INVALID");
      const markup = replyMarkupParam(params);
      const { stored } = this.storedMessageFor(params, "message to edit not found");
      if (!stored.fromBot) throw badRequest("message can't be edited");
      const newMarkup = markup?.inline;
      if (sameJson(stored.reply_markup, newMarkup)) throw badRequest(NOT_MODIFIED);
      const message: Message = { ...stored.message, edit_date: this.unixNow() };
      delete message.reply_markup;
      if (newMarkup !== undefined) message.reply_markup = newMarkup;
      if (newMarkup !== undefined) stored.reply_markup = newMarkup;
      else delete stored.reply_markup;
      stored.edits++;
      stored.message = message;
      return message;
    });

    add("deleteMessage", ({ params }) => {
      const { chat, stored } = this.storedMessageFor(params, "message to delete not found");
      if (!stored.fromBot && chat.type !== "private") {
        const status = this.memberStatus(chat.id, this.botUser.id);
        if (status !== "administrator" && status !== "creator") throw badRequest("message can't be deleted");
      }
      stored.deleted = true;
      return true;
    });

    add("answerCallbackQuery", ({ params }) => {
      const id = optString(params, "callback_query_id") ?? "";
      const text = optString(params, "text");
      const q = this.callbackQueries.get(id);
      if (q === undefined || q.answered || this.now() - q.issuedAt > this.opts.callbackQueryTtlMs) {
        throw badRequest(QUERY_TOO_OLD);
      }
      if (text !== undefined && utf16Length(text) > 200) throw badRequest("MESSAGE_TOO_LONG");
      q.answered = true;
      const answer: CallbackAnswer = { at: this.now() };
      if (text !== undefined) answer.text = text;
      const alert = optBool(params, "show_alert");
      if (alert !== undefined) answer.show_alert = alert;
      const url = optString(params, "url");
      if (url !== undefined) answer.url = url;
      this.callbackAnswers.set(id, answer);
      return true;
    });

    add("sendPoll", ({ params }) => {
      const chatRef = chatIdParam(params);
      const question = optString(params, "question") ?? "";
      if (question.trim() === "") throw badRequest("poll question must be non-empty");
      if (utf16Length(question) > 300) throw badRequest("poll question length must not exceed 300");
      const rawOptions = optJson(params, "options", "can't parse options JSON object");
      if (!Array.isArray(rawOptions)) throw badRequest('Field "options" must be of type Array');
      // Bot API 7.3+: InputPollOption objects; plain strings are still accepted.
      const texts = rawOptions.map((o) =>
        typeof o === "string" ? o : isRecord(o) && typeof o.text === "string" ? o.text : "",
      );
      if (texts.length < 2) throw badRequest("poll must have at least 2 option");
      if (texts.length > 10) throw badRequest("poll can't have more than 10 options");
      for (const t of texts) {
        if (t.trim() === "") throw badRequest("poll options must be non-empty");
        if (utf16Length(t) > 100) throw badRequest("poll options length must not exceed 100");
      }
      const type = optString(params, "type") ?? "regular";
      if (type !== "regular" && type !== "quiz") throw badRequest("poll type is invalid");
      const isAnonymous = optBool(params, "is_anonymous") ?? true;
      const multiple = optBool(params, "allows_multiple_answers") ?? false;
      const correct = optInt(params, "correct_option_id");
      if (type === "quiz" && (correct === undefined || correct < 0 || correct >= texts.length)) {
        throw badRequest("wrong correct option ID specified");
      }
      const markup = replyMarkupParam(params);
      const chat = this.resolveChat(chatRef);
      if (chat.type === "channel" && !isAnonymous)
        throw badRequest("non-anonymous polls can't be sent to channel chats");
      this.checkCanSend(chat);
      this.checkRateLimit(chat);
      const poll: Poll = {
        id: (5_000_000_000_000_000_000n + BigInt(++this.counter)).toString(),
        question,
        options: texts.map((text, i) => ({ persistent_id: `${i}`, text, voter_count: 0 })),
        total_voter_count: 0,
        is_closed: optBool(params, "is_closed") ?? false,
        is_anonymous: isAnonymous,
        type,
        allows_multiple_answers: multiple,
        allows_revoting: type === "regular",
        members_only: false,
      };
      if (type === "quiz" && correct !== undefined) poll.correct_option_ids = [correct];
      const message = this.baseMessage(chat, params);
      message.poll = poll;
      if (markup?.inline !== undefined) message.reply_markup = markup.inline;
      const stored: FakeMessage = {
        chatId: chat.id,
        message_id: message.message_id,
        fromBot: true,
        entities: [],
        poll,
        edits: 0,
        deleted: false,
        message,
      };
      if (markup?.inline !== undefined) stored.reply_markup = markup.inline;
      this.storeMessage(stored);
      this.polls.set(poll.id, { poll, chatId: chat.id, messageId: message.message_id, votes: new Map() });
      this.noteSent(chat);
      return message;
    });

    add("stopPoll", ({ params }) => {
      const markup = replyMarkupParam(params);
      const { stored } = this.storedMessageFor(params, "message with poll to stop not found");
      const poll = stored.poll;
      if (poll === undefined || !stored.fromBot) throw badRequest("message with poll to stop not found");
      if (poll.is_closed) throw badRequest("poll has already been closed");
      poll.is_closed = true;
      if (markup?.inline !== undefined) {
        stored.reply_markup = markup.inline;
        stored.message = { ...stored.message, reply_markup: markup.inline };
      }
      return structuredClone(poll);
    });

    add("sendDocument", ({ params, files }) => {
      const chatRef = chatIdParam(params);
      const doc = params.document;
      let upload: UploadedFile | undefined;
      let known: SentDocument | undefined;
      let url: string | undefined;
      if (typeof doc === "string" && doc.startsWith("attach://")) {
        upload = files.get(doc.slice("attach://".length));
        if (upload === undefined) throw badRequest("wrong HTTP URL specified");
      } else if (files.has("document")) {
        upload = files.get("document");
      } else if (typeof doc === "string" && /^https?:\/\//i.test(doc)) {
        url = doc;
      } else if (typeof doc === "string" && doc !== "") {
        known = this.fileIds.get(doc);
        if (known === undefined) throw badRequest("wrong file identifier/HTTP URL specified");
      } else {
        throw badRequest("there is no document in the request");
      }
      if (upload !== undefined && upload.bytes.length === 0) throw badRequest("file must be non-empty");
      const rawCaption = optString(params, "caption");
      const parseMode = optString(params, "parse_mode");
      const caption =
        rawCaption === undefined
          ? undefined
          : formatText(
              rawCaption,
              parseMode,
              optJson(params, "caption_entities", "can't parse entities JSON object"),
              this.formatOpts(),
            );
      if (caption !== undefined && utf16Length(caption.text) > 1024) throw badRequest("message caption is too long");
      const markup = replyMarkupParam(params);
      const chat = this.resolveChat(chatRef);
      this.checkCanSend(chat);
      this.checkRateLimit(chat);
      const message = this.baseMessage(chat, params);
      const filename =
        upload?.filename ??
        known?.filename ??
        (url !== undefined ? (new URL(url).pathname.split("/").pop() ?? "file") : "file");
      const fileId = known?.file_id ?? `BQACAgIAAxkBAAI${(++this.counter).toString(36).padStart(6, "0")}`;
      const sent: SentDocument = {
        chatId: chat.id,
        messageId: message.message_id,
        file_id: fileId,
        filename,
        contentType: guessMime(filename),
      };
      const bytes = upload?.bytes ?? known?.bytes;
      if (bytes !== undefined) sent.bytes = bytes;
      if (caption !== undefined && caption.text !== "") sent.caption = caption.text;
      const document: Document = {
        file_id: fileId,
        file_unique_id: `AgAD${fileId.slice(-6)}`,
        file_name: filename,
        mime_type: sent.contentType,
      };
      if (bytes !== undefined) document.file_size = bytes.length;
      message.document = document;
      if (caption !== undefined && caption.text !== "") {
        message.caption = caption.text;
        if (caption.entities.length > 0) message.caption_entities = caption.entities;
      }
      if (markup?.inline !== undefined) message.reply_markup = markup.inline;
      const stored: FakeMessage = {
        chatId: chat.id,
        message_id: message.message_id,
        fromBot: true,
        entities: [],
        document: sent,
        edits: 0,
        deleted: false,
        message,
      };
      if (rawCaption !== undefined) stored.caption = rawCaption;
      if (caption !== undefined) stored.visibleCaption = caption.text;
      if (markup?.inline !== undefined) stored.reply_markup = markup.inline;
      this.storeMessage(stored);
      this.documents.push(sent);
      this.fileIds.set(fileId, sent);
      this.noteSent(chat);
      return message;
    });

    add("getChatMember", ({ params }) => {
      const chat = this.resolveChat(chatIdParam(params));
      const userId = optInt(params, "user_id");
      if (userId === undefined) throw badRequest("invalid user_id specified");
      const user = userId === this.botUser.id ? this.botAsUser() : this.users.get(userId)?.user;
      if (user === undefined) throw badRequest("user not found");
      return chatMember(this.memberStatus(chat.id, userId), user, chat.type === "channel");
    });

    add("getChat", ({ params }) => {
      const chat = this.resolveChat(chatIdParam(params));
      const base = this.chatObject(chat);
      const info = {
        ...base,
        accent_color_id: 0,
        max_reaction_count: 11,
        accepted_gift_types: {
          unlimited_gifts: false,
          limited_gifts: false,
          unique_gifts: false,
          premium_subscription: false,
          gifts_from_channels: false,
        },
      } as ChatFullInfo;
      return info;
    });

    add("sendChatAction", ({ params }) => {
      const chat = this.resolveChat(chatIdParam(params));
      if ((optString(params, "action") ?? "") === "") throw badRequest("action is empty");
      this.checkCanSend(chat);
      return true;
    });

    return h;
  }

  private removeWebhook(params: Params): Described {
    if (optBool(params, "drop_pending_updates") === true) this.dropPending();
    const had = this.webhook !== null;
    this.webhook = null;
    // Undelivered updates stay pending for getUpdates.
    for (const u of this.webhookQueue.splice(0)) this.queue.push({ update: u, redelivered: false, returned: false });
    return new Described(true, had ? "Webhook was deleted" : "Webhook is already deleted");
  }

  private dropPending(): void {
    this.queue.splice(0);
    this.webhookQueue.splice(0);
  }
}

/** Marker for a held long poll whose client disconnected: nothing is answered. */
const HELD_AND_CLOSED = Symbol("held-and-closed");

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

type ReplyMessage = NonNullable<Message["reply_to_message"]>;

/** reply_to_message never nests another reply_to_message. */
function stripReply(message: Message): ReplyMessage {
  const copy: Message = { ...message };
  delete copy.reply_to_message;
  return copy as ReplyMessage;
}

/** chat_instance: a stable opaque signed 64-bit number per chat, as a string. */
function chatInstance(chatId: number): string {
  return BigInt.asIntN(64, BigInt(chatId) * 2_654_435_761n + 0x5deece66dn).toString();
}

/** Finds bot commands the way Telegram marks them: /cmd or /cmd@bot, on word boundaries, anywhere. */
function findBotCommands(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  const re = /\/([A-Za-z0-9_]{1,64})(@[A-Za-z0-9_]{3,32})?/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const before = m.index === 0 ? "" : text.charAt(m.index - 1);
    const after = text.charAt(m.index + m[0].length);
    const word = /[\p{L}\p{N}_]/u;
    if (before !== "" && (word.test(before) || "/<>".includes(before))) continue;
    if (after !== "" && (word.test(after) || "/<>@".includes(after))) continue;
    out.push({ type: "bot_command", offset: m.index, length: m[0].length });
  }
  return out;
}

/** "@username" as Telegram marks it in a person's text: a `mention` entity (usernames are 5-32 of A-Z a-z 0-9 _). */
function findMentions(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  const re = /@([A-Za-z0-9_]{5,32})/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const before = m.index === 0 ? "" : text.charAt(m.index - 1);
    // Inside a word or a command ("/help@bot") it is no mention.
    if (before !== "" && /[\p{L}\p{N}_/]/u.test(before)) continue;
    if (/[A-Za-z0-9_]/.test(text.charAt(m.index + m[0].length))) continue;
    out.push({ type: "mention", offset: m.index, length: m[0].length });
  }
  return out;
}

function guessMime(filename: string): string {
  const ext = filename.toLowerCase().split(".").pop() ?? "";
  const types: Record<string, string> = {
    csv: "text/csv",
    txt: "text/plain",
    json: "application/json",
    pdf: "application/pdf",
    ics: "text/calendar",
    zip: "application/zip",
    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    webp: "image/webp",
    heic: "image/heic",
  };
  return types[ext] ?? "application/octet-stream";
}

function chatMember(status: MemberStatus, user: User, channel: boolean): ChatMember {
  switch (status) {
    case "creator":
      return { status, user, is_anonymous: false };
    case "administrator":
      return {
        status,
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_send_welcome_messages: false,
        ...(channel ? { can_post_messages: true, can_edit_messages: true } : { can_pin_messages: true }),
      };
    case "member":
      return { status, user };
    case "restricted":
      return {
        status,
        user,
        is_member: true,
        can_send_messages: false,
        can_send_audios: false,
        can_send_documents: false,
        can_send_photos: false,
        can_send_videos: false,
        can_send_video_notes: false,
        can_send_voice_notes: false,
        can_send_polls: false,
        can_send_other_messages: false,
        can_add_web_page_previews: false,
        can_react_to_messages: false,
        can_change_info: false,
        can_invite_users: false,
        can_edit_tag: false,
        can_pin_messages: false,
        can_manage_topics: false,
        until_date: 0,
      };
    case "left":
      return { status, user };
    case "kicked":
      return { status, user, until_date: 0 };
  }
}

/** Telegram's rule for `start` / `startgroup` parameters. */
function checkStartPayload(payload: string): void {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(payload)) {
    throw new Error(`Telegram carries no deep-link payload ${JSON.stringify(payload)}: 1-64 of A-Z a-z 0-9 _ -`);
  }
}

/** The entities Telegram marks in a user's text or caption: bot commands and @mentions. */
function textEntities(text: string): MessageEntity[] {
  return [...findBotCommands(text), ...findMentions(text)].sort((a, b) => a.offset - b.offset);
}

function captionFields(caption: string | undefined): Partial<Message> {
  if (caption === undefined || caption === "") return {};
  const entities = textEntities(caption);
  return { caption, ...(entities.length > 0 ? { caption_entities: entities } : {}) };
}

function fileRefOf(file: UserFile): { file_id: string; file_unique_id: string } {
  return { file_id: file.file_id, file_unique_id: file.file_unique_id };
}
