// Tokenises a command line: `/cmd sub args --flag value` with quoted strings.
// Pure; the router binds the tokens to a command's declared flags.
//
// Phones "improve" what people type, so: an em or en dash that starts a word
// counts as `--`, and curly quotes count as straight ones.

export const MAX_COMMAND_LENGTH = 8000;

export interface Token {
  text: string;
  /** Quoted tokens are never flags, even when they start with `--`. */
  quoted: boolean;
}

export interface TokenizedCommand {
  /** Lower-cased command name without the slash or an `@BotName` suffix. */
  name: string;
  tokens: Token[];
}

export type TokenizeError =
  | { error: "empty" }
  | { error: "notCommand" }
  | { error: "tooLong"; max: number }
  | { error: "controlCharacters" }
  | { error: "unterminatedQuote"; quote: string };

const OPENING_QUOTES: Record<string, string> = {
  '"': '"',
  "'": "'",
  "\u201c": "\u201d", // “ ”
  "\u201d": "\u201d", // ” used as an opening quote by some keyboards
  "\u201e": "\u201d", // „ ”
  "\u2018": "\u2019", // ‘ ’
  "\u00ab": "\u00bb", // « »
};
const CLOSERS_FOR = (open: string): string[] => {
  const close = OPENING_QUOTES[open] ?? open;
  // Mixed straight and curly quotes happen; accept the matching straight one too.
  return open === "'" || open === "\u2018" ? [close, "'"] : [close, '"'];
};

/** C0 and C1 controls other than tab and newline, plus DEL. */
function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

export function tokenizeCommand(input: string): TokenizedCommand | TokenizeError {
  const line = input.trim();
  if (line.length === 0) return { error: "empty" };
  if (line.length > MAX_COMMAND_LENGTH) return { error: "tooLong", max: MAX_COMMAND_LENGTH };
  if (hasControlCharacters(line)) return { error: "controlCharacters" };
  if (!line.startsWith("/")) return { error: "notCommand" };

  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const ch = line[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const closers = ch in OPENING_QUOTES ? CLOSERS_FOR(ch) : null;
    if (closers) {
      let j = i + 1;
      let text = "";
      while (j < line.length && !closers.includes(line[j]!)) {
        // A backslash escapes the next character inside quotes: "say \"hi\"".
        if (line[j] === "\\" && j + 1 < line.length) j++;
        text += line[j];
        j++;
      }
      if (j >= line.length) return { error: "unterminatedQuote", quote: ch };
      tokens.push({ text, quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j]!)) j++;
    tokens.push({ text: normaliseDashes(line.slice(i, j)), quoted: false });
    i = j;
  }

  const first = tokens.shift();
  const name = (first?.text ?? "")
    .slice(1)
    .replace(/@[\w.]+$/, "")
    .toLowerCase();
  if (!name) return { error: "notCommand" };
  return { name, tokens };
}

/** "—when" or "–when" as typed on a phone means "--when". */
function normaliseDashes(word: string): string {
  return word.replace(/^(?:\u2014|\u2013|-\u2013|\u2013-|\u2014-)(?=\S)/, "--");
}

export function isTokenizeError(value: TokenizedCommand | TokenizeError): value is TokenizeError {
  return "error" in value;
}

/**
 * The command in words said to the bot (after its mention, in a reply to
 * it, in its direct chat): "help", "/help" and "task list" become "/help"
 * and "/task list" when the first word names a command; undefined for talk,
 * which stays ignored.
 */
export function addressedCommandLine(said: string, isCommand: (name: string) => boolean): string | undefined {
  const trimmed = said.trim();
  const line = trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
  const name = /^\/([^\s@]+)/.exec(line)?.[1]?.toLowerCase();
  return name && isCommand(name) ? line : undefined;
}
