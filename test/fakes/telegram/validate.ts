// Parameter reading and request validation with Telegram's error texts.
// Parameters may arrive typed (JSON) or as strings (form/multipart, and JSON
// fields that clients pre-serialise), so every reader accepts both, as the
// Bot API does.
import type { BotCommand, BotCommandScope, InlineKeyboardButton, MessageEntity } from "grammy/types";
import { type ApiError, badRequest } from "./api-error.js";
import { parseHtml } from "./html-entities.js";
import { parseMarkdownLegacy, parseMarkdownV2 } from "./markdown-entities.js";
import { EntityParseError, type ParsedText, trimParsed } from "./parsed-text.js";

export type Params = Record<string, unknown>;

export function optString(p: Params, name: string): string | undefined {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

export function optInt(p: Params, name: string): number | undefined {
  const v = p[name];
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?[0-9]+$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

export function optBool(p: Params, name: string): boolean | undefined {
  const v = p[name];
  if (typeof v === "boolean") return v;
  if (v === "true" || v === "1" || v === 1) return true;
  if (v === "false" || v === "0" || v === 0) return false;
  return undefined;
}

/** A JSON-typed parameter: given as a value, or as a JSON string (form encodings). */
export function optJson(p: Params, name: string, parseError: string): unknown {
  const v = p[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    throw badRequest(parseError);
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** chat_id: an integer (or its decimal string) or "@username". */
export function chatIdParam(p: Params, name = "chat_id"): number | string {
  const v = p[name];
  if (v === undefined || v === null || v === "") throw badRequest(`${name} is empty`);
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") {
    const s = v.trim();
    if (/^-?[0-9]+$/.test(s)) return Number(s);
    if (/^@[A-Za-z0-9_]{1,64}$/.test(s)) return s;
  }
  // Anything else names no chat Telegram knows.
  throw badRequest("chat not found");
}

export interface FormatOptions {
  strictHtmlEscaping: boolean;
}

/**
 * Turns text + parse_mode (or explicit entities) into what Telegram stores:
 * visible text and entities, trimmed as Telegram trims message texts.
 */
export function formatText(
  text: string,
  parseMode: string | undefined,
  explicitEntities: unknown,
  opts: FormatOptions,
): ParsedText {
  let parsed: ParsedText;
  if (Array.isArray(explicitEntities)) {
    // Explicit entities win over parse_mode, as in the Bot API.
    parsed = { text, entities: explicitEntities.filter(isRecord) as unknown as MessageEntity[] };
  } else if (parseMode === undefined || parseMode === "") {
    parsed = { text, entities: [] };
  } else {
    try {
      switch (parseMode.toLowerCase()) {
        case "html":
          parsed = parseHtml(text, { strictEscaping: opts.strictHtmlEscaping });
          break;
        case "markdownv2":
          parsed = parseMarkdownV2(text);
          break;
        case "markdown":
          parsed = parseMarkdownLegacy(text);
          break;
        default:
          throw badRequest("unsupported parse_mode");
      }
    } catch (e) {
      if (e instanceof EntityParseError) throw badRequest(`can't parse entities: ${e.message}`);
      throw e;
    }
  }
  return trimParsed(parsed);
}

export function utf8Length(s: string): number {
  return Buffer.byteLength(s, "utf8");
}

export interface StoredMarkup {
  /** the reply_markup exactly as Telegram echoes it (inline keyboards only) */
  inline?: { inline_keyboard: InlineKeyboardButton[][] };
  /** non-inline markups (reply keyboard, remove, force reply) are accepted but not echoed */
  other?: Record<string, unknown>;
  /** a ForceReply, as checked: clients open the reply field (for the targets only, when selective) */
  forceReply?: ForceReplyMarkup;
}

export interface ForceReplyMarkup {
  selective: boolean;
  input_field_placeholder?: string;
}

/** ForceReply: force_reply must be True; the placeholder takes 1-64 characters. */
function validateForceReply(raw: Record<string, unknown>): ForceReplyMarkup {
  if (raw.force_reply !== true) throw badRequest("can't parse reply keyboard markup JSON object");
  if (raw.selective !== undefined && typeof raw.selective !== "boolean") {
    throw badRequest('Field "selective" must be of type Boolean');
  }
  const placeholder = raw.input_field_placeholder;
  if (placeholder !== undefined) {
    if (typeof placeholder !== "string") throw badRequest('Field "input_field_placeholder" must be of type String');
    const length = [...placeholder].length;
    // Fake-only check: the documented bound, whatever the server does past it.
    if (length < 1 || length > 64)
      throw badRequest("input_field_placeholder must be 1-64 characters (fake-only check)");
  }
  return {
    selective: raw.selective === true,
    ...(typeof placeholder === "string" ? { input_field_placeholder: placeholder } : {}),
  };
}

const BUTTON_KINDS = [
  "url",
  "callback_data",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
] as const;

const STRING_KINDS = new Set(["url", "callback_data", "switch_inline_query", "switch_inline_query_current_chat"]);

function buttonError(what: string): ApiError {
  return badRequest(`can't parse InlineKeyboardButton: ${what}`);
}

function validateButton(raw: unknown): InlineKeyboardButton {
  if (!isRecord(raw)) throw buttonError("InlineKeyboardButton must be an Object");
  if (typeof raw.text !== "string") throw buttonError('Field "text" must be of type String');
  if (raw.text.trim() === "") throw badRequest("BUTTON_TEXT_INVALID");
  const kinds: string[] = [];
  for (const kind of BUTTON_KINDS) {
    if (!(kind in raw)) continue;
    const v = raw[kind];
    if (STRING_KINDS.has(kind) && typeof v !== "string") throw buttonError(`Field "${kind}" must be of type String`);
    // An empty callback_data counts as absent, which then reads as a text button.
    if (kind === "callback_data" && v === "") continue;
    kinds.push(kind);
  }
  if (kinds.length === 0) throw buttonError("Text buttons are not allowed in the inline keyboard");
  if (kinds.length > 1) {
    throw buttonError(
      `exactly one of the optional fields must be used, got ${kinds.join(", ")} (fake-only check: Telegram documents the rule but picks one silently)`,
    );
  }
  if (typeof raw.callback_data === "string" && raw.callback_data !== "") {
    if (utf8Length(raw.callback_data) > 64) throw badRequest("BUTTON_DATA_INVALID");
  }
  if (typeof raw.url === "string") {
    let ok = false;
    try {
      const u = new URL(raw.url);
      ok = ["http:", "https:", "tg:"].includes(u.protocol) && (u.protocol === "tg:" || u.hostname !== "");
    } catch {
      ok = false;
    }
    if (!ok) throw badRequest("BUTTON_URL_INVALID");
  }
  return raw as unknown as InlineKeyboardButton;
}

export function replyMarkupParam(p: Params): StoredMarkup | undefined {
  const raw = optJson(p, "reply_markup", "can't parse reply keyboard markup JSON object");
  if (raw === undefined) return undefined;
  if (!isRecord(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  if ("inline_keyboard" in raw) {
    const rows = raw.inline_keyboard;
    if (!Array.isArray(rows) || !rows.every((r) => Array.isArray(r))) {
      throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays');
    }
    const total = rows.reduce((n: number, r: unknown[]) => n + r.length, 0);
    if (total > 100) throw badRequest("reply markup is too long");
    const keyboard = (rows as unknown[][]).map((row) => row.map(validateButton));
    return { inline: { inline_keyboard: keyboard } };
  }
  if ("force_reply" in raw) return { other: raw, forceReply: validateForceReply(raw) };
  if ("keyboard" in raw || "remove_keyboard" in raw) return { other: raw };
  throw badRequest("can't parse reply keyboard markup JSON object");
}

export function commandsParam(p: Params): BotCommand[] {
  const raw = optJson(p, "commands", "can't parse commands JSON object");
  // Without "commands" Telegram sets an empty list (tdlib/telegram-bot-api#98).
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw badRequest('Field "commands" must be of type Array');
  if (raw.length > 100) throw badRequest("BOT_COMMANDS_TOO_MUCH");
  return raw.map((c) => {
    if (!isRecord(c)) throw badRequest("can't parse BotCommand: BotCommand must be an Object");
    if (!("command" in c)) throw badRequest("can't parse BotCommand: Can't find field \"command\"");
    if (!("description" in c)) throw badRequest("can't parse BotCommand: Can't find field \"description\"");
    if (typeof c.command !== "string")
      throw badRequest('can\'t parse BotCommand: Field "command" must be of type String');
    if (typeof c.description !== "string") {
      throw badRequest('can\'t parse BotCommand: Field "description" must be of type String');
    }
    if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
    if (c.description.trim() === "") throw badRequest("command description must be non-empty");
    if (c.description.length > 256) throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    return { command: c.command, description: c.description };
  });
}

const SCOPE_TYPES = new Set([
  "default",
  "all_private_chats",
  "all_group_chats",
  "all_chat_administrators",
  "chat",
  "chat_administrators",
  "chat_member",
]);

/** Returns a canonical key for the command scope (commands are stored per scope and language). */
export function scopeParam(p: Params): { scope: BotCommandScope; key: string } {
  const raw = optJson(p, "scope", "can't parse BotCommandScope JSON object");
  if (raw === undefined) return { scope: { type: "default" }, key: "default" };
  if (!isRecord(raw) || typeof raw.type !== "string") throw badRequest("can't parse BotCommandScope JSON object");
  if (!SCOPE_TYPES.has(raw.type)) throw badRequest("unsupported bot command scope type specified");
  const needsChat = raw.type === "chat" || raw.type === "chat_administrators" || raw.type === "chat_member";
  const chatId = needsChat ? chatIdParam(raw, "chat_id") : undefined;
  const userId = raw.type === "chat_member" ? optInt(raw, "user_id") : undefined;
  if (raw.type === "chat_member" && userId === undefined) throw badRequest("user_id is empty");
  const scope = {
    type: raw.type,
    ...(chatId !== undefined ? { chat_id: chatId } : {}),
    ...(userId !== undefined ? { user_id: userId } : {}),
  };
  return { scope: scope as BotCommandScope, key: JSON.stringify(scope) };
}

export function languageCodeParam(p: Params): string {
  const code = optString(p, "language_code") ?? "";
  if (code !== "" && !/^[a-z]{2}$/.test(code)) throw badRequest("invalid language code specified");
  return code;
}

/** Webhook secret_token: 1-256 characters, only A-Z, a-z, 0-9, _ and -. */
export function secretTokenParam(p: Params): string | undefined {
  const token = optString(p, "secret_token");
  if (token === undefined || token === "") return undefined;
  if (token.length > 256) throw badRequest("secret token is too long");
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw badRequest("secret token contains unallowed characters");
  return token;
}

// Update types delivered only when listed in allowed_updates; the empty
// list (the default) means every other type.
const OPT_IN_UPDATE_TYPES = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

export function isAllowedUpdate(type: string, allowed: readonly string[] | null): boolean {
  return allowed === null ? !OPT_IN_UPDATE_TYPES.has(type) : allowed.includes(type);
}

/** allowed_updates: undefined keeps the previous setting; [] resets to the default set. */
export function allowedUpdatesParam(p: Params): string[] | undefined {
  const raw = optJson(p, "allowed_updates", "can't parse allowed_updates JSON object");
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return undefined;
  return raw.filter((t): t is string => typeof t === "string");
}
