// A neutral message as Discord messages (API shapes, ready for REST). Pure.
//   plain text   -> `content`, escaped, split at Discord's 2,000 characters
//   a card       -> an embed (title, description, fields, footer)
//   buttons      -> action rows: at most 5 buttons a row and 5 rows; more
//                   become "/press <id>" lines, as the core's own fallback
//   a file       -> an attachment on the last message
//   a mention    -> `<@id>`, and that one person is the only one pinged
// Every message says `allowed_mentions: { parse: [] }`, so no text, however
// escaped or not, can ping @everyone, @here, a role or a user.
import {
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from "discord.js";
import { mentionsOf, type RenderedButton, type RenderedMessage, withMentionHint } from "../../src/core/messages.js";
import { splitText } from "../../src/core/text-split.js";
import { DISCORD_EMBED_DESCRIPTION_LIMIT, DISCORD_TEXT_LIMIT } from "./capabilities.js";
import { parseIdentityId } from "./ids.js";

export const MAX_BUTTONS_PER_ROW = 5;
export const MAX_ROWS = 5;
const MAX_LABEL = 80;
const MAX_CUSTOM_ID = 100;
const MAX_TITLE = 256;
const MAX_FIELD_NAME = 256;
const MAX_FIELD_VALUE = 1024;
const MAX_FIELDS = 25;
const MAX_FOOTER = 2048;
/** Discord's limit for all text of all embeds of one message. */
const MAX_EMBED_TOTAL = 6000;

export interface DiscordFile {
  name: string;
  data: Buffer;
  contentType: string;
}

/** The JSON body of one message create or edit, and its files. */
export interface DiscordMessage {
  body: {
    content: string;
    embeds: APIEmbed[];
    components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
    allowed_mentions: APIAllowedMentions;
    message_reference?: { message_id: string; fail_if_not_exists: false };
    attachments?: Array<{ id: number; filename: string }>;
  };
  files: DiscordFile[];
}

const ESCAPE_ALL = {
  bold: true,
  bulletedList: true,
  codeBlock: true,
  codeBlockContent: true,
  escape: true,
  heading: true,
  inlineCode: true,
  inlineCodeContent: true,
  italic: true,
  maskedLink: true,
  numberedList: true,
  spoiler: true,
  strikethrough: true,
  underline: true,
} as const;

/** Text shown exactly as typed: no markdown, no links, no quotes, no subtext. */
export function escapeText(text: string): string {
  return escapeMarkdown(text, ESCAPE_ALL)
    .replace(/^(\s*)>/gm, "$1\\>")
    .replace(/^(\s*)-#/gm, "$1\\-#");
}

/** A code block that no content can close early. */
export function codeBlock(code: string): string {
  return `\`\`\`\n${code.replace(/```/g, "`\u200b``")}\n\`\`\``;
}

/** The messages that show `message`: usually one; several when its text is long. */
export function renderMessage(shown: RenderedMessage): DiscordMessage[] {
  // Without Message Content a channel's bot hears only mentions and replies: a question says so (the embed's footer).
  const message = withMentionHint(shown);
  const { rows, overflow } = layoutButtons(message.buttons ?? []);
  const text = overflow.length ? `${message.text}\n\n${overflow.join("\n")}` : message.text;
  const mention = mentionOf(message);
  const isCard = Boolean(message.title || message.fields?.length || message.footer);
  const code = message.code === undefined ? "" : codeBlock(message.code);

  let bodies: Array<{ content: string; embeds: APIEmbed[] }>;
  if (isCard) {
    bodies = [{ content: mention.prefix.trim(), embeds: [cardEmbed(message, text, code)] }];
  } else {
    const room = DISCORD_TEXT_LIMIT - mention.prefix.length - (code ? code.length + 1 : 0);
    const parts = code && room < 200 ? [...escapedParts(text, DISCORD_TEXT_LIMIT), code] : escapedParts(text, room);
    if (code && room >= 200) parts[parts.length - 1] = joinLines(parts.at(-1)!, code);
    bodies = parts.map((content, index) => ({
      content: index === 0 ? `${mention.prefix}${content}`.slice(0, DISCORD_TEXT_LIMIT) : content,
      embeds: [],
    }));
  }

  return bodies.map((body, index): DiscordMessage => {
    const last = index === bodies.length - 1;
    const attachment = last ? message.attachment : undefined;
    return {
      body: {
        content: body.content,
        embeds: body.embeds,
        components: last ? rows : [],
        allowed_mentions: mention.allowed,
        ...(message.replyTo && index === 0
          ? { message_reference: { message_id: message.replyTo.messageId, fail_if_not_exists: false } }
          : {}),
        ...(attachment ? { attachments: [{ id: 0, filename: attachment.filename }] } : {}),
      },
      files: attachment
        ? [
            {
              name: attachment.filename,
              data: Buffer.from(attachment.content, "utf8"),
              contentType: attachment.mimeType,
            },
          ]
        : [],
    };
  });
}

