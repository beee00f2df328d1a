// A local Discord for tests: the REST API under /api/v10 and the gateway at
// /gateway on one 127.0.0.1 server with a random port. Point discord.js at
// it with `rest: { api: fake.restApi }`; the gateway URL comes from
// GET /gateway/bot like on Discord.

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DispatchTarget, Gateway, type GatewaySession, Intent } from "./gateway.js";
import {
  type AutocompleteInput,
  type ButtonInput,
  Interactions,
  type ModalSubmitInput,
  type SelectInput,
  type SlashCommandInput,
} from "./interactions.js";
import { ALL_MENTIONS, pingsNoOne } from "./mentions.js";
import { modalEntries, validateMessage } from "./message-validate.js";
import { type MessageEvent, MessageStore } from "./messages.js";
import { matches, RateLimits } from "./rate-limits.js";
import { type CdnRequest, RestApi } from "./rest.js";
import { shardOf } from "./snowflake.js";
import type { CallbackRecord } from "./types.js";
import {
  type CallMatcher,
  type CallRecord,
  ChannelKind,
  type FailureSpec,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
  type FakeRole,
  type FakeUser,
  type InteractionRecord,
  type JsonObject,
  type JsonValue,
  type Pings,
  type StoredMessage,
} from "./types.js";
import {
  type AddChannelInput,
  type AddGuildInput,
  type AddMemberInput,
  type AddRoleInput,
  type AddUserInput,
  World,
} from "./world.js";

export { LOCALES } from "./commands-validate.js";
export { Intent, PRIVILEGED_INTENTS } from "./gateway.js";
export type * from "./interactions.js";
export { pingsNoOne } from "./mentions.js";
export type { CdnRequest } from "./rest.js";
export { shardOf, snowflakeOnShard } from "./snowflake.js";
export * from "./types.js";
export { ALL_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, Permission } from "./world.js";

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUserId?: string;
  botName?: string;
  /** Privileged intents switched on for the app (GuildMembers, GuildPresences, MessageContent bits). Default none. */
  privilegedIntents?: number;
  /** Intents IDENTIFY is refused with 4014 whatever they are, to test how a bot reports it. Default none. */
  refusedIntents?: number;
  /** What GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency. Discord gives small bots 1, which makes discord.js space IDENTIFYs 5 s apart; default 16 keeps tests quick. */
  maxConcurrency?: number;
  /** HELLO's heartbeat_interval (Discord: 41250 ms). */
  heartbeatIntervalMs?: number;
  /** Time to answer an interaction (Discord: 3000 ms). */
  interactionDeadlineMs?: number;
  /** How long follow-ups and edits work (Discord: 15 min). */
  interactionTokenLifetimeMs?: number;
  /** Per-route buckets: false for none; default 50 per second per route and major parameter. */
  rateLimit?: { limit: number; windowMs: number } | false;
}

/** What a test holds after sending an interaction. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  /** The live record (callback, choices, modal, message ids, rejected tries). */
  readonly record: InteractionRecord;
  waitForCallback(ms?: number): Promise<CallbackRecord>;
  /** The original response (reply, deferred reply once filled in, or the updated message). */
  original(): StoredMessage | undefined;
  /** Resolves once the original response has content (not "thinking…") and passes `check`. */
  waitForOriginal(check?: (m: StoredMessage) => boolean, ms?: number): Promise<StoredMessage>;
  followUps(): StoredMessage[];
  waitForFollowUps(count: number, ms?: number): Promise<StoredMessage[]>;
}

export interface PollVoteInput {
  action: "add" | "remove";
  userId: string;
  channelId: string;
  messageId: string;
  answerId: number;
}

const APP_FLAG_PRESENCE = 1 << 12;
const APP_FLAG_MEMBERS = 1 << 14;
const APP_FLAG_CONTENT = 1 << 18;

export class FakeDiscord {
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  /** Mutable so a test can tighten them mid-way. */
  interactionDeadlineMs: number;
  interactionTokenLifetimeMs: number;
  recommendedShards: number;
  maxConcurrency: number;
  privilegedIntents: number;
  refusedIntents: number;
  heartbeatIntervalMs: number;

  private readonly world: World;
  private readonly store: MessageStore;
  private readonly interactions: Interactions;
  private readonly rest: RestApi;
  private readonly gateway: Gateway;
  private readonly limits: RateLimits;

