// Secrets are removed from log output by value, not only by key: an SDK's
// error carries a request URL (`…/bot<token>/sendMessage`), a nested cause,
// an HTTP client's config with its Authorization header, none of which sit
// under a key we could name in advance. The redactor runs on each finished
// log line, so every string of the record is covered, however deep.

export const REDACTED = "[redacted]";

/** Shorter values would blank ordinary words out of every log line. */
const MIN_SECRET_LENGTH = 6;

/**
 * Token shapes, for secrets that were never configured (a token pasted into a
 * message, another bot's token): Telegram, Slack bot/user/app tokens, Discord,
 * Open311 keys, the token in a Bot API path, and a URL's password.
 */
const TOKEN_SHAPES: ReadonlyArray<{ pattern: RegExp; replacement: string }> = [
  { pattern: /\d{6,}:[A-Za-z0-9_-]{30,}/g, replacement: REDACTED },
  { pattern: /xox[abprs]-[A-Za-z0-9-]{6,}/g, replacement: REDACTED },
  { pattern: /xapp-[A-Za-z0-9-]{6,}/g, replacement: REDACTED },
  { pattern: /[A-Za-z0-9_-]{23,}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g, replacement: REDACTED },
  { pattern: /t311_[A-Za-z0-9_-]{10,}/g, replacement: REDACTED },
  { pattern: /\/bot[^/\s"'\\]{10,}\//g, replacement: `/bot${REDACTED}/` },
  { pattern: /(\/\/[^/\s:@"'\\]*:)[^@\s"'\\/]+@/g, replacement: `$1${REDACTED}@` },
];

export class SecretRedactor {
  /** Each secret in every form it may take in a log line, longest first. */
  private forms: string[] = [];

  constructor(secrets: Iterable<string | undefined> = []) {
    this.add(secrets);
  }

  /** Adds secrets (unset values and values too short to be secrets are skipped). */
  add(secrets: Iterable<string | undefined>): void {
    const forms = new Set(this.forms);
    for (const secret of secrets) {
      if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
      for (const form of formsOf(secret)) forms.add(form);
    }
    this.forms = [...forms].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const form of this.forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
    for (const { pattern, replacement } of TOKEN_SHAPES) out = out.replace(pattern, replacement);
    return out;
  }
}

/** As written, percent-encoded (in a URL) and JSON-escaped (in a log line). */
function formsOf(secret: string): string[] {
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)];
}