/** One message for an edit: a longer text is cut visibly rather than split (an edit replaces one message). */
export function renderEdit(message: RenderedMessage): DiscordMessage {
  const parts = renderMessage({ ...message, attachment: undefined, replyTo: undefined });
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const last = parts.at(-1)!;
  const content = `${first.body.content.slice(0, DISCORD_TEXT_LIMIT - 2).replace(/\\$/, "")}\n…`;
  return { ...first, body: { ...first.body, content, components: last.body.components } };
}

function cardEmbed(message: RenderedMessage, text: string, code: string): APIEmbed {
  const embed: APIEmbed = {};
  if (message.title) embed.title = clip(escapeText(message.title), MAX_TITLE);
  const description = joinLines(escapeText(text), code);
  if (description) embed.description = clip(description, DISCORD_EMBED_DESCRIPTION_LIMIT);
  const fields: APIEmbedField[] = (message.fields ?? []).slice(0, MAX_FIELDS).map((field) => ({
    name: clip(escapeText(field.label), MAX_FIELD_NAME) || "\u200b",
    value: clip(escapeText(field.value), MAX_FIELD_VALUE) || "\u200b",
    inline: field.value.length <= 40,
  }));
  if (fields.length) embed.fields = fields;
  // Footers show no markdown, so their text needs no escaping.
  if (message.footer) embed.footer = { text: clip(message.footer, MAX_FOOTER) };
  return withinEmbedTotal(embed);
}

/** Shortens the description until the embed's text fits Discord's 6,000 in all. */
function withinEmbedTotal(embed: APIEmbed): APIEmbed {
  const others =
    (embed.title?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  const room = MAX_EMBED_TOTAL - others;
  if (embed.description && embed.description.length > room) embed.description = clip(embed.description, room);
  return embed;
}

/** Splits raw text so that each part, once escaped, fits `max`; never cuts inside an escape. */
export function escapedParts(text: string, max: number): string[] {
  if (!text) return [""];
  const out: string[] = [];
  let size = max;
  const queue = splitText(text, size);
  while (queue.length) {
    const raw = queue.shift()!;
    const escaped = escapeText(raw);
    if (escaped.length <= max) {
      out.push(escaped);
      continue;
    }
    // Escaping made it longer: split this part smaller and try again.
    size = Math.max(1, Math.floor((size * max) / escaped.length) - 1);
    queue.unshift(...splitText(raw, size));
  }
  return out;
}

/** Rows of at most 5 buttons, at most 5 rows; what does not fit becomes `/press` lines. */
export function layoutButtons(rows: RenderedButton[][]): {
  rows: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  overflow: string[];
} {
  const packed: RenderedButton[][] = [];
  for (const row of rows) {
    for (let i = 0; i < row.length; i += MAX_BUTTONS_PER_ROW) packed.push(row.slice(i, i + MAX_BUTTONS_PER_ROW));
  }
  const shown = packed.slice(0, MAX_ROWS);
  const overflow = packed
    .slice(MAX_ROWS)
    .flat()
    .map((b) => `${b.label}: /press ${b.actionId}`);
  return {
    rows: shown.map((row) => ({
      type: ComponentType.ActionRow,
      components: row.map(
        (button): APIButtonComponentWithCustomId => ({
          type: ComponentType.Button,
          style: styleOf(button.style),
          label: clip(button.label, MAX_LABEL) || "…",
          custom_id: button.actionId.slice(0, MAX_CUSTOM_ID),
        }),
      ),
    })),
    overflow,
  };
}

function styleOf(style: RenderedButton["style"]): ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger {
  if (style === "primary") return ButtonStyle.Primary;
  if (style === "danger") return ButtonStyle.Danger;
  return ButtonStyle.Secondary;
}

/** The mentions the core asks for: a ping of each Discord user named, the names of people elsewhere. */
function mentionOf(message: RenderedMessage): { prefix: string; allowed: APIAllowedMentions } {
  const users: string[] = [];
  const parts: string[] = [];
  for (const mention of mentionsOf(message)) {
    const userId = parseIdentityId(mention.identityId);
    if (userId) {
      parts.push(`<@${userId}>`);
      // Discord takes at most 100 users in allowed_mentions; the core splits bigger groups before this.
      if (users.length < 100) users.push(userId);
    } else if (mention.name) parts.push(escapeText(mention.name));
  }
  if (parts.length === 0) return { prefix: "", allowed: { parse: [] } };
  const prefix = users.length > 0 ? `${parts.join(" ")} ` : `${parts.join(", ")}: `;
  return { prefix, allowed: users.length > 0 ? { parse: [], users } : { parse: [] } };
}

function joinLines(a: string, b: string): string {
  return [a, b].filter((s) => s.length > 0).join("\n");
}

function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  // Never end on a lone backslash (it would escape the ellipsis) or half a surrogate pair.
  while (cut > 0 && (text[cut - 1] === "\\" || /[\ud800-\udbff]/.test(text[cut - 1]!))) cut--;
  return `${text.slice(0, cut)}…`;
}