  private constructor(
    private readonly server: Server,
    opts: FakeDiscordOptions,
  ) {
    this.token = opts.token ?? "MTAwMDAwMDAwMDAwMDAwMDAx.fake.discord-bot-token";
    this.interactionDeadlineMs = opts.interactionDeadlineMs ?? 3000;
    this.interactionTokenLifetimeMs = opts.interactionTokenLifetimeMs ?? 15 * 60_000;
    this.recommendedShards = opts.recommendedShards ?? 1;
    this.maxConcurrency = opts.maxConcurrency ?? 16;
    this.privilegedIntents = opts.privilegedIntents ?? 0;
    this.refusedIntents = opts.refusedIntents ?? 0;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 41_250;

    const world = new World(
      opts.botUserId ?? "1000000000000000001",
      opts.applicationId ?? opts.botUserId ?? "1000000000000000001",
      () => this.url,
    );
    this.world = world;
    this.applicationId = world.applicationId;
    this.botUserId = world.botUserId;
    world.addUser({ id: this.botUserId, username: opts.botName ?? "talkoot", bot: true, globalName: null });

    this.gateway = new Gateway({
      token: () => this.token,
      allowedPrivilegedIntents: () => this.privilegedIntents,
      refusedIntents: () => this.refusedIntents,
      heartbeatIntervalMs: () => this.heartbeatIntervalMs,
      resumeUrl: () => this.gatewayUrl,
      guildIds: () => [...world.guilds.values()].filter((g) => g.botIsMember).map((g) => g.id),
      readyPayload: (s, guildIds) => this.readyPayload(s, guildIds),
      guildCreatePayload: (id) => world.apiGuild(world.requireGuild(id), true),
    });
    this.gateway.on("change", () => world.changed());
    this.store = new MessageStore(world, (event, m) => this.messageEvent(event, m));
    this.interactions = new Interactions(world, this.store, {
      deadlineMs: () => this.interactionDeadlineMs,
      tokenLifetimeMs: () => this.interactionTokenLifetimeMs,
      dispatch: (payload, guildId) => this.gateway.dispatch("INTERACTION_CREATE", payload, { guildId, once: true }),
    });
    this.limits = new RateLimits(opts.rateLimit === false ? null : (opts.rateLimit ?? { limit: 50, windowMs: 1000 }));
    this.rest = new RestApi({
      world,
      messages: this.store,
      interactions: this.interactions,
      rateLimits: this.limits,
      token: () => this.token,
      gatewayUrl: () => this.gatewayUrl,
      recommendedShards: () => this.recommendedShards,
      maxConcurrency: () => this.maxConcurrency,
      applicationFlags: () => this.applicationFlags(),
      onThreadCreated: (c) => this.announceChannel(c, true),
    });
  }

  static async start(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    let fake: FakeDiscord | undefined;
    const server = createServer((req, res) => {
      if (!fake) {
        res.writeHead(503).end();
        return;
      }
      fake.rest
        .handle(req, res)
        .then((handled) => {
          if (!handled)
            res.writeHead(404, { "content-type": "application/json" }).end('{"message":"404: Not Found","code":0}');
        })
        .catch((err: unknown) => {
          if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
          res.end(String(err));
        });
    });
    server.on("upgrade", (req, socket, head: Buffer) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/$/, "");
      if (fake && path === "/gateway") fake.gateway.handleUpgrade(req, socket, head);
      else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    fake = new FakeDiscord(server, opts);
    return fake;
  }

  /** Closes the gateway and HTTP server and every socket; leaves no handles. */
  async stop(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.world.removeAllListeners();
  }

  // ---- addresses -----------------------------------------------------------

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** http://127.0.0.1:PORT */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** discord.js `rest: { api }` (no version, no trailing slash: @discordjs/rest appends /v10). */
  get restApi(): string {
    return `${this.url}/api`;
  }

  /** What GET /gateway/bot answers; discord.js appends ?v=10&encoding=json. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  // ---- the world -------------------------------------------------------------

  addUser(input: AddUserInput): FakeUser {
    return this.world.addUser(input);
  }

  /**
   * A person picks a file for a slash command's attachment option: Discord
   * keeps it on its CDN and the option's value is its id, to pass in
   * `slashCommand({ options: { photo: id } })`.
   */
  attachFile(file: { filename: string; contentType: string; bytes: Uint8Array }): string {
    const id = this.world.ids.next();
    this.world.cdn.ephemeral.set(id, {
      id,
      filename: file.filename,
      contentType: file.contentType,
      bytes: Buffer.from(file.bytes),
    });
    return id;
  }

