// A local Slack for tests: the Web API (/api/<method>), file upload URLs,
// response_url endpoints, Socket Mode (/socket) and signed HTTP delivery to an
// app's request URL, all on one 127.0.0.1 server with a random port. Point
// Bolt at it with clientOptions.slackApiUrl = fake.slackApiUrl.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { findButtons, mrkdwnTexts, validateBlocks } from "./blocks-validate.js";
import { parseBody, readBody } from "./http-body.js";
import { hexToken, envelopeId as newDeliveryId, shortRandomId, slackId } from "./ids.js";
import { type Pings, pingsIn, renderPlain, richTextFromTyped } from "./mrkdwn.js";
import {
  appMentionEvent,
  blockActionsPayload,
  directMessageEvent,
  eventCallback,
  type SlashCommandInput,
  slashCommandPayload,
  viewSubmissionPayload,
} from "./payloads.js";
import { type SignedPostOptions, signedPost } from "./signer.js";
import { type DisconnectReason, SocketModeServer } from "./socket-mode.js";
import type {
  CallRecord,
  Delivery,
  EnvelopeType,
  EphemeralMessage,
  FailureSpec,
  FakeChannel,
  FakeUser,
  HttpResult,
  JsonObject,
  JsonValue,
  ResponseUrlPost,
  SocketAck,
  StoredFile,
  StoredMessage,
  TokenKind,
} from "./types.js";
import { type OpenView, stateValues } from "./views.js";
import { ApiError, WebApi } from "./web-api.js";
import { type ResponseTarget, Workspace } from "./workspace.js";

export type { Pings } from "./mrkdwn.js";
export type { SlashCommandInput } from "./payloads.js";
export { computeSignature } from "./signer.js";
export type { DisconnectReason } from "./socket-mode.js";
export type * from "./types.js";
export type { OpenView } from "./views.js";

/** What became of a person's Submit on a modal. */
export interface ViewSubmission {
  delivery: Delivery;
  /**
   * closed: the app answered with an empty ack (the modal closes);
   * errors: `response_action: "errors"`, shown under the fields;
   * not_acknowledged: no answer within 3 s (Slack shows the person an error);
   * invalid_response: an answer Slack cannot use (errors for blocks the view lacks, an unknown action).
   */
  outcome: "closed" | "errors" | "not_acknowledged" | "invalid_response";
  errors?: Record<string, string>;
}

/** A file a person attaches in Slack's client: its name, its type as the client states it, its bytes. */
export interface UserUpload {
  filename: string;
  mimetype: string;
  bytes: Uint8Array;
}

/** A GET of a file's url_private(_download), as the fake answered it. */
export interface FileDownload {
  fileId: string;
  status: number;
  /** The bearer token it came with, if any. */
  token?: string;
}

/** A bot token's scopes unless told otherwise. chat:write.public is left out so not_in_channel shows. */
export const DEFAULT_BOT_SCOPES: readonly string[] = [
  "app_mentions:read",
  "channels:history",
  "channels:read",
  "chat:write",
  "commands",
  "files:read",
  "files:write",
  "groups:history",
  "groups:read",
  "im:history",
  "im:read",
  "im:write",
  "mpim:history",
  "mpim:read",
  "mpim:write",
  "users:read",
];

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  teamName?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
  appId?: string;
  /** The bot token's scopes (default DEFAULT_BOT_SCOPES). */
  scopes?: string[];
  /** The app-level token's scopes (default ["connections:write"]). */
  appScopes?: string[];
  /** Signs HTTP deliveries (random by default). */
  signingSecret?: string;
  /** The legacy `token` field in payloads. */
  verificationToken?: string;
  /** Where HTTP deliveries go, e.g. http://127.0.0.1:3000/slack/events. */
  requestUrl?: string;
  /** Server pings per Socket Mode connection (default 10 s; 0 = none). */
  socketPingIntervalMs?: number;
  /** Slack's ack deadline: 3 s. */
  ackTimeoutMs?: number;
  /** How long a Socket Mode delivery waits for a (re)connected client (default 10 s). */
  socketWaitMs?: number;
}

export type Via = "socket" | "http";

export interface DeliveryOptions {
  /** Socket Mode: wait for the ack (default true); it lands in Delivery.ack. */
  awaitAck?: boolean;
}

interface DeliveryRecord {
  delivery: Delivery;
  http?: { body: string; contentType: string };
  commandTarget?: ResponseTarget;
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly signingSecret: string;
  /** Where convenience methods deliver `via: "http"`. */
  requestUrl: string | undefined;
  /** Every message Socket Mode clients acked, in arrival order. */
  readonly socketAcks: SocketAck[];
  /** Every POST to a response_url, in arrival order. */
  readonly responses: ResponseUrlPost[] = [];
  readonly deliveries: Delivery[] = [];
  /** Every GET of a file's private URL, in arrival order. */
  readonly fileDownloads: FileDownload[] = [];

  private readonly records = new Map<string, DeliveryRecord>();
  private readonly ackTimeoutMs: number;
  private readonly socketWaitMs: number;

