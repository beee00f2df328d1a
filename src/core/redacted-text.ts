// What stands in for free text that retention or erasure removed. Stored
// as this marker; each reader shows it in their own language.
export const REDACTED_TEXT = "[redacted]";

/** The stored text, or the reader's word for "removed" where it was redacted. */
export function shownText(text: string, removed: () => string): string {
  return text === REDACTED_TEXT ? removed() : text;
}
