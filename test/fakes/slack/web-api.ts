// The Web API: POST /api/<method>. Answers as Slack does: HTTP 200 with
// {ok:true,...} or {ok:false,error}, x-oauth-scopes / x-accepted-oauth-scopes
// headers, 429 + Retry-After when rate limited. Checks run in Slack's order:
// method exists, token present and known, token type allowed, scope, then
// the method's own arguments.

import { validateBlocks } from "./blocks-validate.js";
import { History } from "./history.js";
import { slackId } from "./ids.js";
import { metadataArg } from "./message-metadata.js";
import { PostPace } from "./post-pace.js";
import type {
  CallRecord,
  FailureSpec,
  FakeChannel,
  JsonObject,
  JsonValue,
  StoredFile,
  StoredMessage,
  TokenInfo,
  TokenKind,
} from "./types.js";
import { storedView, validateModalView } from "./views.js";
import type { Workspace } from "./workspace.js";

export const MAX_TEXT_LENGTH = 40_000;

export interface ApiRequest {
  method: string;
  params: Record<string, JsonValue>;
  /** From the Authorization header, or the token argument of a form body. */
  token?: string;
  /** JSON bodies without "; charset=utf-8" earn Slack's missing_charset warning. */
  missingCharset?: boolean;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: JsonObject | string;
  /** The server destroys the connection instead of answering (the call took effect all the same). */
  lost?: true;
}

export class ApiError extends Error {
  constructor(
    readonly error: string,
    readonly extra: JsonObject = {},
  ) {
    super(error);
  }
}

interface Ctx {
  params: Record<string, JsonValue>;
  token: TokenInfo;
}

interface MethodSpec {
  tokens: TokenKind[];
  /** Any one of these grants the call; the first is reported as `needed`. */
  scopes: string[];
  run: (ctx: Ctx) => JsonObject;
}

export interface WebApiEnv {
  /** http://127.0.0.1:PORT, for upload and socket URLs. */
  baseUrl: () => string;
  issueSocketTicket: () => string;
}