  private constructor(
    private readonly server: Server,
    private readonly ws: Workspace,
    private readonly api: WebApi,
    private readonly socket: SocketModeServer,
    opts: Required<Pick<FakeSlackOptions, "botToken" | "appToken" | "signingSecret">> & FakeSlackOptions,
  ) {
    this.botToken = opts.botToken;
    this.appToken = opts.appToken;
    this.signingSecret = opts.signingSecret;
    this.requestUrl = opts.requestUrl;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
    this.socketWaitMs = opts.socketWaitMs ?? 10_000;
    this.socketAcks = socket.acks;
  }

  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const teamId = opts.teamId ?? "T0FAKETEAM";
    const ws = new Workspace({
      teamId,
      teamDomain: opts.teamDomain ?? "talkoot-test",
      teamName: opts.teamName ?? "Talkoot Test",
      botUserId: opts.botUserId ?? "U0FAKEBOT",
      botId: opts.botId ?? "B0FAKEBOT",
      botName: opts.botName ?? "talkoot",
      appId: opts.appId ?? "A0FAKEAPP",
      verificationToken: opts.verificationToken ?? hexToken(12),
    });
    const full = {
      ...opts,
      botToken: opts.botToken ?? `xoxb-${hexToken(8)}-${hexToken(8)}`,
      appToken: opts.appToken ?? `xapp-1-${ws.team.appId}-${hexToken(8)}`,
      signingSecret: opts.signingSecret ?? hexToken(16),
    };
    ws.addToken(full.botToken, "bot", opts.scopes ?? [...DEFAULT_BOT_SCOPES]);
    ws.addToken(full.appToken, "app", opts.appScopes ?? ["connections:write"]);
    ws.addUser({
      id: ws.team.botUserId,
      name: ws.team.botName,
      isBot: true,
      botId: ws.team.botId,
      tz: "America/Los_Angeles",
    });

