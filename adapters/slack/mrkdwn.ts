// Slack mrkdwn for text that came from people. Slack reads only three
// characters as markup that can ping or link: & < >. Escaped, user text can
// never form <!channel>, <!here>, <@U…> or <#C…>; the only control sequences in
// a Talkoot message are the ones render.ts writes itself. Pure.

/** Escapes &, < and > as Slack asks, so user text is shown and never parsed as a control sequence. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Splits already-escaped mrkdwn into pieces of at most `max` characters,
 * preferring line, then word boundaries, and never cutting an entity (&amp;),
 * a control sequence (<@U1>) or a surrogate pair in two.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  if (max < 16) throw new RangeError("max is too small to split mrkdwn safely");
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = safeCut(rest, max);
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, "");
  }
  if (rest.length > 0 || parts.length === 0) parts.push(rest);
  return parts;
}

/** Shortens escaped mrkdwn to at most `max` characters, ending with "…" when it cut. */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, safeCut(text, max - 1))}…`;
}

/** Shortens plain text (plain_text objects) to `max` characters, ending with "…". */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

/** The largest index <= max at which `text` can be cut without breaking an entity, a <…> or a surrogate pair. */
function safeCut(text: string, max: number): number {
  let cut = max;
  const amp = text.lastIndexOf("&", cut - 1);
  if (amp >= 0 && amp > cut - 6 && !text.slice(amp, cut).includes(";")) cut = amp;
  const open = text.lastIndexOf("<", cut - 1);
  if (open >= 0 && text.indexOf(">", open) >= cut) cut = open;
  if (isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return cut > 0 ? cut : max;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
