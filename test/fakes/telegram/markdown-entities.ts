// parse_mode "MarkdownV2" and legacy "Markdown" as Telegram parses them (the
// scans of tdlib's parse_markdown_v2 / parse_markdown, re-implemented), with
// Telegram's error texts and byte offsets. MarkdownV2 block quotes (">" at a
// line start, "**>" … "||" for expandable ones) follow the current Bot API docs.
import type { MessageEntity } from "grammy/types";
import {
  ASCII,
  ByteCursor,
  checkedLink,
  EntityParseError,
  isSpace,
  type ParsedText,
  sortEntities,
  TextBuilder,
} from "./parsed-text.js";

type MdType =
  | "Bold"
  | "Italic"
  | "Underline"
  | "Strikethrough"
  | "Spoiler"
  | "Code"
  | "Pre"
  | "PreCode"
  | "TextUrl"
  | "CustomEmoji";

interface OpenEntity {
  type: MdType;
  argument: string;
  utf16Offset: number;
  /** byte offset in the input, used in "Can't find end of …" */
  byteOffset: number;
  /** byte offset in the output, used when a link's text is its URL */
  outByteOffset: number;
}

const BACKSLASH = ASCII("\\");
const BACKTICK = ASCII("`");
const NL = ASCII("\n");
const CR = ASCII("\r");
const GT = ASCII(">");
const PIPE = ASCII("|");
const UNDERSCORE = ASCII("_");
const STAR = ASCII("*");
const TILDE = ASCII("~");
const LBRACKET = ASCII("[");
const RBRACKET = ASCII("]");
const LPAREN = ASCII("(");
const RPAREN = ASCII(")");
const BANG = ASCII("!");

const RESERVED = new Set([..."_*[]()~`>#+-=|{}.!"].map(ASCII));
const RESERVED_IN_CODE = new Set([BACKTICK]);

function reservedError(c: number): EntityParseError {
  return new EntityParseError(
    `Character '${String.fromCharCode(c)}' is reserved and must be escaped with the preceding '\\'`,
  );
}

function isEscapable(c: number): boolean {
  return c > 0 && c <= 126;
}

/** Reads "(url)" starting at the "(": returns the unescaped URL and the index of ")". */
function readParenUrl(src: ByteCursor, openParen: number, what: string): { url: string; close: number } {
  let i = openParen + 1;
  const begin = i;
  const url = new TextBuilder();
  while (i < src.size && src.at(i) !== RPAREN) {
    if (src.at(i) === BACKSLASH && isEscapable(src.at(i + 1))) {
      url.pushByte(src.at(i + 1));
      i += 2;
      continue;
    }
    url.pushByte(src.at(i));
    i++;
  }
  if (src.at(i) !== RPAREN) throw new EntityParseError(`Can't find end of ${what} at byte offset ${begin}`);
  return { url: url.toString(), close: i };
}

function customEmojiId(url: string): string {
  const m = /^tg:\/\/emoji\?id=([0-9]+)$/i.exec(url);
  if (m === null || m[1] === undefined) {
    if (!/^tg:/i.test(url)) throw new EntityParseError("Custom emoji URL must have scheme tg");
    throw new EntityParseError("Custom emoji URL must have an emoji identifier");
  }
  if (BigInt(m[1]) === 0n) throw new EntityParseError("Invalid custom emoji identifier specified");
  return m[1];
}