    const socket = new SocketModeServer(ws, { pingIntervalMs: opts.socketPingIntervalMs ?? 10_000 });
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      if (!fake) {
        res.writeHead(503).end();
        return;
      }
      fake.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(err));
      });
    });
    server.on("upgrade", (req, sock, head: Buffer) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
      if (path === "/socket") socket.handleUpgrade(req, sock, head);
      else sock.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const base = (): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const api = new WebApi(ws, { baseUrl: base, issueSocketTicket: () => socket.issueTicket() });
    fake = new FakeSlack(server, ws, api, socket, full);
    return fake;
  }

  // ---- addresses & identity ----------------------------------------------

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** http://127.0.0.1:PORT */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Bolt's clientOptions.slackApiUrl. */
  get slackApiUrl(): string {
    return `${this.url}/api/`;
  }

  get teamId(): string {
    return this.ws.team.teamId;
  }

  get teamDomain(): string {
    return this.ws.team.teamDomain;
  }

  get botUserId(): string {
    return this.ws.team.botUserId;
  }

  get botId(): string {
    return this.ws.team.botId;
  }

  get appId(): string {
    return this.ws.team.appId;
  }

  get verificationToken(): string {
    return this.ws.team.verificationToken;
  }

  /** Closes the HTTP and WebSocket servers and every socket; leaves no handles. */
  async stop(): Promise<void> {
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.ws.removeAllListeners();
  }

  // ---- workspace ----------------------------------------------------------

  addChannel(c: {
    id: string;
    name: string;
    members: string[];
    botIsMember?: boolean;
    isPrivate?: boolean;
    isArchived?: boolean;
  }): FakeChannel {
    return this.ws.addChannel(c);
  }

  addUser(u: {
    id: string;
    name: string;
    realName?: string;
    displayName?: string;
    isAdmin?: boolean;
    isOwner?: boolean;
    isBot?: boolean;
    tz?: string;
    locale?: string;
  }): FakeUser {
    return this.ws.addUser(u);
  }

  /** Adds a token (e.g. a second bot token with fewer scopes). */
  addToken(token: string, kind: TokenKind, scopes: string[]): void {
    this.ws.addToken(token, kind, scopes);
  }

  setScopes(token: string, scopes: string[]): void {
    const t = this.ws.tokens.get(token);
    if (!t) throw new Error(`unknown token ${token}`);
    t.scopes = [...scopes];
  }

  channel(id: string): FakeChannel | undefined {
    return this.ws.channels.get(id);
  }

  user(id: string): FakeUser | undefined {
    return this.ws.users.get(id);
  }

  /** The bot's DM channel with a user, if conversations.open (or a post to the user id) made one. */
  dmWith(userId: string): FakeChannel | undefined {
    return [...this.ws.channels.values()].find((c) => c.isIm && c.imUser === userId);
  }

  /** Current messages (edits applied; deleted ones left out unless asked), thread replies included. */
  messagesIn(channel: string, opts: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return (this.ws.messages.get(channel) ?? []).filter((m) => opts.includeDeleted || !m.deleted);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.ws.findMessage(channel, ts);
  }

  ephemeralsFor(channel: string, user: string): EphemeralMessage[] {
    return this.ws.ephemerals.filter((e) => e.channel === channel && e.user === user);
  }

  get files(): StoredFile[] {
    return [...this.ws.files.values()];
  }

  /** A message as Slack would return it (type, user, bot_id, blocks, edited, ...). */
  slackMessage(m: StoredMessage): JsonObject {
    return this.ws.slackMessage(m);
  }

  /** Who the message notifies: users, @here/@channel/@everyone, user groups. */
  pingsIn(m: StoredMessage | EphemeralMessage): Pings {
    const linkNames = "linkNames" in m ? m.linkNames : false;
    const lookup = {
      userIdByName: (name: string): string | undefined =>
        [...this.ws.users.values()].find((u) => u.name === name || u.displayName === name)?.id,
    };
    const all: Pings = { users: [], broadcasts: [], usergroups: [] };
    for (const text of [m.text, ...mrkdwnTexts(m.blocks)]) {
      const p = pingsIn(text, { linkNames, lookup });
      for (const u of p.users) if (!all.users.includes(u)) all.users.push(u);
      for (const b of p.broadcasts) if (!all.broadcasts.includes(b)) all.broadcasts.push(b);
      for (const g of p.usergroups) if (!all.usergroups.includes(g)) all.usergroups.push(g);
    }
    return all;
  }

  /** The message text as a person would read it. */
  render(text: string): string {
    return renderPlain(text, {
      userName: (id) => this.ws.users.get(id)?.displayName,
      channelName: (id) => this.ws.channels.get(id)?.name,
    });
  }

  /** Stores a message typed by a person (no event is delivered). */
  postAsUser(channel: string, userId: string, text: string, opts: { threadTs?: string } = {}): StoredMessage {
    if (!this.ws.channels.has(channel)) throw new Error(`unknown channel ${channel}`);
    return this.ws.addMessage({
      channel,
      ts: this.ws.clock.next(),
      text,
      blocks: [richTextFromTyped(text, shortRandomId())],
      user: userId,
      ...(opts.threadTs !== undefined ? { thread_ts: opts.threadTs } : {}),
      edits: [],
      deleted: false,
      linkNames: false,
      params: {},
      source: "user",
    });
  }

  /**
   * A person uploads files in Slack's client and shares them in one message
   * with `text` in `channel`: the files are theirs, complete, and readable
   * by whoever sees the channel. Nothing is delivered.
   */
  postFilesAsUser(
    channel: string,
    userId: string,
    text: string,
    uploads: UserUpload[],
    opts: { threadTs?: string } = {},
  ): { message: StoredMessage; files: StoredFile[] } {
    const ch = this.requireChannel(channel);
    const files = uploads.map((upload): StoredFile => {
      const file: StoredFile = {
        id: slackId("F"),
        filename: upload.filename,
        title: upload.filename,
        length: upload.bytes.length,
        bytes: Buffer.from(upload.bytes),
        uploadContentType: upload.mimetype,
        completed: true,
        channels: [ch.id],
        shares: [],
        created: Math.floor(Date.now() / 1000),
        user: userId,
        ...(opts.threadTs !== undefined ? { threadTs: opts.threadTs } : {}),
      };
      this.ws.files.set(file.id, file);
      return file;
    });
    const message = this.postAsUser(ch.id, userId, text, opts);
    message.files = files.map((f) => this.ws.slackFile(f, this.url));
    for (const f of files) f.shares.push({ channel: ch.id, ts: message.ts });
    this.ws.changed();
    return { message, files };
  }

  /** A mention of the bot with files attached, as one message: the app_mention carries the files. */
  async mentionWithFiles(
    via: Via,
    channel: string,
    userId: string,
    text: string,
    uploads: UserUpload[],
    opts: DeliveryOptions & { threadTs?: string } = {},
  ): Promise<{ delivery: Delivery; files: StoredFile[] }> {
    const mention = `<@${this.botUserId}>`;
    const full = text.includes(mention) ? text : `${mention} ${text}`;
    const { message, files } = this.postFilesAsUser(channel, userId, full, uploads, opts);
    const payload = eventCallback(this.ws, appMentionEvent(this.ws, message, newDeliveryId()));
    return { delivery: await this.deliverEventCallback(via, payload, opts), files };
  }

  /**
   * A person writes in their DM with the bot (message.im), with files
   * attached when `uploads` are given (subtype file_share).
   */
  async directMessage(
    via: Via,
    userId: string,
    text: string,
    opts: DeliveryOptions & { uploads?: UserUpload[]; threadTs?: string } = {},
  ): Promise<{ delivery: Delivery; files: StoredFile[] }> {
    const dm = this.ws.imWith(userId).channel;
    const threadOpts = opts.threadTs !== undefined ? { threadTs: opts.threadTs } : {};
    const { message, files } = opts.uploads?.length
      ? this.postFilesAsUser(dm.id, userId, text, opts.uploads, threadOpts)
      : { message: this.postAsUser(dm.id, userId, text, threadOpts), files: [] };
    const payload = eventCallback(this.ws, directMessageEvent(this.ws, message, newDeliveryId()));
    return { delivery: await this.deliverEventCallback(via, payload, opts), files };
  }

  // ---- Web API observation and failure injection ---------------------------

  get calls(): CallRecord[] {
    return this.api.calls;
  }

  callsOf(method: string): CallRecord[] {
    return this.api.calls.filter((c) => c.method === method);
  }

  /**
   * The next `times` calls of `method` fail this way (queued after earlier
   * fail() calls). `lostAnswer` carries the call out and then destroys the
   * connection, so the client cannot tell whether it took effect.
   */
  fail(method: string, spec: FailureSpec, times = 1): void {
    this.api.fail(method, spec, times);
  }

  clearFailures(): void {
    this.api.clearFailures();
  }

  /**
   * Slack's pace for chat.postMessage per channel (post-pace.ts): a post over
   * it is answered 429 with Retry-After, as Slack does. Off by default, so a
   * test's setup need not wait for it. `now`: the pace's clock (a test's own).
   */
  enforceRateLimits(enabled: boolean, now: () => number = Date.now): void {
    this.api.enforcePostPace(enabled, now);
  }

  /** Resolves with the predicate's first truthy value; re-checked on every change. */
  waitFor<T>(predicate: () => T | undefined | null | false, ms = 2000, what = "condition"): Promise<T> {
    const first = predicate();
    if (first) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const v = predicate();
        if (v) {
          cleanup();
          resolve(v);
        }
      };
      // The predicate may read state the fake does not announce (e.g. app state).
      const poll = setInterval(check, 25);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waitFor: ${what} not met within ${ms} ms`));
      }, ms);
      const cleanup = (): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.ws.off("change", check);
      };
      this.ws.on("change", check);
    });
  }

  // ---- Socket Mode --------------------------------------------------------

  get socketConnections(): number {
    return this.socket.readyConnections;
  }

  get socketConnectionsOpened(): number {
    return this.socket.connectionsOpened;
  }

  /** Pings the SDK sent (it pings every clientPingTimeout/3 and wants pongs). */
  get socketPingsReceived(): number {
    return this.socket.pingsReceived;
  }

  /** Turn off answering client pings to make the SDK time the link out. */
  set answerSocketPings(on: boolean) {
    this.socket.answerPings = on;
  }

  waitForSocket(ms = this.socketWaitMs): Promise<void> {
    return this.socket.waitForConnection(ms);
  }

  /** Sends a raw envelope; returns its envelope_id without waiting for the ack. */
  async sendEnvelope(type: EnvelopeType, payload: JsonObject): Promise<string> {
    const env = this.socket.buildEnvelope(type, payload);
    await this.socket.send(env, this.socketWaitMs);
    return env.envelope_id;
  }

  waitForAck(envelopeId: string, ms = this.ackTimeoutMs): Promise<SocketAck> {
    return this.socket.waitForAck(envelopeId, ms);
  }

  /** Sends {"type":"disconnect","reason"} to every connection; closes any still open after closeAfterMs. */
  disconnectSockets(reason: DisconnectReason = "refresh_requested", closeAfterMs = 10_000): void {
    this.socket.disconnect(reason, closeAfterMs);
  }

  /** Drops every connection abruptly, as a network failure would. */
  dropSockets(): void {
    this.socket.terminateAll();
  }

  // ---- HTTP delivery ------------------------------------------------------

  /** POSTs `body` signed with the signing secret (or opts.secret) as Slack does. */
  signedPost(
    url: string,
    body: string,
    contentType: string,
    opts: Partial<SignedPostOptions> = {},
  ): Promise<HttpResult> {
    return signedPost(url, body, contentType, { ...opts, secret: opts.secret ?? this.signingSecret });
  }

  // ---- payload builders ---------------------------------------------------

  /** A slash command's fields; its response_url points at this fake. */
  buildSlashCommand(input: SlashCommandInput): Record<string, string> {
    const target = this.newResponseTarget("command", input.channelId, input.userId);
    return slashCommandPayload(this.ws, {
      ...input,
      responseUrl: `${this.url}/response/${target.id}`,
      triggerId: this.ws.triggers.issue(input.userId),
    });
  }

  /** A block_actions payload for pressing the button `actionId` in a stored message. */
  buildBlockActions(channel: string, ts: string, userId: string, actionId: string): JsonObject {
    const message = this.ws.findMessage(channel, ts);
    if (!message) throw new Error(`no message ${ts} in ${channel}`);
    const found = findButtons(message.blocks).find((b) => b.button.action_id === actionId);
    if (!found) throw new Error(`no button with action_id ${actionId} in message ${ts}`);
    const target = this.newResponseTarget("action", channel, userId, ts);
    return blockActionsPayload(this.ws, {
      message,
      userId,
      button: found.button,
      blockId: found.blockId,
      responseUrl: `${this.url}/response/${target.id}`,
      triggerId: this.ws.triggers.issue(userId),
      actionTs: this.ws.clock.next(),
    });
  }

  /** Stores the person's message and returns the app_mention event_callback for it. */
  buildAppMention(channel: string, userId: string, text: string, opts: { threadTs?: string } = {}): JsonObject {
    const mention = `<@${this.botUserId}>`;
    const full = text.includes(mention) ? text : `${mention} ${text}`;
    const msg = this.postAsUser(channel, userId, full, opts);
    return eventCallback(this.ws, appMentionEvent(this.ws, msg, newDeliveryId()));
  }

  // ---- convenience deliveries ---------------------------------------------

  async slashCommand(via: Via, input: SlashCommandInput, opts: DeliveryOptions = {}): Promise<Delivery> {
    if (!this.ws.channels.has(input.channelId)) throw new Error(`unknown channel ${input.channelId}`);
    if (!this.ws.users.has(input.userId)) throw new Error(`unknown user ${input.userId}`);
    const fields = this.buildSlashCommand(input);
    const target = this.ws.responseTargets.get(fields.response_url?.split("/").pop() ?? "");
    return this.deliver(via, "slash_commands", fields, {
      body: new URLSearchParams(fields).toString(),
      contentType: "application/x-www-form-urlencoded",
      ...(target ? { commandTarget: target } : {}),
      ...opts,
    });
  }

  async pressButton(
    via: Via,
    channel: string,
    ts: string,
    userId: string,
    actionId: string,
    opts: DeliveryOptions = {},
  ): Promise<Delivery> {
    const payload = this.buildBlockActions(channel, ts, userId, actionId);
    return this.deliver(via, "interactive", payload, {
      body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      contentType: "application/x-www-form-urlencoded",
      ...opts,
    });
  }

  // ---- modals ---------------------------------------------------------------

  /** Modals opened with views.open (for one person, when given), open ones first in opening order. */
  views(userId?: string): OpenView[] {
    return [...this.ws.views.values()].filter((v) => userId === undefined || v.userId === userId);
  }

  /** The modal a person has open now (the newest), if any. */
  openView(userId: string): OpenView | undefined {
    return this.views(userId)
      .filter((v) => !v.closed)
      .at(-1);
  }

  /** Makes every trigger_id handed out so far too old for views.open, as if the app took more than 3 s. */
  expireTriggers(): void {
    this.ws.triggers.expireAll();
  }

  /**
   * The person fills the modal's inputs (`entered` by block_id: text, or a
   * select's option value) and presses Submit: a view_submission goes to the
   * app, and its answer is applied as Slack does.
   */
  async submitView(via: Via, viewId: string, entered: Record<string, string>): Promise<ViewSubmission> {
    const open = this.ws.views.get(viewId);
    if (!open) throw new Error(`no view ${viewId}`);
    if (open.closed) throw new Error(`view ${viewId} is closed`);
    const payload = viewSubmissionPayload(this.ws, {
      view: open.view,
      userId: open.userId,
      values: stateValues(open.view, entered),
      triggerId: this.ws.triggers.issue(open.userId),
    });
    const delivery = await this.deliver(via, "interactive", payload, {
      body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
      contentType: "application/x-www-form-urlencoded",
    });
    const result = this.applyViewAnswer(open, delivery);
    this.ws.changed();
    return result;
  }

  private applyViewAnswer(open: OpenView, delivery: Delivery): ViewSubmission {
    let answer: JsonObject | undefined;
    if (delivery.via === "socket") {
      if (!delivery.ack) return { delivery, outcome: "not_acknowledged" };
      answer = delivery.ack.payload;
    } else {
      if (delivery.status !== 200) return { delivery, outcome: "not_acknowledged" };
      const text = delivery.body?.trim() ?? "";
      if (text) {
        try {
          const parsed = JSON.parse(text) as JsonValue;
          answer = isObject(parsed) ? parsed : undefined;
          if (!answer) return { delivery, outcome: "invalid_response" };
        } catch {
          return { delivery, outcome: "invalid_response" };
        }
      }
    }
    if (!answer || Object.keys(answer).length === 0) {
      open.closed = true;
      delete open.errors;
      return { delivery, outcome: "closed" };
    }
    if (answer.response_action === "clear") {
      open.closed = true;
      return { delivery, outcome: "closed" };
    }
    if (answer.response_action !== "errors" || !isObject(answer.errors))
      return { delivery, outcome: "invalid_response" };
    const inputIds = new Set(
      (Array.isArray(open.view.blocks) ? open.view.blocks : [])
        .filter((b): b is JsonObject => isObject(b) && b.type === "input")
        .map((b) => b.block_id),
    );
    const errors: Record<string, string> = {};
    for (const [blockId, message] of Object.entries(answer.errors)) {
      // Slack shows errors only under input blocks of this view.
      if (!inputIds.has(blockId) || typeof message !== "string") return { delivery, outcome: "invalid_response" };
      errors[blockId] = message;
    }
    open.errors = errors;
    return { delivery, outcome: "errors", errors };
  }

  async mention(
    via: Via,
    channel: string,
    userId: string,
    text: string,
    opts: DeliveryOptions & { threadTs?: string } = {},
  ): Promise<Delivery> {
    const payload = this.buildAppMention(channel, userId, text, opts);
    return this.deliverEventCallback(via, payload, opts);
  }

  /**
   * Someone removes the bot from a channel (`/remove @Talkoot`): posting there
   * then fails with not_in_channel (public) or channel_not_found (private),
   * and the app gets channel_left / group_left.
   */
  async removeBot(via: Via, channel: string, actorId: string, opts: DeliveryOptions = {}): Promise<Delivery> {
    const ch = this.requireChannel(channel);
    this.setBotMembership(ch, false);
    const type = ch.isPrivate ? "group_left" : "channel_left";
    return this.deliverEvent(via, { type, channel: ch.id, actor_id: actorId, event_ts: slackTs() }, opts);
  }

  /** Someone archives a channel: posting fails with is_archived; the app gets channel_archive / group_archive. */
  async archiveChannel(via: Via, channel: string, userId: string, opts: DeliveryOptions = {}): Promise<Delivery> {
    const ch = this.requireChannel(channel);
    ch.isArchived = true;
    this.ws.changed();
    const type = ch.isPrivate ? "group_archive" : "channel_archive";
    return this.deliverEvent(via, { type, channel: ch.id, user: userId, event_ts: slackTs() }, opts);
  }

  /**
   * Someone invites the bot (`/invite @Talkoot`), to a channel it was not in
   * or one that was archived and is no longer: the app gets
   * member_joined_channel with the bot as the user.
   */
  async inviteBot(via: Via, channel: string, inviterId: string, opts: DeliveryOptions = {}): Promise<Delivery> {
    const ch = this.requireChannel(channel);
    ch.isArchived = false;
    this.setBotMembership(ch, true);
    const event = {
      type: "member_joined_channel",
      user: this.ws.team.botUserId,
      channel: ch.id,
      channel_type: ch.isPrivate ? "G" : "C",
      team: this.ws.team.teamId,
      inviter: inviterId,
      event_ts: slackTs(),
    };
    return this.deliverEvent(via, event, opts);
  }

  private requireChannel(id: string): FakeChannel {
    const ch = this.ws.resolveChannel(id);
    if (!ch) throw new Error(`unknown channel ${id}: call addChannel first`);
    return ch;
  }

  private setBotMembership(ch: FakeChannel, member: boolean): void {
    const bot = this.ws.team.botUserId;
    ch.botIsMember = member;
    ch.members = member ? [...new Set([...ch.members, bot])] : ch.members.filter((m) => m !== bot);
    this.ws.changed();
  }

  /** Delivers any event (wrapped in event_callback) to the app. */
  async deliverEvent(via: Via, event: JsonObject, opts: DeliveryOptions = {}): Promise<Delivery> {
    return this.deliverEventCallback(via, eventCallback(this.ws, event), opts);
  }

  /**
   * Delivers the same thing again, as Slack does when the ack is late or
   * missing: the same envelope_id with retry_attempt+1 over Socket Mode, the
   * same body with X-Slack-Retry-Num / X-Slack-Retry-Reason over HTTP.
   */
  async redeliver(id: string, opts: DeliveryOptions & { reason?: string } = {}): Promise<Delivery> {
    const rec = this.records.get(id);
    if (!rec) throw new Error(`unknown delivery ${id}`);
    const attempt = rec.delivery.attempt + 1;
    rec.delivery = { ...rec.delivery, attempt };
    if (rec.delivery.via === "socket") {
      const sentAt = Date.now();
      const env = await this.socket.resend(id, opts.reason ?? "timeout", this.socketWaitMs);
      const ack = opts.awaitAck === false ? undefined : await this.ackOrUndefined(id, sentAt);
      const d: Delivery = { ...rec.delivery, payload: env.payload, ...(ack ? { ack } : {}) };
      if (ack && rec.commandTarget) this.applyCommandAck(rec.commandTarget, ack.payload);
      this.deliveries.push(d);
      return d;
    }
    const http = rec.http;
    if (!http) throw new Error(`delivery ${id} has no HTTP body`);
    const res = await this.postToApp(http.body, http.contentType, {
      retryNum: attempt,
      retryReason: opts.reason ?? "http_timeout",
    });
    const d: Delivery = { ...rec.delivery, status: res.status, body: res.body };
    if (rec.commandTarget) this.applyHttpCommandReply(rec.commandTarget, res);
    this.deliveries.push(d);
    return d;
  }

  private deliverEventCallback(via: Via, payload: JsonObject, opts: DeliveryOptions): Promise<Delivery> {
    return this.deliver(via, "events_api", payload, {
      body: JSON.stringify(payload),
      contentType: "application/json",
      id: typeof payload.event_id === "string" ? payload.event_id : undefined,
      ...opts,
    });
  }

  private async ackOrUndefined(envelopeId: string, after: number): Promise<SocketAck | undefined> {
    try {
      return await this.socket.waitForAck(envelopeId, this.ackTimeoutMs, after);
    } catch {
      return undefined;
    }
  }

  private requireRequestUrl(): string {
    if (!this.requestUrl) throw new Error("FakeSlack.requestUrl is not set; HTTP delivery needs the app's URL");
    return this.requestUrl;
  }

  private async postToApp(
    body: string,
    contentType: string,
    extra: { retryNum?: number; retryReason?: string } = {},
  ): Promise<HttpResult> {
    try {
      return await signedPost(this.requireRequestUrl(), body, contentType, {
        secret: this.signingSecret,
        timeoutMs: this.ackTimeoutMs,
        ...extra,
      });
    } catch {
      // The app was down (connection refused or reset): to Slack that is a failed
      // delivery like a timeout, recorded with status 0 and retried by redeliver().
      return { status: 0, headers: {}, body: "", timedOut: false };
    }
  }

  private async deliver(
    via: Via,
    type: EnvelopeType,
    payload: JsonObject,
    opts: DeliveryOptions & {
      body: string;
      contentType: string;
      id?: string | undefined;
      commandTarget?: ResponseTarget;
    },
  ): Promise<Delivery> {
    if (via === "socket") {
      const env = this.socket.buildEnvelope(type, payload);
      const sentAt = Date.now();
      await this.socket.send(env, this.socketWaitMs);
      const ack = opts.awaitAck === false ? undefined : await this.ackOrUndefined(env.envelope_id, sentAt);
      const d: Delivery = { id: env.envelope_id, via, type, attempt: 0, payload, ...(ack ? { ack } : {}) };
      if (typeof payload.response_url === "string") d.responseUrl = payload.response_url;
      this.records.set(d.id, { delivery: d, ...(opts.commandTarget ? { commandTarget: opts.commandTarget } : {}) });
      if (ack && opts.commandTarget) this.applyCommandAck(opts.commandTarget, ack.payload);
      this.deliveries.push(d);
      return d;
    }
    const res = await this.postToApp(opts.body, opts.contentType);
    const d: Delivery = {
      id: opts.id ?? newDeliveryId(),
      via,
      type,
      attempt: 0,
      payload,
      status: res.status,
      body: res.body,
    };
    if (typeof payload.response_url === "string") d.responseUrl = payload.response_url;
    this.records.set(d.id, {
      delivery: d,
      http: { body: opts.body, contentType: opts.contentType },
      ...(opts.commandTarget ? { commandTarget: opts.commandTarget } : {}),
    });
    if (opts.commandTarget) this.applyHttpCommandReply(opts.commandTarget, res);
    this.deliveries.push(d);
    return d;
  }

  // ---- replies to commands and actions -------------------------------------

  private newResponseTarget(
    kind: "command" | "action",
    channel: string,
    user: string,
    messageTs?: string,
  ): ResponseTarget {
    const target: ResponseTarget = {
      id: `${this.teamId}/${hexToken(6)}/${hexToken(12)}`.replace(/\//g, "-"),
      kind,
      channel,
      user,
      ...(messageTs !== undefined ? { messageTs } : {}),
      posts: [],
    };
    this.ws.responseTargets.set(target.id, target);
    return target;
  }

  /** An ack payload with text or blocks is shown to the user, like a response_url post. */
  private applyCommandAck(target: ResponseTarget, payload: JsonObject | undefined): void {
    if (!payload) return;
    if (payload.text === undefined && payload.blocks === undefined) return;
    try {
      this.applyReply(target, payload, "ack");
    } catch {
      // Slack shows the user an error for an unusable reply; nothing is posted.
    }
  }

  private applyHttpCommandReply(target: ResponseTarget, res: HttpResult): void {
    if (res.status !== 200 || res.body.trim() === "") return;
    let body: JsonValue;
    try {
      body = JSON.parse(res.body) as JsonValue;
    } catch {
      body = { text: res.body };
    }
    if (isObject(body)) this.applyCommandAck(target, body);
  }

  /**
   * What Slack does with a reply to a command or an action: replace or
   * delete the original message, post in the channel (response_type
   * in_channel), or show it only to the user (the default).
   */
  private applyReply(
    target: ResponseTarget,
    body: JsonObject,
    source: "response_url" | "ack",
  ): ResponseUrlPost["effect"] {
    const text = typeof body.text === "string" ? body.text : "";
    let blocks: JsonObject[] | undefined;
    if (Array.isArray(body.blocks)) {
      const res = validateBlocks(body.blocks);
      if (!res.ok) throw new ApiError("invalid_blocks", { errors: res.errors });
      blocks = res.blocks;
    }
    const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    const original = target.messageTs ? this.ws.findMessage(target.channel, target.messageTs) : undefined;
    if (body.delete_original === true || body.delete_original === "true") {
      if (!original) return "none";
      original.deleted = true;
      this.ws.changed();
      return "deleted";
    }
    if ((body.replace_original === true || body.replace_original === "true") && original) {
      this.api.editMessage(original, { text, ...(blocks ? { blocks } : { blocks: [] }) }, body);
      return "replaced";
    }
    if (body.response_type === "in_channel") {
      const msg = this.api.postBotMessage(
        target.channel,
        { text, ...(blocks ? { blocks } : {}) },
        { ...(threadTs ? { threadTs } : {}), params: body, source },
      );
      if (target.kind === "command") target.messageTs = msg.ts;
      return "in_channel";
    }
    this.ws.ephemerals.push({
      channel: target.channel,
      user: target.user,
      ts: this.ws.clock.next(),
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      bot_id: this.botId,
      source,
    });
    this.ws.changed();
    return "ephemeral";
  }

  // ---- HTTP routing -------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const raw = await readBody(req);
    const contentType = req.headers["content-type"] ?? "";
    const send = (status: number, body: JsonObject | string, headers: Record<string, string> = {}): void => {
      const text = typeof body === "string" ? body : JSON.stringify(body);
      const ct = typeof body === "string" ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
      res.writeHead(status, { "content-type": ct, ...headers });
      res.end(text);
    };

    if (url.pathname.startsWith("/api/")) {
      const method = decodeURIComponent(url.pathname.slice("/api/".length));
      let parsed: Awaited<ReturnType<typeof parseBody>>;
      try {
        parsed = await parseBody(raw, contentType, url.searchParams);
      } catch {
        send(200, { ok: false, error: "invalid_json" });
        return;
      }
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : undefined;
      // Slack ignores a token inside a JSON body; it must come in the header.
      const bodyToken = !parsed.isJson && typeof parsed.params.token === "string" ? parsed.params.token : undefined;
      const token = bearer || bodyToken;
      const out = this.api.handle({
        method,
        params: parsed.params,
        ...(token ? { token } : {}),
        missingCharset: parsed.missingCharset,
      });
      if (out.lost) {
        // The request was read and carried out; the answer never leaves.
        req.socket.destroy();
        return;
      }
      const text = typeof out.body === "string" ? out.body : JSON.stringify(out.body);
      res.writeHead(out.status, out.headers);
      res.end(text);
      return;
    }

    if (req.method === "GET" && url.pathname.startsWith("/files-pri/")) {
      this.serveFile(req, res, url.pathname);
      return;
    }

    if (req.method === "POST" && url.pathname.startsWith("/upload/")) {
      const file = this.ws.files.get(url.pathname.slice("/upload/".length));
      if (!file) {
        send(404, "Not Found");
        return;
      }
      let bytes = raw;
      let type = contentType;
      if (contentType.toLowerCase().startsWith("multipart/form-data")) {
        const parsed = await parseBody(raw, contentType, new URLSearchParams());
        const part = parsed.parts[0];
        if (part) {
          bytes = part.bytes;
          type = part.type;
        } else {
          const field = Object.values(parsed.params).find((v) => typeof v === "string");
          bytes = Buffer.from(typeof field === "string" ? field : "");
          type = "text/plain";
        }
      }
      file.bytes = bytes;
      file.uploadContentType = type || "application/octet-stream";
      this.ws.changed();
      send(200, `OK - ${bytes.length}`);
      return;
    }

    if (req.method === "POST" && url.pathname.startsWith("/response/")) {
      const target = this.ws.responseTargets.get(url.pathname.slice("/response/".length));
      if (!target) {
        send(404, { ok: false, error: "expired_url" });
        return;
      }
      let body: JsonValue;
      try {
        body = JSON.parse(raw.toString("utf8")) as JsonValue;
      } catch {
        send(400, { ok: false, error: "invalid_payload" });
        return;
      }
      if (!isObject(body)) {
        send(400, { ok: false, error: "invalid_payload" });
        return;
      }
      let effect: ResponseUrlPost["effect"];
      try {
        effect = this.applyReply(target, body, "response_url");
      } catch (err) {
        if (err instanceof ApiError) {
          send(400, { ok: false, error: err.error, ...err.extra });
          return;
        }
        throw err;
      }
      const post: ResponseUrlPost = { id: target.id, body, at: Date.now(), effect };
      target.posts.push(post);
      this.responses.push(post);
      this.ws.changed();
      send(200, { ok: true });
      return;
    }

    send(404, "Not Found");
  }

  /**
   * A file's private URL: its bytes only with `Authorization: Bearer` and a
   * token whose owner may read the file (files:read, and the bot in a
   * channel it is shared in); 401 without a usable token, 403 without the
   * scope, 404 for a file it cannot see.
   */
  private serveFile(req: IncomingMessage, res: ServerResponse, path: string): void {
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length).trim() : undefined;
    const file = this.ws.fileAtPrivatePath(path);
    const answer = (status: number, body: Buffer | string, type = "text/plain; charset=utf-8"): void => {
      this.fileDownloads.push({ fileId: file?.id ?? "", status, ...(bearer ? { token: bearer } : {}) });
      res.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(body)) });
      res.end(body);
      this.ws.changed();
    };
    const token = bearer ? this.ws.tokens.get(bearer) : undefined;
    if (!token || token.kind === "app") answer(401, "Unauthorized");
    else if (!token.scopes.includes("files:read")) answer(403, "Forbidden");
    else if (!file?.bytes || !file.completed || !this.ws.botSeesFile(file)) answer(404, "Not Found");
    else answer(200, file.bytes, file.uploadContentType ?? "application/octet-stream");
  }
}

/** A Slack-style timestamp ("1700000000.000100") for an event_ts. */
function slackTs(): string {
  const now = Date.now();
  return `${Math.floor(now / 1000)}.${String((now % 1000) * 1000).padStart(6, "0")}`;
}
