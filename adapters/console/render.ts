// Neutral message -> terminal text. Pure.
import { mentionsOf, type RenderedMessage } from "../../src/core/messages.js";

export interface ConsoleFrame {
  /** "#general", "@alice" */
  where: string;
  note?: string;
}

export function renderForConsole(message: RenderedMessage, frame: ConsoleFrame): string {
  const header = `[${frame.where}${frame.note ? `, ${frame.note}` : ""}]`;
  const lines: string[] = [];
  const names = mentionsOf(message).filter((m) => m.name);
  const mention = names.length > 0 ? `${names.map((m) => `@${m.name}`).join(" ")} ` : "";
  if (message.title) lines.push(`${mention}${message.title}`);
  const text = message.title ? message.text : `${mention}${message.text}`;
  if (text) lines.push(...text.split("\n"));
  for (const field of message.fields ?? []) lines.push(`${field.label}: ${field.value}`);
  if (message.code) lines.push("```", ...message.code.split("\n"), "```");
  if (message.attachment) {
    // Shown as lines of text: a CSV's byte-order mark and CRLF are for spreadsheets, not terminals.
    const content = message.attachment.content.replace(/^\uFEFF/, "").trimEnd();
    lines.push(`(file ${message.attachment.filename})`, ...content.split(/\r?\n/));
  }
  if (message.footer) lines.push(`— ${message.footer}`);
  const buttons = (message.buttons ?? []).flat();
  if (buttons.length) lines.push(buttons.map((b, i) => `[${i + 1}] ${b.label}`).join("  "));
  // The terminal's "reply field": the next plain line typed is the answer.
  if (message.askReply) lines.push(`✎ ${message.askReply.placeholder}…`);
  return `${header}\n${lines.map((line) => `  ${line}`).join("\n")}\n`;
}
