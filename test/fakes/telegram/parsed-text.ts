// Shared pieces of the parse-mode parsers (HTML, MarkdownV2, Markdown): the
// result type, the error they throw, and the byte/UTF-16 bookkeeping that
// Telegram's parser (tdlib) does. Telegram reports byte offsets into the UTF-8
// input in its error messages but UTF-16 offsets in entities, so both are kept.
import type { MessageEntity } from "grammy/types";

export interface ParsedText {
  /** The visible text: tags/markup removed, HTML entities and escapes decoded. */
  text: string;
  entities: MessageEntity[];
}

/** Thrown by a parser; `message` is the part after "can't parse entities: ". */
export class EntityParseError extends Error {
  override name = "EntityParseError";
}

/**
 * Reads a UTF-8 byte string the way tdlib does: out-of-range reads yield 0,
 * like reading the terminating NUL of a C string, so "end of text" checks
 * look the same as in the original algorithm.
 */
export class ByteCursor {
  readonly bytes: Uint8Array;
  readonly size: number;
  constructor(text: string) {
    this.bytes = new TextEncoder().encode(text);
    this.size = this.bytes.length;
  }
  at(i: number): number {
    return i < this.size ? (this.bytes[i] ?? 0) : 0;
  }
  slice(from: number, to: number): string {
    return new TextDecoder().decode(this.bytes.subarray(from, to));
  }
}

/** Output buffer that tracks the UTF-16 length of what was appended. */
export class TextBuilder {
  private readonly chunks: number[] = [];
  utf16 = 0;
  pushByte(byte: number): void {
    // Count a UTF-16 unit per UTF-8 lead byte; 4-byte sequences are surrogate pairs.
    if ((byte & 0xc0) !== 0x80) this.utf16 += byte >= 0xf0 ? 2 : 1;
    this.chunks.push(byte);
  }
  pushCodePoint(code: number): void {
    for (const b of new TextEncoder().encode(String.fromCodePoint(code))) this.pushByte(b);
  }
  get byteLength(): number {
    return this.chunks.length;
  }
  sliceFrom(byteOffset: number): string {
    return new TextDecoder().decode(Uint8Array.from(this.chunks.slice(byteOffset)));
  }
  toString(): string {
    return new TextDecoder().decode(Uint8Array.from(this.chunks));
  }
}

export const ASCII = (ch: string): number => ch.charCodeAt(0);

/** tdlib's is_space: note it includes NUL, which is how "end of text" stops scans. */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0x00 || c === 0x0b;
}
export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
export function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
export function isAlnum(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}
export function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
}

// Same ordering as tdlib's sort_entities: offset, then longer first, then type priority.
const PRIORITY: Record<string, number> = {
  blockquote: 0,
  expandable_blockquote: 0,
  pre: 11,
  code: 20,
  text_link: 49,
  text_mention: 49,
  bold: 90,
  italic: 91,
  underline: 92,
  strikethrough: 93,
  spoiler: 94,
  custom_emoji: 99,
};
export function sortEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.sort(
    (a, b) => a.offset - b.offset || b.length - a.length || (PRIORITY[a.type] ?? 50) - (PRIORITY[b.type] ?? 50),
  );
}

/**
 * Approximation of tdlib's LinkManager::get_checked_link: returns the
 * normalised URL, or "" when Telegram would silently drop the text_link.
 */
export function checkedLink(url: string): string {
  const trimmed = url.trim();
  if (trimmed === "") return "";
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  try {
    if (scheme === undefined) {
      const u = new URL(`http://${trimmed}`);
      return u.hostname.includes(".") ? u.href : "";
    }
    if (scheme === "http" || scheme === "https") {
      const u = new URL(trimmed);
      return u.hostname === "" ? "" : u.href;
    }
    if (scheme === "tg" || scheme === "ton" || scheme === "tonsite" || scheme === "ftp") return trimmed;
  } catch {
    return "";
  }
  return "";
}

/** Number of UTF-16 code units, which is what Telegram's length limits count. */
export function utf16Length(text: string): number {
  return text.length;
}

/**
 * Telegram trims leading and trailing whitespace from message texts after
 * parsing (tdlib fix_formatted_text). Entities are clipped to the kept range;
 * entities that end up empty are dropped.
 */
export function trimParsed(parsed: ParsedText): ParsedText {
  const ws = /[ \t\r\n\v\f]/;
  let start = 0;
  let end = parsed.text.length;
  while (start < end && ws.test(parsed.text.charAt(start))) start++;
  while (end > start && ws.test(parsed.text.charAt(end - 1))) end--;
  if (start === 0 && end === parsed.text.length) return parsed;
  const entities: MessageEntity[] = [];
  for (const e of parsed.entities) {
    const from = Math.max(e.offset, start);
    const to = Math.min(e.offset + e.length, end);
    if (to > from) entities.push({ ...e, offset: from - start, length: to - from });
  }
  return { text: parsed.text.slice(start, end), entities };
}