export function str(params: Record<string, JsonValue>, name: string): string | undefined {
  const v = params[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

export function bool(params: Record<string, JsonValue>, name: string): boolean {
  const v = params[name];
  return v === true || v === "true" || v === "1" || v === 1;
}

/** Form bodies carry JSON arguments as strings; JSON bodies carry them as values. */
function jsonArg(params: Record<string, JsonValue>, name: string, formatError: string): JsonValue | undefined {
  const v = params[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v) as JsonValue;
  } catch {
    throw new ApiError(formatError);
  }
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class WebApi {
  readonly calls: CallRecord[] = [];
  private readonly failures = new Map<string, { spec: FailureSpec; remaining: number }[]>();
  private readonly methods: Record<string, MethodSpec>;
  private readonly history: History;
  /** Set by enforcePostPace: chat.postMessage keeps to Slack's pace per channel. */
  private postPace: PostPace | undefined;
  private paceClock: () => number = Date.now;

  constructor(
    private readonly ws: Workspace,
    private readonly env: WebApiEnv,
  ) {
    this.history = new History(ws);
    const bot: TokenKind[] = ["bot", "user"];
    this.methods = {
      "auth.test": { tokens: bot, scopes: [], run: () => this.authTest() },
      "chat.postMessage": { tokens: bot, scopes: ["chat:write", "chat:write:bot"], run: (c) => this.postMessage(c) },
      "chat.update": { tokens: bot, scopes: ["chat:write", "chat:write:bot"], run: (c) => this.update(c) },
      "chat.delete": { tokens: bot, scopes: ["chat:write", "chat:write:bot"], run: (c) => this.delete(c) },
      "chat.postEphemeral": {
        tokens: bot,
        scopes: ["chat:write", "chat:write:bot"],
        run: (c) => this.postEphemeral(c),
      },
      "chat.getPermalink": { tokens: bot, scopes: [], run: (c) => this.getPermalink(c) },
      "conversations.open": { tokens: bot, scopes: ["im:write", "mpim:write"], run: (c) => this.open(c) },
      "conversations.info": { tokens: bot, scopes: [], run: (c) => this.conversationInfo(c) },
      "conversations.members": { tokens: bot, scopes: [], run: (c) => this.conversationMembers(c) },
      // The scope depends on the conversation's kind (history.ts).
      "conversations.history": { tokens: bot, scopes: [], run: (c) => this.history.history(c.params, c.token) },
      "conversations.replies": { tokens: bot, scopes: [], run: (c) => this.history.replies(c.params, c.token) },
      "users.info": { tokens: bot, scopes: ["users:read"], run: (c) => this.usersInfo(c) },
      "files.info": { tokens: bot, scopes: ["files:read"], run: (c) => this.filesInfo(c) },
      "files.getUploadURLExternal": { tokens: bot, scopes: ["files:write"], run: (c) => this.getUploadUrl(c) },
      "files.completeUploadExternal": {
        tokens: bot,
        scopes: ["files:write"],
        run: (c) => this.completeUpload(c),
      },
      // views.open needs no scope: the trigger_id is the permission.
      "views.open": { tokens: bot, scopes: [], run: (c) => this.viewsOpen(c) },
      "apps.connections.open": {
        tokens: ["app"],
        scopes: ["connections:write"],
        run: () => this.connectionsOpen(),
      },
    };
  }

  fail(method: string, spec: FailureSpec, times: number): void {
    const list = this.failures.get(method) ?? [];
    list.push({ spec, remaining: times });
    this.failures.set(method, list);
  }

  clearFailures(): void {
    this.failures.clear();
  }

  enforcePostPace(enabled: boolean, now: () => number): void {
    this.postPace = enabled ? new PostPace() : undefined;
    this.paceClock = now;
  }

  private takeFailure(method: string): FailureSpec | undefined {
    const list = this.failures.get(method);
    const head = list?.[0];
    if (!list || !head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) list.shift();
    return head.spec;
  }

  handle(req: ApiRequest): ApiResponse {
    const res = this.dispatch(req);
    this.calls.push({
      method: req.method,
      params: req.params,
      ...(req.token !== undefined ? { token: req.token } : {}),
      at: Date.now(),
      status: res.status,
      response: res.body,
    });
    this.ws.changed();
    return res;
  }

  private dispatch(req: ApiRequest): ApiResponse {
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
    const reply = (body: JsonObject, status = 200): ApiResponse => ({ status, headers, body });
    const spec = this.methods[req.method];
    if (!spec) return reply({ ok: false, error: "unknown_method" });

    const failure = this.takeFailure(req.method);
    if (failure?.kind === "lostAnswer") return { ...this.dispatchAnswered(req, spec), lost: true };
    if (failure) {
      switch (failure.kind) {
        case "429":
          headers["retry-after"] = String(failure.retryAfter);
          return reply({ ok: false, error: "ratelimited" }, 429);
        case "ratelimited":
          return reply({ ok: false, error: "ratelimited" });
        case "5xx":
          return {
            status: failure.status,
            headers: { "content-type": "text/html" },
            body: `<html><body><h1>${failure.status}</h1>The server encountered a temporary error.</body></html>`,
          };
        case "error":
          return reply({ ok: false, error: failure.error, ...(failure.extra ?? {}) });
      }
    }

    const channel = req.method === "chat.postMessage" ? req.params.channel : undefined;
    if (this.postPace && typeof channel === "string") {
      const now = this.paceClock();
      const retryAfter = this.postPace.check(channel, now);
      if (retryAfter !== undefined) {
        headers["retry-after"] = String(retryAfter);
        return reply({ ok: false, error: "ratelimited" }, 429);
      }
      const answered = this.dispatchAnswered(req, spec);
      if (typeof answered.body === "object" && answered.body.ok === true) this.postPace.take(channel, now);
      return answered;
    }
    return this.dispatchAnswered(req, spec);
  }

  /** The call itself: token, token type, scope, then the method. */
  private dispatchAnswered(req: ApiRequest, spec: MethodSpec): ApiResponse {
    const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
    const reply = (body: JsonObject, status = 200): ApiResponse => ({ status, headers, body });
    if (!req.token) return reply({ ok: false, error: "not_authed" });
    const token = this.ws.tokens.get(req.token);
    if (!token) return reply({ ok: false, error: "invalid_auth" });
    headers["x-oauth-scopes"] = token.scopes.join(",");
    headers["x-accepted-oauth-scopes"] = spec.scopes.join(",");
    if (!spec.tokens.includes(token.kind)) return reply({ ok: false, error: "not_allowed_token_type" });
    if (spec.scopes.length > 0 && !spec.scopes.some((s) => token.scopes.includes(s))) {
      return reply({
        ok: false,
        error: "missing_scope",
        needed: spec.scopes[0] ?? "",
        provided: token.scopes.join(","),
      });
    }
    try {
      const body = spec.run({ params: req.params, token });
      if (req.missingCharset) {
        body.warning = "missing_charset";
        body.response_metadata = { warnings: ["missing_charset"] };
      }
      return reply(body);
    } catch (err) {
      if (err instanceof ApiError) return reply({ ok: false, error: err.error, ...err.extra });
      throw err;
    }
  }

  // ---- shared checks ----------------------------------------------------

  /** Whether the bot may post here; Slack hides private channels it is not in. */
  private postable(ref: string | undefined, token: TokenInfo): FakeChannel {
    if (!ref) throw new ApiError("channel_not_found");
    const ch = this.ws.resolveChannel(ref);
    if (!ch) throw new ApiError("channel_not_found");
    if (!ch.botIsMember) {
      if (ch.isPrivate || ch.isIm || ch.isMpim) throw new ApiError("channel_not_found");
      if (!token.scopes.includes("chat:write.public")) throw new ApiError("not_in_channel");
    }
    if (ch.isArchived) throw new ApiError("is_archived");
    return ch;
  }

  /** blocks: undefined when absent; invalid_blocks_format / invalid_blocks as Slack. */
  private blocksArg(params: Record<string, JsonValue>): JsonObject[] | undefined {
    const raw = jsonArg(params, "blocks", "invalid_blocks_format");
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw)) throw new ApiError("invalid_blocks_format");
    const res = validateBlocks(raw);
    if (!res.ok) {
      throw new ApiError("invalid_blocks", {
        errors: res.errors,
        response_metadata: { messages: res.errors.map((e) => `[ERROR] ${e}`) },
      });
    }
    return res.blocks;
  }

  private attachmentsArg(params: Record<string, JsonValue>): JsonObject[] | undefined {
    const raw = jsonArg(params, "attachments", "invalid_attachments");
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw) || !raw.every(isObject)) throw new ApiError("invalid_attachments");
    return raw.filter(isObject);
  }

  private content(params: Record<string, JsonValue>): {
    text: string;
    blocks?: JsonObject[];
    attachments?: JsonObject[];
  } {
    const text = str(params, "text") ?? "";
    const blocks = this.blocksArg(params);
    const attachments = this.attachmentsArg(params);
    if (text === "" && (blocks?.length ?? 0) === 0 && (attachments?.length ?? 0) === 0) {
      throw new ApiError("no_text");
    }
    if (text.length > MAX_TEXT_LENGTH) throw new ApiError("msg_too_long");
    return {
      text,
      ...(blocks !== undefined ? { blocks } : {}),
      ...(attachments !== undefined ? { attachments } : {}),
    };
  }

  /** A message posted by the app's bot user. */
  postBotMessage(
    channel: string,
    content: { text: string; blocks?: JsonObject[]; attachments?: JsonObject[]; files?: JsonObject[] },
    extra: {
      threadTs?: string;
      linkNames?: boolean;
      params?: Record<string, JsonValue>;
      source: string;
      metadata?: JsonObject;
    },
  ): StoredMessage {
    const team = this.ws.team;
    const msg: StoredMessage = {
      channel,
      ts: this.ws.clock.next(),
      text: content.text,
      ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
      ...(content.attachments !== undefined ? { attachments: content.attachments } : {}),
      ...(content.files !== undefined ? { files: content.files } : {}),
      user: team.botUserId,
      bot_id: team.botId,
      app_id: team.appId,
      ...(extra.threadTs !== undefined ? { thread_ts: extra.threadTs } : {}),
      ...(extra.metadata !== undefined ? { metadata: extra.metadata } : {}),
      edits: [],
      deleted: false,
      linkNames: extra.linkNames ?? false,
      params: extra.params ?? {},
      source: extra.source,
    };
    return this.ws.addMessage(msg);
  }

  /** Replaces a message's content, keeping the old version in `edits`. */
  editMessage(
    msg: StoredMessage,
    content: { text?: string; blocks?: JsonObject[]; attachments?: JsonObject[] },
    params: Record<string, JsonValue>,
  ): void {
    const now = this.ws.clock.next();
    msg.edits.push({
      text: msg.text,
      ...(msg.blocks !== undefined ? { blocks: msg.blocks } : {}),
      replacedAt: now,
    });
    if (content.text !== undefined) msg.text = content.text;
    // Slack keeps previous blocks when the argument is absent; [] removes them.
    if (content.blocks !== undefined) {
      if (content.blocks.length === 0) delete msg.blocks;
      else msg.blocks = content.blocks;
    }
    if (content.attachments !== undefined) msg.attachments = content.attachments;
    msg.edited = { user: this.ws.team.botUserId, ts: now };
    msg.params = params;
    this.ws.changed();
  }

  // ---- methods --------------------------------------------------------

  /** Opens a modal for the person whose action issued trigger_id; the view is checked before the trigger is spent. */
  private viewsOpen({ params }: Ctx): JsonObject {
    const raw = jsonArg(params, "view", "invalid_arguments");
    if (raw === undefined)
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: view"] },
      });
    const checked = validateModalView(raw);
    if (!checked.ok) {
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: checked.errors.map((e) => `[ERROR] ${e}`) },
      });
    }
    const spent = this.ws.triggers.exchange(str(params, "trigger_id"));
    if ("error" in spent) throw new ApiError(spent.error);
    const view = storedView(checked.view, this.ws.team);
    this.ws.views.set(String(view.id), { id: String(view.id), userId: spent.userId, view, closed: false });
    return { ok: true, view };
  }

  private authTest(): JsonObject {
    const t = this.ws.team;
    return {
      ok: true,
      url: `https://${t.teamDomain}.slack.com/`,
      team: t.teamName,
      user: t.botName,
      team_id: t.teamId,
      user_id: t.botUserId,
      bot_id: t.botId,
      is_enterprise_install: false,
    };
  }

  private postMessage({ params, token }: Ctx): JsonObject {
    const content = this.content(params);
    const metadata = metadataArg(params);
    const ch = this.postable(str(params, "channel"), token);
    const threadTs = str(params, "thread_ts");
    const msg = this.postBotMessage(ch.id, content, {
      ...(threadTs ? { threadTs } : {}),
      ...(metadata ? { metadata } : {}),
      linkNames: bool(params, "link_names") || str(params, "parse") === "full",
      params,
      source: "chat.postMessage",
    });
    return { ok: true, channel: ch.id, ts: msg.ts, message: this.ws.slackMessage(msg) };
  }

  private existingMessage(params: Record<string, JsonValue>): { ch: FakeChannel; msg: StoredMessage } {
    const ref = str(params, "channel");
    const ch = ref ? this.ws.resolveChannel(ref) : undefined;
    if (!ch) throw new ApiError("channel_not_found");
    const ts = str(params, "ts");
    const msg = ts ? this.ws.findMessage(ch.id, ts) : undefined;
    if (!msg) throw new ApiError("message_not_found");
    return { ch, msg };
  }

  private update({ params }: Ctx): JsonObject {
    const { ch, msg } = this.existingMessage(params);
    if (msg.bot_id !== this.ws.team.botId) throw new ApiError("cant_update_message");
    const text = str(params, "text");
    const blocks = this.blocksArg(params);
    const attachments = this.attachmentsArg(params);
    if (text === undefined && blocks === undefined && attachments === undefined) throw new ApiError("no_text");
    if (text !== undefined && text.length > MAX_TEXT_LENGTH) throw new ApiError("msg_too_long");
    this.editMessage(
      msg,
      {
        ...(text !== undefined ? { text } : {}),
        ...(blocks !== undefined ? { blocks } : {}),
        ...(attachments !== undefined ? { attachments } : {}),
      },
      params,
    );
    return { ok: true, channel: ch.id, ts: msg.ts, text: msg.text, message: this.ws.slackMessage(msg) };
  }

  private delete({ params }: Ctx): JsonObject {
    const { ch, msg } = this.existingMessage(params);
    if (msg.bot_id !== this.ws.team.botId && msg.user !== this.ws.team.botUserId) {
      throw new ApiError("cant_delete_message");
    }
    msg.deleted = true;
    this.ws.changed();
    return { ok: true, channel: ch.id, ts: msg.ts };
  }

  private postEphemeral({ params, token }: Ctx): JsonObject {
    const content = this.content(params);
    const ch = this.postable(str(params, "channel"), token);
    const userId = str(params, "user");
    if (!userId || !this.ws.users.has(userId)) throw new ApiError("user_not_found");
    if (!ch.members.includes(userId)) throw new ApiError("user_not_in_channel");
    const ts = this.ws.clock.next();
    const threadTs = str(params, "thread_ts");
    this.ws.ephemerals.push({
      channel: ch.id,
      user: userId,
      ts,
      text: content.text,
      ...(content.blocks !== undefined ? { blocks: content.blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
      bot_id: this.ws.team.botId,
      source: "chat.postEphemeral",
    });
    this.ws.changed();
    return { ok: true, message_ts: ts };
  }

  private getPermalink({ params }: Ctx): JsonObject {
    const { ch, msg } = this.existingMessage({ channel: params.channel ?? null, ts: params.message_ts ?? null });
    return {
      ok: true,
      channel: ch.id,
      permalink: `https://${this.ws.team.teamDomain}.slack.com/archives/${ch.id}/p${msg.ts.replace(".", "")}`,
    };
  }

  private open({ params }: Ctx): JsonObject {
    const channelArg = str(params, "channel");
    const usersArg = str(params, "users");
    let ch: FakeChannel | undefined;
    let existed = false;
    if (channelArg) {
      ch = this.ws.channels.get(channelArg);
      if (!ch || !(ch.isIm || ch.isMpim)) throw new ApiError("channel_not_found");
      existed = true;
    } else {
      if (!usersArg) throw new ApiError("users_list_not_supplied");
      const ids = usersArg
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "" && s !== this.ws.team.botUserId);
      if (ids.length === 0) throw new ApiError("users_list_not_supplied");
      if (ids.length > 8) throw new ApiError("too_many_users");
      for (const id of ids) if (!this.ws.users.has(id)) throw new ApiError("user_not_found");
      const [only] = ids;
      if (ids.length === 1 && only !== undefined) {
        const r = this.ws.imWith(only);
        ch = r.channel;
        existed = r.existed;
      } else {
        const members = [...ids, this.ws.team.botUserId].sort();
        ch = [...this.ws.channels.values()].find(
          (c) => c.isMpim && [...c.members].sort().join(",") === members.join(","),
        );
        existed = ch !== undefined;
        ch ??= this.ws.addChannel({
          id: slackId("C"),
          name: `mpdm-${members.map((m) => this.ws.users.get(m)?.name ?? m).join("--")}-1`,
          members,
          botIsMember: true,
          isPrivate: true,
          isMpim: true,
          created: Math.floor(Date.now() / 1000),
        });
      }
    }
    const channel: JsonObject = bool(params, "return_im") ? this.ws.slackChannel(ch, false) : { id: ch.id };
    return existed ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
  }

  /** Reading a conversation needs the read scope of its kind. */
  private readable(params: Record<string, JsonValue>, token: TokenInfo): FakeChannel {
    const ref = str(params, "channel");
    const ch = ref ? this.ws.channels.get(ref) : undefined;
    if (!ch) throw new ApiError("channel_not_found");
    if ((ch.isPrivate || ch.isIm || ch.isMpim) && !ch.botIsMember) throw new ApiError("channel_not_found");
    const needed = ch.isIm ? "im:read" : ch.isMpim ? "mpim:read" : ch.isPrivate ? "groups:read" : "channels:read";
    if (!token.scopes.includes(needed)) {
      throw new ApiError("missing_scope", { needed, provided: token.scopes.join(",") });
    }
    return ch;
  }

  private conversationInfo({ params, token }: Ctx): JsonObject {
    const ch = this.readable(params, token);
    return { ok: true, channel: this.ws.slackChannel(ch, bool(params, "include_num_members")) };
  }

  private conversationMembers({ params, token }: Ctx): JsonObject {
    const ch = this.readable(params, token);
    return { ok: true, members: [...ch.members], response_metadata: { next_cursor: "" } };
  }

  private usersInfo({ params }: Ctx): JsonObject {
    const id = str(params, "user");
    const user = id ? this.ws.users.get(id) : undefined;
    if (!user) throw new ApiError("user_not_found");
    return { ok: true, user: this.ws.slackUser(user, bool(params, "include_locale")) };
  }

  /** A file the bot can see (its own, or shared where it is a member); file_not_found otherwise, as Slack. */
  private filesInfo({ params }: Ctx): JsonObject {
    const id = str(params, "file");
    if (!id)
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: file"] },
      });
    const file = this.ws.files.get(id);
    if (!file?.completed || !this.ws.botSeesFile(file)) throw new ApiError("file_not_found");
    return {
      ok: true,
      file: this.ws.slackFile(file, this.env.baseUrl()),
      content: "",
      is_truncated: false,
      comments: [],
      response_metadata: { next_cursor: "" },
    };
  }

  private getUploadUrl({ params }: Ctx): JsonObject {
    const filename = str(params, "filename");
    const lengthRaw = str(params, "length");
    const missing = !filename ? "filename" : lengthRaw === undefined ? "length" : undefined;
    if (missing) {
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: [`[ERROR] missing required field: ${missing}`] },
      });
    }
    const length = Number(lengthRaw);
    if (!Number.isInteger(length) || length < 0) {
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] must be an integer [json-pointer:/length]"] },
      });
    }
    const altText = str(params, "alt_text") ?? str(params, "alt_txt");
    const snippetType = str(params, "snippet_type");
    const file: StoredFile = {
      id: slackId("F"),
      filename: filename ?? "",
      title: filename ?? "",
      length,
      ...(altText !== undefined ? { altText } : {}),
      ...(snippetType !== undefined ? { snippetType } : {}),
      completed: false,
      channels: [],
      shares: [],
      created: Math.floor(Date.now() / 1000),
      user: this.ws.team.botUserId,
    };
    this.ws.files.set(file.id, file);
    return { ok: true, upload_url: `${this.env.baseUrl()}/upload/${file.id}`, file_id: file.id };
  }

  private completeUpload({ params, token }: Ctx): JsonObject {
    const filesArg = jsonArg(params, "files", "invalid_arguments");
    if (!Array.isArray(filesArg) || filesArg.length === 0) {
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: files"] },
      });
    }
    const entries = filesArg.filter(isObject);
    const files: StoredFile[] = [];
    for (const e of entries) {
      const id = typeof e.id === "string" ? e.id : "";
      const f = this.ws.files.get(id);
      // Slack only completes files whose bytes reached the upload URL.
      if (!f || f.bytes === undefined) throw new ApiError("file_not_found");
      files.push(f);
    }
    const channelIds = [
      ...(str(params, "channel_id") ? [str(params, "channel_id") ?? ""] : []),
      ...(str(params, "channels") ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ];
    const threadTs = str(params, "thread_ts");
    if (threadTs && channelIds.length !== 1) throw new ApiError("invalid_arguments");
    const targets = channelIds.map((id) => this.postable(id, token));
    const initialComment = str(params, "initial_comment");

    entries.forEach((e, i) => {
      const f = files[i];
      if (!f) return;
      if (typeof e.title === "string" && e.title !== "") f.title = e.title;
      f.completed = true;
      if (initialComment !== undefined) f.initialComment = initialComment;
      if (threadTs) f.threadTs = threadTs;
      for (const ch of targets) if (!f.channels.includes(ch.id)) f.channels.push(ch.id);
    });
    const base = this.env.baseUrl();
    if (targets.length > 0) {
      // One message per channel shares all the files, with the comment as text.
      const blocks = initialComment === undefined ? this.blocksArg(params) : undefined;
      for (const ch of targets) {
        const msg = this.postBotMessage(
          ch.id,
          {
            text: initialComment ?? "",
            ...(blocks !== undefined ? { blocks } : {}),
            files: files.map((f) => this.ws.slackFile(f, base)),
          },
          { ...(threadTs ? { threadTs } : {}), params, source: "files.completeUploadExternal" },
        );
        for (const f of files) f.shares.push({ channel: ch.id, ts: msg.ts });
      }
    }
    this.ws.changed();
    return { ok: true, files: files.map((f) => this.ws.slackFile(f, base)) };
  }

  private connectionsOpen(): JsonObject {
    const ticket = this.env.issueSocketTicket();
    const wsBase = this.env.baseUrl().replace(/^http/, "ws");
    return { ok: true, url: `${wsBase}/socket?ticket=${ticket}&app_id=${this.ws.team.appId}` };
  }
}