export function parseMarkdownV2(input: string): ParsedText {
  const src = new ByteCursor(input);
  const out = new TextBuilder();
  const entities: MessageEntity[] = [];
  const open: OpenEntity[] = [];
  // Block quote state lives in a holder object so the closure and the loop agree on its type.
  const q: { current: { offset: number; expandable: boolean; lineEnd: number } | null } = { current: null };

  const closeQuote = (endUtf16: number): void => {
    const quote = q.current;
    if (quote !== null && endUtf16 > quote.offset) {
      entities.push({
        type: quote.expandable ? "expandable_blockquote" : "blockquote",
        offset: quote.offset,
        length: endUtf16 - quote.offset,
      });
    }
    q.current = null;
  };

  for (let i = 0; i < src.size; i++) {
    const innermost = open[open.length - 1];
    const inCode =
      innermost !== undefined &&
      (innermost.type === "Code" || innermost.type === "Pre" || innermost.type === "PreCode");
    const lineStart = !inCode && (i === 0 || src.at(i - 1) === NL);
    if (lineStart) {
      if (q.current === null && src.at(i) === STAR && src.at(i + 1) === STAR && src.at(i + 2) === GT) {
        q.current = { offset: out.utf16, expandable: true, lineEnd: out.utf16 };
        i += 2;
        continue;
      }
      if (src.at(i) === GT) {
        q.current ??= { offset: out.utf16, expandable: false, lineEnd: out.utf16 };
        continue;
      }
      if (q.current !== null) closeQuote(q.current.lineEnd);
    }
    const quote = q.current;

    const c = src.at(i);
    if (c === BACKSLASH && isEscapable(src.at(i + 1))) {
      i++;
      out.pushByte(src.at(i));
      continue;
    }
    const top = open[open.length - 1];
    const reserved =
      top !== undefined && (top.type === "Code" || top.type === "Pre" || top.type === "PreCode")
        ? RESERVED_IN_CODE
        : RESERVED;
    if (!reserved.has(c)) {
      if (c === NL && quote !== null) quote.lineEnd = out.utf16;
      out.pushByte(c);
      continue;
    }

    // "||" at the end of a quoted line marks the quote as expandable.
    if (
      c === PIPE &&
      src.at(i + 1) === PIPE &&
      quote !== null &&
      top?.type !== "Spoiler" &&
      (i + 2 >= src.size || src.at(i + 2) === NL)
    ) {
      quote.expandable = true;
      i++;
      continue;
    }

    let isEnd = false;
    if (top !== undefined) {
      switch (top.type) {
        case "Bold":
          isEnd = c === STAR;
          break;
        case "Italic":
          isEnd = c === UNDERSCORE && src.at(i + 1) !== UNDERSCORE;
          break;
        case "Code":
          isEnd = c === BACKTICK;
          break;
        case "Pre":
        case "PreCode":
          isEnd = c === BACKTICK && src.at(i + 1) === BACKTICK && src.at(i + 2) === BACKTICK;
          break;
        case "TextUrl":
        case "CustomEmoji":
          isEnd = c === RBRACKET;
          break;
        case "Underline":
          isEnd = c === UNDERSCORE && src.at(i + 1) === UNDERSCORE;
          break;
        case "Strikethrough":
          isEnd = c === TILDE;
          break;
        case "Spoiler":
          isEnd = c === PIPE && src.at(i + 1) === PIPE;
          break;
      }
    }

    if (!isEnd) {
      const byteOffset = i;
      let type: MdType;
      let argument = "";
      switch (c) {
        case UNDERSCORE:
          if (src.at(i + 1) === UNDERSCORE) {
            type = "Underline";
            i++;
          } else type = "Italic";
          break;
        case STAR:
          type = "Bold";
          break;
        case TILDE:
          type = "Strikethrough";
          break;
        case PIPE:
          if (src.at(i + 1) !== PIPE) throw reservedError(c);
          type = "Spoiler";
          i++;
          break;
        case LBRACKET:
          type = "TextUrl";
          break;
        case BACKTICK:
          if (src.at(i + 1) === BACKTICK && src.at(i + 2) === BACKTICK) {
            i += 3;
            type = "Pre";
            let langEnd = i;
            while (!isSpace(src.at(langEnd)) && src.at(langEnd) !== BACKTICK) langEnd++;
            if (i !== langEnd && langEnd < src.size && src.at(langEnd) !== BACKTICK) {
              type = "PreCode";
              argument = src.slice(i, langEnd);
              i = langEnd;
            }
            // one leading newline after ``` (or ```lang) is not part of the text
            const n = src.at(i);
            if (n === NL || n === CR) {
              const n2 = src.at(i + 1);
              i += (n2 === NL || n2 === CR) && n2 !== n ? 2 : 1;
            }
            i--;
          } else type = "Code";
          break;
        case BANG:
          if (src.at(i + 1) !== LBRACKET) throw reservedError(c);
          type = "CustomEmoji";
          i++;
          break;
        default:
          throw reservedError(c);
      }
      open.push({ type, argument, utf16Offset: out.utf16, byteOffset, outByteOffset: out.byteLength });
      continue;
    }

    // end of the innermost entity
    const entity = open[open.length - 1] as OpenEntity;
    let skip = out.utf16 === entity.utf16Offset;
    let argument = entity.argument;
    let emojiId = "";
    switch (entity.type) {
      case "Underline":
      case "Spoiler":
        i++;
        break;
      case "Pre":
      case "PreCode":
        i += 2;
        break;
      case "TextUrl": {
        let url: string;
        if (src.at(i + 1) !== LPAREN) {
          url = out.sliceFrom(entity.outByteOffset);
        } else {
          const r = readParenUrl(src, i + 1, "a URL");
          url = r.url;
          i = r.close;
        }
        const checked = checkedLink(url);
        if (checked === "") skip = true;
        else argument = checked;
        break;
      }
      case "CustomEmoji": {
        if (src.at(i + 1) !== LPAREN) throw new EntityParseError("Custom emoji entity must contain a tg://emoji URL");
        const r = readParenUrl(src, i + 1, "a custom emoji URL");
        i = r.close;
        emojiId = customEmojiId(r.url);
        break;
      }
      default:
        break;
    }
    if (!skip) {
      const offset = entity.utf16Offset;
      const length = out.utf16 - offset;
      entities.push(toEntity(entity.type, offset, length, argument, emojiId));
    }
    open.pop();
  }
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined) {
    throw new EntityParseError(`Can't find end of ${unclosed.type} entity at byte offset ${unclosed.byteOffset}`);
  }
  if (q.current !== null) closeQuote(out.utf16);
  return { text: out.toString(), entities: sortEntities(entities) };
}

