// The REST API under /api/v10: routing, `Authorization: Bot <token>`,
// injected failures and rate-limit buckets, the call log, and the handlers
// for gateway info, users, DMs, application commands, interaction
// callbacks, webhooks, channels, messages, polls, threads and guilds.

import type { IncomingMessage, ServerResponse } from "node:http";
import {
  cannotDm,
  cannotEditOthers,
  DiscordError,
  FormErrors,
  missingAccess,
  missingPermissions,
  notAPoll,
  notFound,
  pollExpired,
  unauthorized,
  unknownChannel,
  unknownGuild,
  unknownMember,
  unknownMessage,
  unknownUser,
} from "./api-error.js";
import { validateCommands } from "./commands-validate.js";
import { parseBody, readBody } from "./http-body.js";
import type { Interactions } from "./interactions.js";
import { ALL_MENTIONS } from "./mentions.js";
import { validateMessage } from "./message-validate.js";
import type { MessageStore } from "./messages.js";
import type { RateLimits, RouteKey } from "./rate-limits.js";
import {
  type CallRecord,
  ChannelKind,
  type FakeChannel,
  isObject,
  type JsonObject,
  type JsonValue,
  type StoredMessage,
  type UploadedFile,
} from "./types.js";
import { Permission, type World } from "./world.js";

export interface RestDeps {
  world: World;
  messages: MessageStore;
  interactions: Interactions;
  rateLimits: RateLimits;
  token: () => string;
  gatewayUrl: () => string;
  recommendedShards: () => number;
  maxConcurrency: () => number;
  applicationFlags: () => number;
  /** A thread the bot created: THREAD_CREATE goes out. */
  onThreadCreated: (c: FakeChannel) => void;
}

interface Ctx {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: UploadedFile[];
}

interface Reply {
  status: number;
  body?: JsonValue;
}

interface Route {
  method: string;
  pattern: string;
  /** Bot token required (interaction callbacks and webhooks are authorised by their token instead). */
  auth: boolean;
  handle: (ctx: Ctx) => Reply;
}

const ok = (body: JsonValue): Reply => ({ status: 200, body });
const noContent = (): Reply => ({ status: 204 });

function match(pattern: string, path: string): Record<string, string> | null {
  const ps = pattern.split("/");
  const xs = path.split("/");
  if (ps.length !== xs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < ps.length; i += 1) {
    const p = ps[i] ?? "";
    const x = xs[i] ?? "";
    if (p.startsWith(":")) {
      if (x === "") return null;
      params[p.slice(1)] = decodeURIComponent(x);
    } else if (p !== x) return null;
  }
  return params;
}

/** A GET of an attachment's CDN URL, as the fake answered it. */
export interface CdnRequest {
  path: string;
  status: number;
  verdict: "ok" | "expired" | "forged" | "unknown";
}

export class RestApi {
  readonly calls: CallRecord[] = [];
  readonly cdnRequests: CdnRequest[] = [];
  private readonly routes: Route[];

  constructor(private readonly d: RestDeps) {
    this.routes = this.buildRoutes();
  }