  /** Every GET of an attachment's CDN URL, in arrival order (status, and why a 404: expired or forged). */
  get cdnRequests(): CdnRequest[] {
    return this.rest.cdnRequests;
  }

  /**
   * Moves the CDN's clock on: URLs handed out before then whose `ex` has
   * passed answer 404 until refreshed (POST /attachments/refresh-urls).
   */
  advanceCdnClock(ms: number): void {
    this.world.cdn.clockOffsetMs += ms;
  }

  /** A guild with its @everyone role (id = guild id); the bot is a member unless `botIsMember: false`. */
  addGuild(input: AddGuildInput): FakeGuild {
    return this.world.addGuild(input);
  }

  addRole(input: AddRoleInput): FakeRole {
    return this.world.addRole(input);
  }

  addMember(input: AddMemberInput): FakeMember {
    return this.world.addMember(input);
  }

  /** A guild channel or thread, stored without an event (use channelCreate to announce one). */
  addChannel(input: AddChannelInput): FakeChannel {
    return this.world.addChannel(input);
  }

  user(id: string): FakeUser | undefined {
    return this.world.users.get(id);
  }

  guild(id: string): FakeGuild | undefined {
    return this.world.guilds.get(id);
  }

  channel(id: string): FakeChannel | undefined {
    return this.world.channels.get(id);
  }

  /** The bot's DM channel with a user, once one was opened (POST /users/@me/channels or a DM interaction). */
  dmChannelWith(userId: string): FakeChannel | undefined {
    return [...this.world.channels.values()].find((c) => c.type === ChannelKind.DM && c.recipientId === userId);
  }

  /** Opens (or returns) the DM channel, as a person writing to the bot would. */
  openDm(userId: string): FakeChannel {
    this.world.requireUser(userId);
    return this.world.dmChannelFor(userId);
  }

  /** The bot loses (or regains) sight of a channel: REST answers 403 Missing Access. */
  setChannelAccess(channelId: string, canSee: boolean): void {
    this.world.requireChannel(channelId).noAccess = !canSee;
    this.world.changed();
  }

  /** The user's privacy setting: sending them a DM fails with 50007. */
  setDisallowDMs(userId: string, disallow: boolean): void {
    this.world.requireUser(userId).disallowDMs = disallow;
    this.world.changed();
  }

  memberPermissions(guildId: string, userId: string): bigint {
    return this.world.memberPermissions(guildId, userId);
  }

  // ---- messages ------------------------------------------------------------

  /** Messages in a channel or thread, oldest first (deleted ones only if asked; ephemeral ones included). */
  messagesIn(channelId: string, opts: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.world.messagesIn(channelId, opts);
  }

  message(id: string): StoredMessage | undefined {
    return this.world.messages.get(id);
  }

  /** Every message the bot sent or answered with, in order. */
  get botMessages(): StoredMessage[] {
    return [...this.world.messages.values()].filter((m) => m.authorId === this.botUserId);
  }

  /** Who a message notified (content and allowed_mentions applied). */
  pingsOf(m: StoredMessage): Pings {
    return m.pings;
  }

  pingedNoOne(m: StoredMessage): boolean {
    return pingsNoOne(m.pings);
  }

  /** The message as the API returns it. */
  apiMessage(m: StoredMessage): JsonObject {
    return this.world.apiMessage(m);
  }

  /**
   * A person posts in a channel (optionally a poll: question and answer
   * texts; files attached, each served from the CDN; a reply to a message,
   * which pings its author as Discord's client does): validated like any
   * message, stored, and MESSAGE_CREATE goes out.
   */
  postAsUser(
    channelId: string,
    userId: string,
    content: string,
    opts: {
      poll?: { question: string; answers: string[]; allowMultiselect?: boolean; durationHours?: number };
      files?: { filename: string; contentType: string; bytes: Uint8Array }[];
      replyTo?: string;
    } = {},
  ): StoredMessage {
    const channel = this.world.requireChannel(channelId);
    this.world.requireUser(userId);
    const body: JsonObject = { content };
    if (opts.poll) {
      body.poll = {
        question: { text: opts.poll.question },
        answers: opts.poll.answers.map((text) => ({ poll_media: { text } })),
        allow_multiselect: opts.poll.allowMultiselect ?? false,
        duration: opts.poll.durationHours ?? 24,
      };
    }
    if (opts.replyTo) body.message_reference = { message_id: opts.replyTo };
    const files = (opts.files ?? []).map((f, i) => ({
      field: `files[${i}]`,
      filename: f.filename,
      contentType: f.contentType,
      bytes: Buffer.from(f.bytes),
    }));
    const draft = validateMessage(body, files, { edit: false, allowEphemeral: false });
    return this.store.create({
      channel,
      authorId: userId,
      draft,
      files,
      source: "user",
      defaultParse: ALL_MENTIONS,
    });
  }

