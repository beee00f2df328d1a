// Blanking a person out of free text and of stored JSON, for erasure. Pure.
// Contact details are matched by shape (an e-mail address, a phone number);
// names, handles and platform ids by the person's own list.

export const REDACTED = "[redacted]";

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// A phone number: an optional +, then 7 or more digits with spaces, dots, dashes or brackets between.
const PHONE = /(?:\+|\b)\d(?:[\s().-]*\d){6,}\b/g;
/** A date or time (2026-12-04, 2026-12-04T08:00:00) has the digits of a phone number but is not one. */
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}/;

/** Needles shorter than this are only blanked where a whole text equals them (a name "Bo" must not eat "Boat"). */
const SHORTEST_SUBSTRING = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A redactor for one person: their needles (names, handles, ids), and any e-mail address or phone number. */
export function redactorFor(needles: readonly string[]): (text: string) => string {
  const wanted = [...new Set(needles.map((n) => n.trim()).filter(Boolean))];
  const long = wanted.filter((n) => n.length >= SHORTEST_SUBSTRING).sort((a, b) => b.length - a.length);
  const pattern = long.length ? new RegExp(long.map(escapeRegExp).join("|"), "giu") : undefined;
  const whole = new Set(wanted.map((n) => n.toLowerCase()));
  return (text) => {
    if (whole.has(text.trim().toLowerCase())) return REDACTED;
    let out = text.replace(EMAIL, REDACTED).replace(PHONE, (found) => (DATE_LIKE.test(found) ? found : REDACTED));
    if (pattern) out = out.replace(pattern, REDACTED);
    return out;
  };
}

/** The same redaction applied to every string inside a JSON text (keys stay). Invalid JSON is redacted as text. */
export function redactJson(json: string, redact: (text: string) => string): string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return redact(json);
  }
  return JSON.stringify(redactValue(value, redact));
}

function redactValue(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, redact)]));
  }
  return value;
}