  /** Serves one HTTP request; returns false when the path is not under /api. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname.startsWith("/attachments/") || url.pathname.startsWith("/ephemeral-attachments/")) {
      this.serveAttachment(url, res);
      return true;
    }
    if (!url.pathname.startsWith("/api/v10/")) return false;
    const path = url.pathname.slice("/api/v10".length).replace(/\/$/, "");
    const method = (req.method ?? "GET").toUpperCase();
    const raw = await readBody(req);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;

    let route: Route | undefined;
    let params: Record<string, string> = {};
    let pathMatched = false;
    for (const r of this.routes) {
      const p = match(r.pattern, path);
      if (!p) continue;
      pathMatched = true;
      if (r.method !== method) continue;
      route = r;
      params = p;
      break;
    }
    const key: RouteKey = { method, path, route: route?.pattern ?? path };
    const authHeader = req.headers.authorization;
    const authorized = authHeader === `Bot ${this.d.token()}`;
    const record: CallRecord = {
      method,
      path,
      route: key.route,
      query,
      body: undefined,
      files: [],
      authorized,
      status: 0,
      at: Date.now(),
    };

    let reply: Reply;
    let headers: Record<string, string> = {};
    try {
      const parsed = await parseBody(raw, req.headers["content-type"] ?? "");
      record.body = parsed.json;
      record.files = parsed.files;
      if (!route) throw pathMatched ? new DiscordError(405, 0, "405: Method Not Allowed") : notFound();
      if (route.auth && !authorized) throw unauthorized();
      this.d.rateLimits.injected(key);
      headers = this.d.rateLimits.consume(key);
      reply = route.handle({ params, query: url.searchParams, body: parsed.json, files: parsed.files });
    } catch (err) {
      if (!(err instanceof DiscordError)) throw err;
      reply = { status: err.status, body: err.body };
      headers = { ...headers, ...err.headers };
      if (err.code !== 0) record.errorCode = err.code;
    }
    record.status = reply.status;
    this.calls.push(record);
    this.d.world.changed();
    if (reply.body === undefined) res.writeHead(reply.status, headers).end();
    else {
      res.writeHead(reply.status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(reply.body));
    }
    return true;
  }

  /** The CDN: a signed, unexpired URL gives the file; anything else 404 "This content is no longer available." */
  private serveAttachment(url: URL, res: ServerResponse): void {
    const [, root, owner, id] = url.pathname.split("/");
    const a =
      root === "ephemeral-attachments"
        ? owner === this.d.world.applicationId
          ? this.d.world.cdn.ephemeral.get(id ?? "")
          : undefined
        : [...this.d.world.messages.values()]
            .find((x) => x.channelId === owner && x.attachments.some((at) => at.id === id))
            ?.attachments.find((x) => x.id === id);
    const verdict = this.d.world.cdn.verdict(url.pathname, url.searchParams);
    const status = a && verdict === "ok" ? 200 : 404;
    this.cdnRequests.push({ path: url.pathname, status, verdict: a ? verdict : "unknown" });
    this.d.world.changed();
    if (!a || verdict !== "ok") {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("This content is no longer available.");
      return;
    }
    res.writeHead(200, { "content-type": a.contentType, "content-length": String(a.bytes.length) }).end(a.bytes);
  }

  // ---- access checks --------------------------------------------------------

  /** The channel as the bot may see it: 10003 when unknown, 50001 when hidden or the bot left the guild. */
  private channel(id: string): FakeChannel {
    const w = this.d.world;
    const c = w.channels.get(id);
    if (!c) throw unknownChannel();
    if (c.guildId) {
      const g = w.guilds.get(c.guildId);
      if (!g?.botIsMember) throw missingAccess();
      if (c.noAccess) throw missingAccess();
      const parent = c.parentId ? w.channels.get(c.parentId) : undefined;
      if (parent?.noAccess) throw missingAccess();
      if ((w.memberPermissions(c.guildId, w.botUserId) & Permission.ViewChannel) === 0n) throw missingAccess();
    }
    return c;
  }

  private requirePermission(c: FakeChannel, bit: bigint): void {
    if (!c.guildId) return;
    if ((this.d.world.memberPermissions(c.guildId, this.d.world.botUserId) & bit) === 0n) throw missingPermissions();
  }

  private message(c: FakeChannel, id: string): StoredMessage {
    const m = this.d.world.messages.get(id);
    // Ephemeral messages exist only for their user; the bot cannot fetch them by channel.
    if (!m || m.deleted || m.channelId !== c.id || m.ephemeralTo) throw unknownMessage();
    return m;
  }

  private guild(id: string): ReturnType<World["requireGuild"]> {
    const g = this.d.world.guilds.get(id);
    if (!g) throw unknownGuild();
    if (!g.botIsMember) throw missingAccess();
    return g;
  }

  private isThread(c: FakeChannel): boolean {
    return c.type === ChannelKind.PublicThread || c.type === ChannelKind.PrivateThread;
  }

  // ---- routes ---------------------------------------------------------------

