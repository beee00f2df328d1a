// Neutral message -> Block Kit card plus the `text` fallback Slack shows in
// notifications and to screen readers. Every character of message text is
// user-derived as far as this file knows, so all of it is escaped
// (mrkdwn.ts); the only control sequence written here is the mention of the
// person the core names. Pure.
//
//   title   -> header block (plain text; a bold section if longer than 150)
//   text    -> section(s), mrkdwn, at most 3000 characters each
//   fields  -> section fields, ten per section
//   code    -> section(s) with a ``` block (text and code share what room the
//              50-block limit leaves)
//   footer  -> context block
//   buttons -> one actions block per row; action_id unique in the message,
//              value = the core's actionId
import type { types } from "@slack/bolt";
import { mentionsOf, type RenderedButton, type RenderedMessage, withMentionHint } from "../../src/core/messages.js";
import { parseSlackId } from "./ids.js";
import { ACTION_ID_PREFIX } from "./inbound.js";
import { escapeMrkdwn, splitMrkdwn, truncateMrkdwn, truncatePlain } from "./mrkdwn.js";

type Block = types.KnownBlock;

/** Slack's Block Kit limits for messages. */
export const BLOCK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fields: 10,
  fieldText: 2000,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  /** The fallback `text` is for notifications: a card's worth is plenty. */
  fallbackText: 3000,
} as const;

export interface SlackCard {
  text: string;
  blocks: Block[];
}

export function renderCard(shown: RenderedMessage): SlackCard {
  // A channel's bot hears only mentions: a question says how to answer (the footer's context line).
  const message = withMentionHint(shown);
  const mention = mentionOf(message);
  const title = titleBlocks(message.title);
  const fields = fieldBlocks(message);
  const footer = footerBlocks(message);
  const buttons = buttonBlocks(message.buttons ?? []);
  // Text and code are what can run long; they share whatever room Slack's
  // 50-block limit leaves, and a cut shows as "…".
  let text = textBlocks(mention, message.text);
  let code = codeBlocks(message.code);
  const room = BLOCK_LIMITS.blocks - title.length - fields.length - footer.length - buttons.length;
  if (text.length + code.length > room) {
    const keep = Math.max(0, room - 1);
    text = text.slice(0, keep);
    code = [...code.slice(0, Math.max(0, keep - text.length)), ellipsisBlock()];
  }
  return {
    text: fallbackText(message, mention),
    blocks: [...title, ...text, ...fields, ...code, ...footer, ...buttons],
  };
}

/** A mention of a Slack identity pings it; anyone else is named, escaped. Several are joined by spaces. */
function mentionOf(message: RenderedMessage): string {
  return mentionsOf(message)
    .map((mention) => {
      const slack = parseSlackId(mention.identityId);
      if (slack) return `<@${slack.id}>`;
      return mention.name ? `@${escapeMrkdwn(mention.name)}` : "";
    })
    .filter((m) => m.length > 0)
    .join(" ");
}

function mrkdwn(text: string): types.MrkdwnElement {
  // verbatim: Slack does no auto-linking of channel names or bare @words.
  return { type: "mrkdwn", text, verbatim: true };
}

function section(text: string): Block {
  return { type: "section", text: mrkdwn(text) };
}

function titleBlocks(title: string | undefined): Block[] {
  const clean = title?.trim();
  if (!clean) return [];
  if (clean.length <= BLOCK_LIMITS.headerText) return [{ type: "header", text: { type: "plain_text", text: clean } }];
  return [section(truncateMrkdwn(`*${escapeMrkdwn(clean)}*`, BLOCK_LIMITS.sectionText))];
}

function textBlocks(mention: string, text: string): Block[] {
  const escaped = escapeMrkdwn(text);
  const full = mention && escaped ? `${mention} ${escaped}` : mention || escaped;
  if (!full.trim()) return [];
  return splitMrkdwn(full, BLOCK_LIMITS.sectionText)
    .filter((part) => part.trim())
    .map(section);
}

function codeBlocks(code: string | undefined): Block[] {
  if (!code) return [];
  const fence = "```";
  const room = BLOCK_LIMITS.sectionText - 2 * (fence.length + 1);
  return splitMrkdwn(escapeMrkdwn(code), room).map((part) => section(`${fence}\n${part}\n${fence}`));
}

function fieldBlocks(message: RenderedMessage): Block[] {
  const fields = (message.fields ?? []).map((field) =>
    mrkdwn(truncateMrkdwn(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value)}`, BLOCK_LIMITS.fieldText)),
  );
  const blocks: Block[] = [];
  for (let i = 0; i < fields.length; i += BLOCK_LIMITS.fields) {
    blocks.push({ type: "section", fields: fields.slice(i, i + BLOCK_LIMITS.fields) });
  }
  return blocks;
}

function footerBlocks(message: RenderedMessage): Block[] {
  const footer = message.footer?.trim();
  if (!footer) return [];
  return [{ type: "context", elements: [mrkdwn(truncateMrkdwn(escapeMrkdwn(footer), BLOCK_LIMITS.contextText))] }];
}

function buttonBlocks(rows: RenderedButton[][]): Block[] {
  const blocks: Block[] = [];
  rows.forEach((row, r) => {
    for (let start = 0; start < row.length; start += BLOCK_LIMITS.actionsElements) {
      const elements = row.slice(start, start + BLOCK_LIMITS.actionsElements).map((button, i) => {
        const element: types.Button = {
          type: "button",
          // Unique within the message, as Slack requires; the value carries the action.
          action_id: `${ACTION_ID_PREFIX}${r}.${start + i}`,
          text: { type: "plain_text", text: truncatePlain(button.label.trim() || "…", BLOCK_LIMITS.buttonText) },
          value: button.actionId,
        };
        if (button.style === "primary" || button.style === "danger") element.style = button.style;
        return element;
      });
      blocks.push({ type: "actions", elements });
    }
  });
  return blocks;
}

function ellipsisBlock(): Block {
  return { type: "context", elements: [mrkdwn("…")] };
}

/** What notifications and screen readers show; never empty, as Slack wants. */
function fallbackText(message: RenderedMessage, mention: string): string {
  const title = message.title?.trim() ? escapeMrkdwn(message.title.trim()) : "";
  const body = escapeMrkdwn(message.text).trim();
  const text = title
    ? [[mention, title].filter(Boolean).join(" "), body].filter(Boolean).join("\n")
    : [mention, body].filter(Boolean).join(" ");
  const firstField = message.fields?.[0];
  const alternative =
    (firstField && escapeMrkdwn(`${firstField.label}: ${firstField.value}`)) ||
    (message.code && escapeMrkdwn(message.code)) ||
    (message.attachment && escapeMrkdwn(message.attachment.filename)) ||
    "Talkoot";
  return truncateMrkdwn(text.trim() ? text : alternative, BLOCK_LIMITS.fallbackText);
}
