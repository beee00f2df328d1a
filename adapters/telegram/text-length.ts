// Telegram measures text in UTF-16 code units, which is what JavaScript's
// String length counts. Pure.

/** Cuts `text` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutUtf16(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end);
}

/** `text` shortened to `max` units, ending in "…" when it was cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutUtf16(text, max - 1)}…`;
}

export function utf8ByteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
