// What the bot shows of text that users typed, on every platform: it never
// pings a crowd (mentions.ts) and never reorders itself (bidi-controls.ts).
import { stripBidiControls } from "./bidi-controls.js";
import { neutraliseMentions } from "./mentions.js";

export function safeUserText(text: string): string {
  return neutraliseMentions(stripBidiControls(text));
}
