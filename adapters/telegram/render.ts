// A neutral message as Telegram HTML. Pure.
//
//   [mention] <b>Title</b>
//   text
//
//   <b>Label:</b> value
//   <b>Label:</b> value
//
//   <pre>code</pre>
//
//   <i>footer</i>
//
// All text is escaped (& < >), so nothing a user typed can open a tag. Telegram
// counts the limit (4096 for a message, 1024 for a caption) on the visible text
// after parsing, so lengths are measured on the plain parts, never on the HTML.
// The core already splits long `text`; fields, code and the footer can still
// push a card over the limit (a 5,000-character description in a field), so
// the card is laid out in pages: blocks are packed greedily, and a block that
// alone is too long is cut at line or word boundaries. Nothing is lost on send;
// an edit, which must stay one message, keeps the first page and says "[…]".
import { mentionsOf, type RenderedMessage } from "../../src/core/messages.js";
import { escapeHtml } from "./html-escape.js";
import { shorten } from "./text-length.js";

export interface TelegramPage {
  html: string;
  /** UTF-16 length of the text Telegram will show (tags removed, entities decoded). */
  visibleLength: number;
}

export interface RenderOptions {
  /** Most visible characters one message (or caption) may hold. */
  limit: number;
}

/** Marks an edited card that had to be shortened to fit one message. */
export const TRUNCATION_NOTICE = "[…]";
/** Shown for a mention the core could not name. */
const MENTION_FALLBACK = "👤";

type BlockKind = "title" | "text" | "label" | "continuation" | "code" | "footer";

interface Block {
  kind: BlockKind;
  content: string;
  /** For `label` blocks: the field's label. */
  label?: string;
  /** Visible text and HTML put before the block (the mention), joined with a space. */
  lead?: { visible: string; html: string };
  /** What separates this block from the one before it on the same page. */
  separator: string;
}

export function renderPages(message: RenderedMessage, options: RenderOptions): TelegramPage[] {
  return pack(blocksOf(message), options.limit);
}

/** One page whatever the length (for edits): the first page, marked when the rest was cut. */
export function renderOnePage(message: RenderedMessage, options: RenderOptions): TelegramPage {
  const pages = renderPages(message, options);
  if (pages.length === 1) return pages[0]!;
  const room = options.limit - TRUNCATION_NOTICE.length - 2;
  const first = renderPages(message, { ...options, limit: room })[0]!;
  return {
    html: `${first.html}\n\n${TRUNCATION_NOTICE}`,
    visibleLength: first.visibleLength + 2 + TRUNCATION_NOTICE.length,
  };
}

function blocksOf(message: RenderedMessage): Block[] {
  const blocks: Block[] = [];
  if (message.title) blocks.push({ kind: "title", content: message.title, separator: "\n" });
  if (message.text) blocks.push({ kind: "text", content: message.text, separator: "\n" });
  message.fields?.forEach((field, index) => {
    // Labels are short by design; capping them keeps every cut of a long value able to fit.
    const label = shorten(field.label, 200);
    blocks.push({ kind: "label", label, content: field.value, separator: index === 0 ? "\n\n" : "\n" });
  });
  if (message.code) blocks.push({ kind: "code", content: message.code, separator: "\n\n" });
  if (message.footer) blocks.push({ kind: "footer", content: message.footer, separator: "\n\n" });
  // Telegram refuses an empty message; a card of buttons alone still needs a line.
  const people = mentionsOf(message);
  if (blocks.length === 0 && people.length === 0) blocks.push({ kind: "text", content: "…", separator: "\n" });
  if (people.length > 0) {
    const leads = people.map((m) => mentionLead(m.identityId, m.name));
    const lead = { visible: leads.map((l) => l.visible).join(", "), html: leads.map((l) => l.html).join(", ") };
    const first = blocks[0];
    if (first) first.lead = lead;
    else blocks.push({ kind: "text", content: "", lead, separator: "\n" });
  }
  return blocks;
}

function mentionLead(identityId: string, name: string): { visible: string; html: string } {
  const visible = name || MENTION_FALLBACK;
  const userId = /^telegram:(\d+)$/.exec(identityId)?.[1];
  // A text mention reaches the user even without a username; other platforms' people are just named.
  const html = userId ? `<a href="tg://user?id=${userId}">${escapeHtml(visible)}</a>` : escapeHtml(visible);
  return { visible, html };
}

function visibleOf(block: Block): string {
  const body = block.kind === "label" ? `${block.label}: ${block.content}` : block.content;
  if (!block.lead) return body;
  return body ? `${block.lead.visible} ${body}` : block.lead.visible;
}

function htmlOf(block: Block): string {
  const text = escapeHtml(block.content);
  let body: string;
  switch (block.kind) {
    case "title":
      body = `<b>${text}</b>`;
      break;
    case "label":
      body = `<b>${escapeHtml(block.label ?? "")}:</b> ${text}`;
      break;
    case "code":
      body = `<pre>${text}</pre>`;
      break;
    case "footer":
      body = `<i>${text}</i>`;
      break;
    default:
      body = text;
  }
  if (!block.lead) return body;
  return block.content ? `${block.lead.html} ${body}` : block.lead.html;
}

/** Below this much room, a long block starts a new page rather than leave a sliver on this one. */
function minimumFill(limit: number): number {
  return Math.min(200, Math.floor(limit / 4));
}

/**
 * Greedy: each block goes on the current page if it fits; a block that does
 * not fit fills the rest of the page and goes on, cut at a line or word
 * boundary, on the next. A field's value goes on without its label.
 */
function pack(blocks: Block[], limit: number): TelegramPage[] {
  const pages: TelegramPage[] = [];
  let html = "";
  let visible = 0;
  const flush = () => {
    pages.push({ html, visibleLength: visible });
    html = "";
    visible = 0;
  };
  const add = (block: Block) => {
    const blockVisible = visibleOf(block).length;
    html = visible > 0 ? html + block.separator + htmlOf(block) : htmlOf(block);
    visible = visible > 0 ? visible + block.separator.length + blockVisible : blockVisible;
  };
  const queue = [...blocks];
  while (queue.length > 0) {
    const block = queue.shift()!;
    const length = visibleOf(block).length;
    let room = visible > 0 ? limit - visible - block.separator.length : limit;
    if (length <= room) {
      add(block);
      continue;
    }
    const overhead = length - block.content.length;
    if (visible > 0 && room - overhead < minimumFill(limit)) {
      flush();
      room = limit;
      if (length <= room) {
        add(block);
        continue;
      }
    }
    const [head, tail] = cutText(block.content, Math.max(1, room - overhead));
    add({ ...block, content: head });
    flush();
    const kind: BlockKind = block.kind === "label" ? "continuation" : block.kind;
    if (tail.trim() !== "") queue.unshift({ kind, content: tail, separator: "\n" });
  }
  if (visible > 0 || pages.length === 0) flush();
  return pages;
}

/** Cuts text to at most `max` units, preferring a line end, then a space, in the second half (as splitText does). */
function cutText(text: string, max: number): [string, string] {
  let cut = text.lastIndexOf("\n", max);
  if (cut < max / 2) cut = text.lastIndexOf(" ", max);
  if (cut < max / 2) cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return [text.slice(0, cut).trimEnd(), text.slice(cut).replace(/^[\n ]/, "")];
}
