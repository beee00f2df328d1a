// conversations.history and conversations.replies as Slack answers them: a
// channel's top-level messages newest first, or a thread oldest first with
// its parent at the head; `oldest`/`latest` bound the window (exclusive
// unless `inclusive`), `limit` and an opaque cursor page it. Reading needs
// the history scope of the conversation's kind, and a public channel the bot
// is not in answers not_in_channel. A message's metadata comes back only with
// include_all_metadata.
import type { FakeChannel, JsonObject, JsonValue, StoredMessage, TokenInfo } from "./types.js";
import { ApiError, bool, str } from "./web-api.js";
import type { Workspace } from "./workspace.js";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 999;

/** The scope that lets a bot read this kind of conversation. */
export function historyScopeOf(ch: FakeChannel): string {
  if (ch.isIm) return "im:history";
  if (ch.isMpim) return "mpim:history";
  return ch.isPrivate ? "groups:history" : "channels:history";
}

interface Page {
  messages: StoredMessage[];
  nextCursor?: string;
}

export class History {
  constructor(private readonly ws: Workspace) {}

  history(params: Record<string, JsonValue>, token: TokenInfo): JsonObject {
    const ch = this.readable(params, token);
    const topLevel = this.messagesOf(ch).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
    const newestFirst = this.window(topLevel, params).reverse();
    return this.answer(this.page(newestFirst, params), params);
  }

  replies(params: Record<string, JsonValue>, token: TokenInfo): JsonObject {
    const ch = this.readable(params, token);
    const ts = str(params, "ts");
    if (!ts) {
      throw new ApiError("invalid_arguments", {
        response_metadata: { messages: ["[ERROR] missing required field: ts"] },
      });
    }
    const parent = this.ws.findMessage(ch.id, ts);
    if (!parent) throw new ApiError("thread_not_found");
    const replies = this.messagesOf(ch).filter((m) => m.thread_ts === ts && m.ts !== ts);
    return this.answer(this.page([parent, ...this.window(replies, params)], params), params);
  }

  /** The conversation, if this token may read it; Slack's error otherwise. */
  private readable(params: Record<string, JsonValue>, token: TokenInfo): FakeChannel {
    const ref = str(params, "channel");
    const ch = ref ? this.ws.channels.get(ref) : undefined;
    if (!ch) throw new ApiError("channel_not_found");
    if ((ch.isPrivate || ch.isIm || ch.isMpim) && !ch.botIsMember) throw new ApiError("channel_not_found");
    const needed = historyScopeOf(ch);
    if (!token.scopes.includes(needed)) {
      throw new ApiError("missing_scope", { needed, provided: token.scopes.join(",") });
    }
    if (!ch.botIsMember) throw new ApiError("not_in_channel");
    return ch;
  }

  private messagesOf(ch: FakeChannel): StoredMessage[] {
    return (this.ws.messages.get(ch.id) ?? []).filter((m) => !m.deleted);
  }

  /** Messages between `oldest` and `latest`, oldest first. */
  private window(messages: StoredMessage[], params: Record<string, JsonValue>): StoredMessage[] {
    const inclusive = bool(params, "inclusive");
    const oldest = Number(str(params, "oldest") ?? "0");
    const latest = Number(str(params, "latest") ?? String(Date.now() / 1000 + 1));
    return messages.filter((m) => {
      const at = Number(m.ts);
      return inclusive ? at >= oldest && at <= latest : at > oldest && at < latest;
    });
  }

  private page(messages: StoredMessage[], params: Record<string, JsonValue>): Page {
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(str(params, "limit") ?? DEFAULT_LIMIT) || DEFAULT_LIMIT));
    const cursor = str(params, "cursor");
    let start = 0;
    if (cursor) {
      const decoded = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
      if (!decoded) throw new ApiError("invalid_cursor");
      start = Number(decoded[1]);
    }
    const end = start + limit;
    return {
      messages: messages.slice(start, end),
      ...(end < messages.length ? { nextCursor: Buffer.from(`offset:${end}`).toString("base64") } : {}),
    };
  }

  private answer(page: Page, params: Record<string, JsonValue>): JsonObject {
    const withMetadata = bool(params, "include_all_metadata");
    const messages = page.messages.map((m) => {
      const out = this.ws.slackMessage(m);
      if (withMetadata && m.metadata !== undefined) out.metadata = m.metadata;
      return out;
    });
    return {
      ok: true,
      messages,
      has_more: page.nextCursor !== undefined,
      ...(page.nextCursor !== undefined ? { response_metadata: { next_cursor: page.nextCursor } } : {}),
    };
  }
}