  // ---- application commands ------------------------------------------------

  get globalCommands(): JsonObject[] {
    return this.world.globalCommands;
  }

  guildCommands(guildId: string): JsonObject[] {
    return this.world.guildCommands.get(guildId) ?? [];
  }

  // ---- interactions ----------------------------------------------------------

  slashCommand(input: SlashCommandInput): InteractionHandle {
    return this.handle(this.interactions.slashCommand(input));
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.handle(this.interactions.autocomplete(input));
  }

  pressButton(input: ButtonInput): InteractionHandle {
    return this.handle(this.interactions.pressButton(input));
  }

  selectMenu(input: SelectInput): InteractionHandle {
    return this.handle(this.interactions.selectMenu(input));
  }

  modalSubmit(input: ModalSubmitInput): InteractionHandle {
    return this.handle(this.interactions.modalSubmit(input));
  }

  /**
   * The person fills in the modal the bot showed in answer to `shown` (by
   * text input custom_id) and presses Submit: a MODAL_SUBMIT from the same
   * person and channel, as the client sends it (every input, empty ones as "").
   */
  submitModal(shown: InteractionHandle, entered: Record<string, string>): InteractionHandle {
    const modal = shown.record.modal;
    if (!modal) throw new Error(`interaction ${shown.id} was not answered with a modal`);
    return this.modalSubmit({
      channelId: shown.record.channelId,
      userId: shown.record.userId,
      customId: String(modal.custom_id),
      fields: modalEntries(modal, entered),
    });
  }

  interaction(id: string): InteractionRecord | undefined {
    return this.world.interactions.get(id);
  }

  private handle(rec: InteractionRecord): InteractionHandle {
    const original = (): StoredMessage | undefined =>
      rec.originalMessageId ? this.world.messages.get(rec.originalMessageId) : undefined;
    const followUps = (): StoredMessage[] =>
      rec.followUpIds.map((id) => this.world.messages.get(id)).filter((m): m is StoredMessage => m !== undefined);
    return {
      id: rec.id,
      token: rec.token,
      record: rec,
      waitForCallback: (ms = 2000) => this.waitFor(() => rec.callback, ms, `callback for interaction ${rec.id}`),
      original,
      waitForOriginal: (check = () => true, ms = 2000) =>
        this.waitFor(
          () => {
            const m = original();
            return m && (m.flags & 128) === 0 && check(m) ? m : undefined;
          },
          ms,
          `original response of interaction ${rec.id}`,
        ),
      followUps,
      waitForFollowUps: (count, ms = 2000) =>
        this.waitFor(
          () => (followUps().length >= count ? followUps() : undefined),
          ms,
          `${count} follow-ups of interaction ${rec.id}`,
        ),
    };
  }

  // ---- polls -----------------------------------------------------------------

  /** A person votes (or takes a vote back): counts change and MESSAGE_POLL_VOTE_ADD/REMOVE goes out. */
  pollVote(input: PollVoteInput): void {
    const m = this.world.messages.get(input.messageId);
    if (!m || m.channelId !== input.channelId || !m.poll) {
      throw new Error(`FakeDiscord: no poll message ${input.messageId} in ${input.channelId}`);
    }
    const poll = m.poll;
    this.world.requireUser(input.userId);
    if (poll.finalized) throw new Error("FakeDiscord: the poll has ended; Discord takes no more votes");
    if (!poll.answers.some((a) => a.answerId === input.answerId)) {
      throw new Error(`FakeDiscord: the poll has no answer ${input.answerId}`);
    }
    const voters = poll.votes.get(input.answerId) ?? [];
    if (input.action === "add") {
      if (voters.includes(input.userId)) throw new Error("FakeDiscord: the user already voted for that answer");
      const elsewhere = [...poll.votes.entries()].some(([a, v]) => a !== input.answerId && v.includes(input.userId));
      if (elsewhere && !poll.allowMultiselect) {
        throw new Error("FakeDiscord: single-choice poll; remove the user's other vote first");
      }
      poll.votes.set(input.answerId, [...voters, input.userId]);
    } else {
      if (!voters.includes(input.userId)) throw new Error("FakeDiscord: the user has no vote on that answer");
      poll.votes.set(
        input.answerId,
        voters.filter((v) => v !== input.userId),
      );
    }
    this.world.changed();
    const d: JsonObject = {
      user_id: input.userId,
      channel_id: m.channelId,
      message_id: m.id,
      answer_id: input.answerId,
      ...(m.guildId ? { guild_id: m.guildId } : {}),
    };
    this.gateway.dispatch(input.action === "add" ? "MESSAGE_POLL_VOTE_ADD" : "MESSAGE_POLL_VOTE_REMOVE", d, {
      guildId: m.guildId,
      intent: m.guildId ? Intent.GuildMessagePolls : Intent.DirectMessagePolls,
    });
  }

