// parse_mode "HTML" as Telegram parses it (same scan as tdlib's parse_html,
// re-implemented): byte offsets in error messages, UTF-16 offsets in entities,
// and the same error texts, so a bot's escaping bugs show up in tests exactly
// as they would in production.
import type { MessageEntity } from "grammy/types";
import {
  ASCII,
  ByteCursor,
  checkedLink,
  EntityParseError,
  isAlnum,
  isAlpha,
  isDigit,
  isHexDigit,
  isSpace,
  type ParsedText,
  sortEntities,
  TextBuilder,
} from "./parsed-text.js";

export interface HtmlParseOptions {
  /**
   * Telegram itself keeps a bare "&" or ">" as literal text; its documentation
   * says they must be escaped. When true (the fake's default), they are
   * rejected, so a missing escape is caught before it mangles user content
   * such as "&lt;". The error text then says it is the fake's own check.
   */
  strictEscaping?: boolean;
}

const SUPPORTED_TAGS = new Set([
  "a",
  "b",
  "strong",
  "i",
  "em",
  "s",
  "strike",
  "del",
  "u",
  "ins",
  "tg-spoiler",
  "tg-emoji",
  "span",
  "pre",
  "code",
  "blockquote",
]);

const LT = ASCII("<");
const GT = ASCII(">");
const AMP = ASCII("&");
const SLASH = ASCII("/");
const EQ = ASCII("=");
const SEMI = ASCII(";");
const HASH = ASCII("#");
const X = ASCII("x");
const DQUOTE = ASCII('"');
const SQUOTE = ASCII("'");
const DOT = ASCII(".");
const DASH = ASCII("-");

interface Decoded {
  code: number;
  next: number;
  terminated: boolean;
}

/** Decodes &lt; &gt; &amp; &quot; &#NN; &#xHH; at pos; null when it is not one (Telegram then keeps "&" literally). */
function decodeEntity(src: ByteCursor, pos: number): Decoded | null {
  let end = pos + 1;
  let code = 0;
  if (src.at(pos + 1) === HASH) {
    end++;
    if (src.at(pos + 2) === X) {
      end++;
      while (isHexDigit(src.at(end))) {
        code = code * 16 + Number.parseInt(String.fromCharCode(src.at(end)), 16);
        end++;
        if (code > 0x10ffff) return null;
      }
    } else {
      while (isDigit(src.at(end))) {
        code = code * 10 + (src.at(end) - 0x30);
        end++;
        if (code > 0x10ffff) return null;
      }
    }
    if (code === 0 || code >= 0x10ffff || end - pos >= 10) return null;
  } else {
    while (isAlpha(src.at(end))) end++;
    const name = src.slice(pos + 1, end);
    const named: Record<string, number> = { lt: 0x3c, gt: 0x3e, amp: 0x26, quot: 0x22 };
    const found = named[name];
    if (found === undefined) return null;
    code = found;
  }
  if (src.at(end) === SEMI) return { code, next: end + 1, terminated: true };
  return { code, next: end, terminated: false };
}

interface OpenTag {
  tag: string;
  argument: string;
  expandable: boolean;
  utf16Offset: number;
  outByteOffset: number;
}

function strictError(ch: string, offset: number): EntityParseError {
  return new EntityParseError(
    `Unescaped "${ch}" at byte offset ${offset} (fake-only check; Telegram's docs require &amp;/&lt;/&gt; — pass strictHtmlEscaping: false to accept it as Telegram does)`,
  );
}