  private buildRoutes(): Route[] {
    const w = this.d.world;
    const r = (method: string, pattern: string, auth: boolean, handle: (ctx: Ctx) => Reply): Route => ({
      method,
      pattern,
      auth,
      handle,
    });
    const botUser = (): JsonObject => ({
      ...w.apiUser(w.bot),
      bot: true,
      verified: true,
      mfa_enabled: false,
      locale: "en-US",
      email: null,
    });
    const commandList = (guildId: string | null): JsonObject[] =>
      guildId ? (w.guildCommands.get(guildId) ?? []) : w.globalCommands;
    const overwrite = (guildId: string | null, body: unknown): JsonObject[] => {
      const defs = validateCommands(body);
      const previous = commandList(guildId);
      const stored = defs.map((def) => {
        const type = typeof def.type === "number" ? def.type : 1;
        const old = previous.find((p) => p.name === def.name && p.type === type);
        return {
          id: typeof old?.id === "string" ? old.id : w.ids.next(),
          application_id: w.applicationId,
          version: w.ids.next(),
          default_member_permissions: def.default_member_permissions ?? null,
          type,
          name: def.name ?? "",
          name_localizations: def.name_localizations ?? null,
          description: def.description ?? "",
          description_localizations: def.description_localizations ?? null,
          ...(guildId ? { guild_id: guildId } : {}),
          ...(Array.isArray(def.options) ? { options: def.options } : {}),
          dm_permission: def.dm_permission ?? true,
          contexts: def.contexts ?? null,
          integration_types: def.integration_types ?? [0],
          nsfw: def.nsfw ?? false,
        } satisfies JsonObject;
      });
      if (guildId) w.guildCommands.set(guildId, stored);
      else w.globalCommands = stored;
      w.changed();
      return stored;
    };
    const appCheck = (appId: string | undefined): void => {
      if (appId !== w.applicationId) throw missingAccess();
    };

    return [
      r("GET", "/gateway", false, () => ok({ url: this.d.gatewayUrl() })),
      r("GET", "/gateway/bot", true, () =>
        ok({
          url: this.d.gatewayUrl(),
          shards: this.d.recommendedShards(),
          session_start_limit: {
            total: 1000,
            remaining: 1000,
            reset_after: 14_400_000,
            max_concurrency: this.d.maxConcurrency(),
          },
        }),
      ),
      // Fresh signed URLs for up to 50 attachment URLs; a URL that is none of the CDN's is left out.
      r("POST", "/attachments/refresh-urls", true, ({ body }) => {
        const urls = isObject(body) ? body.attachment_urls : undefined;
        const errors = new FormErrors();
        if (!Array.isArray(urls)) errors.required(["attachment_urls"]);
        else if (urls.length < 1 || urls.length > 50) errors.badLength(["attachment_urls"], 1, 50);
        errors.throwIfAny();
        const refreshed = (urls as JsonValue[]).flatMap((original) => {
          const fresh = typeof original === "string" ? w.cdn.refresh(original) : undefined;
          return fresh && typeof original === "string" ? [{ original, refreshed: fresh }] : [];
        });
        return ok({ refreshed_urls: refreshed });
      }),
      r("GET", "/users/@me", true, () => ok(botUser())),
      r("GET", "/users/:userId", true, ({ params }) => {
        const u = w.users.get(params.userId ?? "");
        if (!u) throw unknownUser();
        return ok(w.apiUser(u));
      }),
      r("POST", "/users/@me/channels", true, ({ body }) => {
        const rid = isObject(body) ? body.recipient_id : undefined;
        if (typeof rid !== "string" || !w.users.has(rid)) throw unknownUser();
        return ok(w.apiChannel(w.dmChannelFor(rid)));
      }),
      r("GET", "/applications/@me", true, () =>
        ok({
          id: w.applicationId,
          name: w.bot.username,
          icon: null,
          description: "",
          summary: "",
          type: null,
          bot_public: true,
          bot_require_code_grant: false,
          verify_key: "0".repeat(64),
          flags: this.d.applicationFlags(),
          owner: w.apiUserById(w.botUserId),
          team: null,
          bot: botUser(),
          guild_id: null,
          approximate_guild_count: [...w.guilds.values()].filter((g) => g.botIsMember).length,
          install_params: null,
          integration_types_config: { "0": {} },
        }),
      ),

      // Application commands
      r("GET", "/applications/:appId/commands", true, ({ params }) => {
        appCheck(params.appId);
        return ok(commandList(null));
      }),
      r("PUT", "/applications/:appId/commands", true, ({ params, body }) => {
        appCheck(params.appId);
        return ok(overwrite(null, body));
      }),
      r("GET", "/applications/:appId/guilds/:guildId/commands", true, ({ params }) => {
        appCheck(params.appId);
        this.guild(params.guildId ?? "");
        return ok(commandList(params.guildId ?? ""));
      }),
      r("PUT", "/applications/:appId/guilds/:guildId/commands", true, ({ params, body }) => {
        appCheck(params.appId);
        this.guild(params.guildId ?? "");
        return ok(overwrite(params.guildId ?? "", body));
      }),

      // Interactions
      r("POST", "/interactions/:id/:token/callback", false, ({ params, body, files, query }) => {
        const res = this.d.interactions.callback(
          params.id ?? "",
          params.token ?? "",
          body,
          files,
          query.get("with_response") === "true",
        );
        return { status: res.status, ...(res.body ? { body: res.body } : {}) };
      }),
      r("POST", "/webhooks/:appId/:token", false, ({ params, body, files }) => {
        const rec = this.d.interactions.webhookInteraction(params.appId ?? "", params.token ?? "");
        return ok(w.apiMessage(this.d.interactions.followUp(rec, body, files)));
      }),
      r("GET", "/webhooks/:appId/:token/messages/:messageId", false, ({ params }) => {
        const rec = this.d.interactions.webhookInteraction(params.appId ?? "", params.token ?? "");
        return ok(w.apiMessage(this.d.interactions.webhookMessage(rec, params.messageId ?? "")));
      }),
      r("PATCH", "/webhooks/:appId/:token/messages/:messageId", false, ({ params, body, files }) => {
        const rec = this.d.interactions.webhookInteraction(params.appId ?? "", params.token ?? "");
        return ok(w.apiMessage(this.d.interactions.editWebhookMessage(rec, params.messageId ?? "", body, files)));
      }),
      r("DELETE", "/webhooks/:appId/:token/messages/:messageId", false, ({ params }) => {
        const rec = this.d.interactions.webhookInteraction(params.appId ?? "", params.token ?? "");
        this.d.messages.delete(this.d.interactions.webhookMessage(rec, params.messageId ?? ""));
        return noContent();
      }),

      // Channels and messages
      r("GET", "/channels/:channelId", true, ({ params }) => ok(w.apiChannel(this.channel(params.channelId ?? "")))),
      r("POST", "/channels/:channelId/typing", true, ({ params }) => {
        this.channel(params.channelId ?? "");
        return noContent();
      }),
      r("GET", "/channels/:channelId/messages", true, ({ params, query }) => {
        const c = this.channel(params.channelId ?? "");
        this.requirePermission(c, Permission.ReadMessageHistory);
        const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 50)));
        const list = w
          .messagesIn(c.id)
          .filter((m) => !m.ephemeralTo)
          .reverse()
          .slice(0, limit);
        return ok(list.map((m) => w.apiMessage(m)));
      }),
      r("POST", "/channels/:channelId/messages", true, ({ params, body, files }) => {
        const c = this.channel(params.channelId ?? "");
        this.checkCanSend(c);
        const draft = validateMessage(body, files, { edit: false, allowEphemeral: false });
        if (files.length > 0) this.requirePermission(c, Permission.AttachFiles);
        if (draft.poll) this.requirePermission(c, Permission.SendPolls);
        const m = this.d.messages.create({
          channel: c,
          authorId: w.botUserId,
          draft,
          files,
          source: "channel",
          defaultParse: ALL_MENTIONS,
        });
        return ok(w.apiMessage(m));
      }),
      r("GET", "/channels/:channelId/messages/:messageId", true, ({ params }) => {
        const c = this.channel(params.channelId ?? "");
        this.requirePermission(c, Permission.ReadMessageHistory);
        return ok(w.apiMessage(this.message(c, params.messageId ?? "")));
      }),
      r("PATCH", "/channels/:channelId/messages/:messageId", true, ({ params, body, files }) => {
        const c = this.channel(params.channelId ?? "");
        const m = this.message(c, params.messageId ?? "");
        if (m.authorId !== w.botUserId) throw cannotEditOthers();
        if (this.isThread(c) && c.archived) throw new DiscordError(400, 50083, "Thread is archived");
        const draft = validateMessage(body, files, { edit: true, allowEphemeral: false });
        return ok(w.apiMessage(this.d.messages.edit(m, draft, files, m.webhookId ? ["users"] : ALL_MENTIONS)));
      }),
      r("DELETE", "/channels/:channelId/messages/:messageId", true, ({ params }) => {
        const c = this.channel(params.channelId ?? "");
        const m = this.message(c, params.messageId ?? "");
        if (m.authorId !== w.botUserId) this.requirePermission(c, Permission.ManageMessages);
        this.d.messages.delete(m);
        return noContent();
      }),

      // Polls
      r("POST", "/channels/:channelId/polls/:messageId/expire", true, ({ params }) => {
        const c = this.channel(params.channelId ?? "");
        const m = this.message(c, params.messageId ?? "");
        if (!m.poll) throw notAPoll();
        if (m.authorId !== w.botUserId) throw missingPermissions();
        if (m.poll.finalized) throw pollExpired();
        m.poll.finalized = true;
        m.poll.expiry = new Date().toISOString();
        this.d.messages.touched(m);
        return ok(w.apiMessage(m));
      }),
      r("GET", "/channels/:channelId/polls/:messageId/answers/:answerId", true, ({ params, query }) => {
        const c = this.channel(params.channelId ?? "");
        const m = this.message(c, params.messageId ?? "");
        if (!m.poll) throw notAPoll();
        const answerId = Number(params.answerId);
        if (!m.poll.answers.some((a) => a.answerId === answerId)) throw notFound();
        const after = query.get("after");
        const limit = Math.min(100, Math.max(1, Number(query.get("limit") ?? 25)));
        let voters = [...(m.poll.votes.get(answerId) ?? [])].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
        if (after) voters = voters.filter((v) => BigInt(v) > BigInt(after));
        return ok({ users: voters.slice(0, limit).map((id) => w.apiUserById(id)) });
      }),

      // Threads
      r("POST", "/channels/:channelId/threads", true, ({ params, body }) => {
        const c = this.channel(params.channelId ?? "");
        const b = isObject(body) ? body : {};
        const type = b.type === ChannelKind.PrivateThread ? ChannelKind.PrivateThread : ChannelKind.PublicThread;
        this.requirePermission(
          c,
          type === ChannelKind.PrivateThread ? Permission.CreatePrivateThreads : Permission.CreatePublicThreads,
        );
        return ok(w.apiChannel(this.createThread(c, b, type)));
      }),
      r("POST", "/channels/:channelId/messages/:messageId/threads", true, ({ params, body }) => {
        const c = this.channel(params.channelId ?? "");
        const m = this.message(c, params.messageId ?? "");
        this.requirePermission(c, Permission.CreatePublicThreads);
        if (w.channels.has(m.id))
          throw new DiscordError(400, 160004, "A thread has already been created for this message");
        // A thread started from a message shares the message's id.
        return ok(w.apiChannel(this.createThread(c, isObject(body) ? body : {}, ChannelKind.PublicThread, m.id)));
      }),

      // Guilds
      r("GET", "/guilds/:guildId", true, ({ params }) => {
        const g = this.guild(params.guildId ?? "");
        return ok(w.apiGuild(g, false));
      }),
      r("GET", "/guilds/:guildId/channels", true, ({ params }) => {
        const g = this.guild(params.guildId ?? "");
        const list = [...w.channels.values()].filter((c) => c.guildId === g.id && !this.isThread(c));
        return ok(list.map((c) => w.apiChannel(c)));
      }),
      r("GET", "/guilds/:guildId/roles", true, ({ params }) => {
        const g = this.guild(params.guildId ?? "");
        return ok([...w.roles.values()].filter((x) => x.guildId === g.id).map((x) => w.apiRole(x)));
      }),
      r("GET", "/guilds/:guildId/members/:userId", true, ({ params }) => {
        const g = this.guild(params.guildId ?? "");
        const m = w.member(g.id, params.userId ?? "");
        if (!m) throw unknownMember();
        return ok(w.apiMember(m));
      }),
    ];
  }

  private checkCanSend(c: FakeChannel): void {
    const w = this.d.world;
    if (c.type === ChannelKind.DM) {
      const u = c.recipientId ? w.users.get(c.recipientId) : undefined;
      if (!u || u.disallowDMs || u.bot) throw cannotDm();
      return;
    }
    if (this.isThread(c)) {
      if (c.archived) throw new DiscordError(400, 50083, "Thread is archived");
      this.requirePermission(c, Permission.SendMessagesInThreads);
      return;
    }
    this.requirePermission(c, Permission.SendMessages);
  }

  private createThread(parent: FakeChannel, body: JsonObject, type: 11 | 12, id?: string): FakeChannel {
    const name = typeof body.name === "string" ? body.name : "";
    if (name.length < 1 || name.length > 100) {
      throw new DiscordError(400, 50035, "Invalid Form Body", {
        name: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." }] },
      });
    }
    if (!parent.guildId || this.isThread(parent))
      throw new DiscordError(400, 50024, "Cannot execute action on this channel type");
    const thread = this.d.world.addChannel({
      ...(id ? { id } : {}),
      guildId: parent.guildId,
      name,
      type,
      parentId: parent.id,
      ownerId: this.d.world.botUserId,
    });
    this.d.onThreadCreated(thread);
    return thread;
  }
}