function toEntity(type: MdType, offset: number, length: number, argument: string, emojiId: string): MessageEntity {
  switch (type) {
    case "Bold":
      return { type: "bold", offset, length };
    case "Italic":
      return { type: "italic", offset, length };
    case "Underline":
      return { type: "underline", offset, length };
    case "Strikethrough":
      return { type: "strikethrough", offset, length };
    case "Spoiler":
      return { type: "spoiler", offset, length };
    case "Code":
      return { type: "code", offset, length };
    case "Pre":
      return { type: "pre", offset, length };
    case "PreCode":
      return { type: "pre", offset, length, language: argument };
    case "TextUrl":
      return { type: "text_link", offset, length, url: argument };
    case "CustomEmoji":
      return { type: "custom_emoji", offset, length, custom_emoji_id: emojiId };
  }
}

/** Legacy parse_mode "Markdown": only _ * ` [ are special, and only they can be escaped. */
export function parseMarkdownLegacy(input: string): ParsedText {
  const src = new ByteCursor(input);
  const out = new TextBuilder();
  const entities: MessageEntity[] = [];
  const special = new Set([UNDERSCORE, STAR, BACKTICK, LBRACKET]);
  for (let i = 0; i < src.size; i++) {
    const c = src.at(i);
    if (c === BACKSLASH && special.has(src.at(i + 1))) {
      i++;
      out.pushByte(src.at(i));
      continue;
    }
    if (!special.has(c)) {
      out.pushByte(c);
      continue;
    }
    const begin = i;
    const endChar = c === LBRACKET ? RBRACKET : c;
    let isPre = false;
    let language = "";
    i++;
    if (c === BACKTICK && src.at(i) === BACKTICK && src.at(i + 1) === BACKTICK) {
      i += 2;
      isPre = true;
      let langEnd = i;
      while (!isSpace(src.at(langEnd)) && src.at(langEnd) !== BACKTICK) langEnd++;
      if (i !== langEnd && langEnd < src.size && src.at(langEnd) !== BACKTICK) {
        language = src.slice(i, langEnd);
        i = langEnd;
      }
      const n = src.at(i);
      if (n === NL || n === CR) {
        const n2 = src.at(i + 1);
        i += (n2 === NL || n2 === CR) && n2 !== n ? 2 : 1;
      }
    }
    const offset = out.utf16;
    const outBegin = out.byteLength;
    while (
      i < src.size &&
      (src.at(i) !== endChar || (isPre && !(src.at(i + 1) === BACKTICK && src.at(i + 2) === BACKTICK)))
    ) {
      out.pushByte(src.at(i));
      i++;
    }
    if (i >= src.size) throw new EntityParseError(`Can't find end of the entity starting at byte offset ${begin}`);
    const length = out.utf16 - offset;
    if (length > 0) {
      if (c === UNDERSCORE) entities.push({ type: "italic", offset, length });
      else if (c === STAR) entities.push({ type: "bold", offset, length });
      else if (c === LBRACKET) {
        let url = "";
        if (src.at(i + 1) !== LPAREN) url = out.sliceFrom(outBegin);
        else {
          i += 2;
          const u = new TextBuilder();
          while (i < src.size && src.at(i) !== RPAREN) {
            u.pushByte(src.at(i));
            i++;
          }
          url = u.toString();
        }
        const checked = checkedLink(url);
        if (checked !== "") entities.push({ type: "text_link", offset, length, url: checked });
      } else if (isPre) {
        entities.push(language === "" ? { type: "pre", offset, length } : { type: "pre", offset, length, language });
      } else entities.push({ type: "code", offset, length });
    }
    if (isPre) i += 2;
  }
  return { text: out.toString(), entities: sortEntities(entities) };
}