export function parseHtml(input: string, options: HtmlParseOptions = {}): ParsedText {
  const strict = options.strictEscaping ?? true;
  const src = new ByteCursor(input);
  const out = new TextBuilder();
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  // A lone surrogate half decoded from &#...; makes the text invalid, as in Telegram.
  let unmatchedSurrogate = false;

  for (let i = 0; i < src.size; i++) {
    const c = src.at(i);
    if (c === AMP) {
      const d = decodeEntity(src, i);
      if (d !== null && (d.terminated || !strict)) {
        let code = d.code;
        let next = d.next;
        if (code >= 0xd800 && code <= 0xdbff) {
          // &#55357;&#56832; is a surrogate pair spelled as two references; combine it.
          const low = src.at(next) === AMP ? decodeEntity(src, next) : null;
          if (low !== null && low.code >= 0xdc00 && low.code <= 0xdfff) {
            code = 0x10000 + ((code - 0xd800) << 10) + (low.code - 0xdc00);
            next = low.next;
          } else unmatchedSurrogate = true;
        } else if (code >= 0xdc00 && code <= 0xdfff) {
          unmatchedSurrogate = true;
        }
        out.pushCodePoint(code);
        i = next - 1;
        continue;
      }
      if (strict) throw strictError("&", i);
    }
    if (c === GT && strict) throw strictError(">", i);
    if (c !== LT) {
      out.pushByte(c);
      continue;
    }

    const begin = i++;
    if (src.at(i) !== SLASH) {
      // start tag
      while (!isSpace(src.at(i)) && src.at(i) !== GT) i++;
      if (i >= src.size) throw new EntityParseError(`Unclosed start tag at byte offset ${begin}`);
      const tag = src.slice(begin + 1, i).toLowerCase();
      if (!SUPPORTED_TAGS.has(tag)) {
        throw new EntityParseError(`Unsupported start tag "${tag}" at byte offset ${begin}`);
      }
      let argument = "";
      let expandable = false;
      while (src.at(i) !== GT) {
        while (i < src.size && isSpace(src.at(i))) i++;
        if (src.at(i) === GT) break;
        const attrBegin = i;
        while (!isSpace(src.at(i)) && src.at(i) !== EQ && src.at(i) !== GT) i++;
        const attrName = src.slice(attrBegin, i);
        if (attrName === "") {
          throw new EntityParseError(`Empty attribute name in the tag "${tag}" at byte offset ${begin}`);
        }
        while (i < src.size && isSpace(src.at(i))) i++;
        if (src.at(i) !== EQ) {
          if (tag === "blockquote" && attrName === "expandable") {
            expandable = true;
            continue;
          }
          if (i >= src.size) throw new EntityParseError(`Unclosed start tag "${tag}" at byte offset ${begin}`);
          throw new EntityParseError(
            `Expected equal sign in declaration of an attribute of the tag "${tag}" at byte offset ${begin}`,
          );
        }
        i++;
        while (i < src.size && isSpace(src.at(i))) i++;
        if (i >= src.size) throw new EntityParseError(`Unclosed start tag "${tag}" at byte offset ${begin}`);

        let value = "";
        const q = src.at(i);
        if (q !== SQUOTE && q !== DQUOTE) {
          // an unquoted name token: letters, digits, '.', '-'; case-insensitive
          const tokenBegin = i;
          while (isAlnum(src.at(i)) || src.at(i) === DOT || src.at(i) === DASH) i++;
          value = src.slice(tokenBegin, i).toLowerCase();
          if (!isSpace(src.at(i)) && src.at(i) !== GT) {
            throw new EntityParseError(`Unexpected end of name token at byte offset ${tokenBegin}`);
          }
        } else {
          i++;
          const valueBytes = new TextBuilder();
          while (i < src.size && src.at(i) !== q) {
            if (src.at(i) === AMP) {
              const d = decodeEntity(src, i);
              if (d !== null) {
                valueBytes.pushCodePoint(d.code);
                i = d.next;
                continue;
              }
            }
            valueBytes.pushByte(src.at(i));
            i++;
          }
          if (src.at(i) === q) i++;
          value = valueBytes.toString();
        }
        if (i >= src.size) throw new EntityParseError(`Unclosed start tag at byte offset ${begin}`);

        if (tag === "a" && attrName === "href") argument = value;
        else if (tag === "code" && attrName === "class" && value.startsWith("language-")) argument = value.slice(9);
        else if (tag === "span" && attrName === "class" && value.startsWith("tg-")) argument = value.slice(3);
        else if (tag === "tg-emoji" && attrName === "emoji-id") argument = value;
        else if (tag === "blockquote" && attrName === "expandable") expandable = true;
      }
      if (tag === "span" && argument !== "spoiler") {
        throw new EntityParseError(`Tag "span" must have class "tg-spoiler" at byte offset ${begin}`);
      }
      open.push({ tag, argument, expandable, utf16Offset: out.utf16, outByteOffset: out.byteLength });
    } else {
      // end tag
      const top = open[open.length - 1];
      if (top === undefined) throw new EntityParseError(`Unexpected end tag at byte offset ${begin}`);
      while (!isSpace(src.at(i)) && src.at(i) !== GT) i++;
      const endTag = src.slice(begin + 2, i).toLowerCase();
      while (i < src.size && isSpace(src.at(i))) i++;
      if (src.at(i) !== GT) throw new EntityParseError(`Unclosed end tag at byte offset ${begin}`);
      if (endTag !== "" && endTag !== top.tag) {
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${begin}, expected "</${top.tag}>", found "</${endTag}>"`,
        );
      }
      if (out.utf16 > top.utf16Offset) closeTag(top, out, entities);
      open.pop();
    }
  }
  const unclosed = open[open.length - 1];
  if (unclosed !== undefined) {
    // Telegram prints the tag name without quotes here.
    throw new EntityParseError(`Can't find end tag corresponding to start tag ${unclosed.tag}`);
  }
  const text = out.toString();
  if (unmatchedSurrogate) {
    throw new EntityParseError(
      "Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units",
    );
  }
  return { text, entities: sortEntities(entities) };
}

function closeTag(top: OpenTag, out: TextBuilder, entities: MessageEntity[]): void {
  const offset = top.utf16Offset;
  const length = out.utf16 - offset;
  switch (top.tag) {
    case "b":
    case "strong":
      entities.push({ type: "bold", offset, length });
      return;
    case "i":
    case "em":
      entities.push({ type: "italic", offset, length });
      return;
    case "u":
    case "ins":
      entities.push({ type: "underline", offset, length });
      return;
    case "s":
    case "strike":
    case "del":
      entities.push({ type: "strikethrough", offset, length });
      return;
    case "tg-spoiler":
    case "span":
      entities.push({ type: "spoiler", offset, length });
      return;
    case "blockquote":
      entities.push({ type: top.expandable ? "expandable_blockquote" : "blockquote", offset, length });
      return;
    case "tg-emoji": {
      if (!/^[0-9]+$/.test(top.argument) || BigInt(top.argument) === 0n) {
        throw new EntityParseError("Invalid custom emoji identifier specified");
      }
      entities.push({ type: "custom_emoji", offset, length, custom_emoji_id: top.argument });
      return;
    }
    case "a": {
      const raw = top.argument === "" ? out.sliceFrom(top.outByteOffset) : top.argument;
      const url = checkedLink(raw);
      // Telegram silently drops links it considers invalid rather than failing.
      if (url !== "") entities.push({ type: "text_link", offset, length, url });
      return;
    }
    case "pre": {
      const last = entities[entities.length - 1];
      // <pre><code class="language-x">…</code></pre> becomes one pre entity with a language.
      if (last?.type === "code" && last.offset === offset && last.length === length && codeLanguage.has(last)) {
        const language = codeLanguage.get(last) ?? "";
        entities[entities.length - 1] = { type: "pre", offset, length, language };
      } else {
        entities.push({ type: "pre", offset, length });
      }
      return;
    }
    case "code": {
      const last = entities[entities.length - 1];
      if (last?.type === "pre" && last.offset === offset && last.length === length && top.argument !== "") {
        entities[entities.length - 1] = { type: "pre", offset, length, language: top.argument };
      } else {
        const entity: MessageEntity = { type: "code", offset, length };
        if (top.argument !== "") codeLanguage.set(entity, top.argument);
        entities.push(entity);
      }
      return;
    }
    default:
      return;
  }
}

// A code entity's language matters only if a <pre> wraps it exactly; the
// Bot API never shows a language on "code", so it is kept off the object.
const codeLanguage = new WeakMap<MessageEntity, string>();