  /** The poll's time runs out: finalized, MESSAGE_UPDATE goes out. */
  endPoll(messageId: string): void {
    const m = this.world.messages.get(messageId);
    if (!m?.poll) throw new Error(`FakeDiscord: message ${messageId} has no poll`);
    m.poll.finalized = true;
    m.poll.expiry = new Date().toISOString();
    this.store.touched(m);
  }

  // ---- gateway events ----------------------------------------------------------

  /** The bot joins a guild added with `botIsMember: false` (or rejoins): GUILD_CREATE on its shard. */
  guildCreate(guildId: string): void {
    const g = this.world.requireGuild(guildId);
    g.botIsMember = true;
    g.joinedAt = new Date().toISOString();
    this.world.changed();
    this.gateway.dispatch("GUILD_CREATE", this.world.apiGuild(g, true), { guildId, intent: Intent.Guilds });
  }

  /** The bot is removed from a guild: GUILD_DELETE without `unavailable`; REST then answers 50001 there. */
  guildDelete(guildId: string): void {
    const g = this.world.requireGuild(guildId);
    g.botIsMember = false;
    this.world.changed();
    this.gateway.dispatch("GUILD_DELETE", { id: guildId }, { guildId, intent: Intent.Guilds });
  }

  /** Adds a channel or thread and announces it (CHANNEL_CREATE, or THREAD_CREATE for threads). */
  channelCreate(input: AddChannelInput): FakeChannel {
    const c = this.world.addChannel(input);
    this.announceChannel(c, true);
    return c;
  }

  /** Sends any dispatch to the sessions that would get it (tests of odd events). */
  dispatch(t: string, d: JsonValue, target: DispatchTarget): number {
    return this.gateway.dispatch(t, d, target);
  }

  /** Closes gateway connections (all, or one shard's) with a close code; 1006 drops without a close frame. */
  forceClose(shard?: number, code = 4000): number {
    return this.gateway.forceClose(shard, code);
  }

  /** Op 7 Reconnect. */
  requestReconnect(shard?: number): void {
    this.gateway.requestReconnect(shard);
  }

  /** Op 1 from the server. */
  requestHeartbeat(shard?: number): void {
    this.gateway.requestHeartbeat(shard);
  }

  /** The next RESUME gets op 9 (d: false) and the client must IDENTIFY again. */
  invalidateSessions(shard?: number): void {
    this.gateway.invalidateSessions(shard);
  }

  set answerHeartbeats(on: boolean) {
    this.gateway.answerHeartbeats = on;
  }

  get sessions(): readonly GatewaySession[] {
    return this.gateway.sessions;
  }

  /** Shards with an open, identified connection. */
  get connectedShards(): number[] {
    return this.gateway.connectedShards();
  }

  get identifies(): number {
    return this.gateway.identifies;
  }

  get heartbeatsReceived(): number {
    return this.gateway.heartbeatsReceived;
  }

  /** Close codes the gateway sent (4004, 4010, 4014, ...). */
  get gatewayCloses(): readonly { shard: number | null; code: number; reason: string }[] {
    return this.gateway.closes;
  }

  shardOf(guildId: string, shardCount = this.recommendedShards): number {
    return shardOf(guildId, shardCount);
  }

  // ---- REST log and failures ------------------------------------------------

  get calls(): readonly CallRecord[] {
    return this.rest.calls;
  }

  callsTo(matcher: CallMatcher): CallRecord[] {
    return this.rest.calls.filter((c) => matches(matcher, c));
  }

  /** The next `times` calls matching fail this way (429 with Discord's headers and body, or 5xx). */
  failNext(matcher: CallMatcher, spec: FailureSpec, times = 1): void {
    this.limits.failNext(matcher, spec, times);
  }

  clearFailures(): void {
    this.limits.clearFailures();
  }

  /** Resolves with the predicate's first truthy value; re-checked on every change and every 25 ms. */
  waitFor<T>(predicate: () => T | undefined | null | false, ms = 2000, what = "condition"): Promise<T> {
    const first = predicate();
    if (first) return Promise.resolve(first);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        let v: T | undefined | null | false;
        try {
          v = predicate();
        } catch (err) {
          cleanup();
          reject(err);
          return;
        }
        if (v) {
          cleanup();
          resolve(v);
        }
      };
      // The predicate may read state the fake does not announce (the client's own state).
      const poll = setInterval(check, 25);
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`waitFor: ${what} not met within ${ms} ms`));
      }, ms);
      const cleanup = (): void => {
        clearInterval(poll);
        clearTimeout(timer);
        this.world.off("change", check);
      };
      this.world.on("change", check);
    });
  }

  /** Waits for the first recorded call matching (and passing `check`), counting calls already made. */
  waitForCall(matcher: CallMatcher, check: (c: CallRecord) => boolean = () => true, ms = 2000): Promise<CallRecord> {
    return this.waitFor(
      () => this.rest.calls.find((c) => matches(matcher, c) && check(c)),
      ms,
      `a call to ${typeof matcher === "string" ? matcher : "matcher"}`,
    );
  }

  // ---- internals -----------------------------------------------------------

  private applicationFlags(): number {
    let f = 0;
    if (this.privilegedIntents & Intent.GuildPresences) f |= APP_FLAG_PRESENCE;
    if (this.privilegedIntents & Intent.GuildMembers) f |= APP_FLAG_MEMBERS;
    if (this.privilegedIntents & Intent.MessageContent) f |= APP_FLAG_CONTENT;
    return f;
  }

  private readyPayload(s: GatewaySession, guildIds: string[]): JsonObject {
    const w = this.world;
    return {
      v: 10,
      user_settings: {},
      user: { ...w.apiUser(w.bot), bot: true, verified: true, mfa_enabled: false, email: null },
      session_type: "normal",
      session_id: s.id,
      resume_gateway_url: this.gatewayUrl,
      relationships: [],
      private_channels: [],
      presences: [],
      guilds: guildIds.map((id) => ({ id, unavailable: true })),
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      application: { id: this.applicationId, flags: this.applicationFlags() },
      shard: s.shard,
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    };
  }

  private announceChannel(c: FakeChannel, created: boolean): void {
    const isThread = c.type === ChannelKind.PublicThread || c.type === ChannelKind.PrivateThread;
    const d = this.world.apiChannel(c);
    if (isThread && created) d.newly_created = true;
    this.gateway.dispatch(isThread ? "THREAD_CREATE" : "CHANNEL_CREATE", d, {
      guildId: c.guildId,
      intent: Intent.Guilds,
    });
  }

  private messageEvent(event: MessageEvent, m: StoredMessage): void {
    const target: DispatchTarget = {
      guildId: m.guildId,
      intent: m.guildId ? Intent.GuildMessages : Intent.DirectMessages,
    };
    if (event === "delete") {
      this.gateway.dispatch(
        "MESSAGE_DELETE",
        { id: m.id, channel_id: m.channelId, ...(m.guildId ? { guild_id: m.guildId } : {}) },
        target,
      );
      return;
    }
    const full = this.world.apiMessage(m, { forGateway: true });
    // Without MessageContent, others' guild messages arrive with content, embeds, files, components and poll blanked.
    const readable =
      m.guildId === null ||
      m.authorId === this.botUserId ||
      m.pings.users.includes(this.botUserId) ||
      m.pings.repliedUser === this.botUserId;
    this.gateway.dispatch(
      event === "create" ? "MESSAGE_CREATE" : "MESSAGE_UPDATE",
      (s) => {
        if (readable || (s.intents & Intent.MessageContent) !== 0) return full;
        const { poll: _poll, ...rest } = full;
        return { ...rest, content: "", embeds: [], attachments: [], components: [] };
      },
      target,
    );
  }
}
