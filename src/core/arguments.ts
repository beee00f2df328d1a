// Binds tokens to what a command declares: positional arguments and typed
// flags. Pure; every failure is a value the router turns into a usage line.
import type { Token } from "./command-line.js";
import type { Suggest } from "./suggestions.js";

export type FlagKind = "string" | "boolean" | "int";

/** What a typed platform (Discord's slash commands) needs beyond the kind: a description and fixed choices. */
export interface FlagDeclaration {
  kind: FlagKind;
  /** i18n key of a one-line description, e.g. "tasks:options.when". */
  description: string;
  /** The only values the flag takes, where they are fixed ("members", "coordinators"). */
  choices?: readonly string[];
  /** Offers values as the person types (ids they would otherwise copy). */
  suggest?: Suggest;
}

/** A flag is declared by its kind alone (enough for typed lines) or in full (for typed platforms). */
export type FlagSpec = Record<string, FlagKind | FlagDeclaration>;
export type FlagValues = Record<string, string | number | boolean | undefined>;

/** A positional argument, named and described for typed platforms; the text grammar binds by position. */
export interface ParamDeclaration {
  /** Lower-case option name: "title", "task", "category". */
  name: string;
  /** i18n key of a one-line description. */
  description: string;
  /** "user": a person, written as the neutral mention `<@platform:id>`. Default "string". */
  kind?: "string" | "int" | "user";
  choices?: readonly string[];
  /** Several values in a row, at most this many (poll options): option1…optionN on typed platforms. */
  repeat?: number;
  /**
   * How many of its values typed platforms ask for, where the handler checks
   * their absence itself with a better line than the usage (a poll's question
   * and first two options). Beyond `min`, which always counts.
   */
  required?: number;
  suggest?: Suggest;
}

export interface ArgumentSpec {
  flags?: FlagSpec;
  /** Names and descriptions of the positional arguments, in order (required ones are the first `min`). */
  params?: readonly ParamDeclaration[];
  /** Fewest positional arguments. */
  min?: number;
  /** Most positional arguments; extra words join the last one when `rest` is set. */
  max?: number;
  /** Join every positional from index `max - 1` on into one (free text such as a title). */
  rest?: boolean;
}

export interface BoundArguments {
  args: string[];
  flags: FlagValues;
}

export type BindError =
  | { error: "unknownFlag"; flag: string }
  | { error: "missingFlagValue"; flag: string }
  | { error: "badInteger"; flag: string; value: string }
  | { error: "repeatedFlag"; flag: string }
  | { error: "missingArgument"; min: number }
  | { error: "tooManyArguments"; max: number; unexpected: string[] };

export function bindArguments(tokens: Token[], spec: ArgumentSpec): BoundArguments | BindError {
  const declared = spec.flags ?? {};
  const flags: FlagValues = {};
  const positional: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.quoted || !token.text.startsWith("--") || token.text === "--") {
      positional.push(token.text);
      continue;
    }
    const [rawName, inlineValue] = splitOnce(token.text.slice(2), "=");
    const name = rawName.toLowerCase();
    const kind = flagKindOf(declared[name]);
    if (!kind) return { error: "unknownFlag", flag: name };
    if (name in flags) return { error: "repeatedFlag", flag: name };
    if (kind === "boolean") {
      flags[name] = inlineValue === undefined ? true : !/^(false|no|off|0)$/i.test(inlineValue);
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      const next = tokens[i + 1];
      if (!next || (!next.quoted && next.text.startsWith("--"))) return { error: "missingFlagValue", flag: name };
      value = next.text;
      i++;
    }
    if (kind === "int") {
      if (!/^[+-]?\d+$/.test(value)) return { error: "badInteger", flag: name, value };
      flags[name] = Number.parseInt(value, 10);
    } else {
      flags[name] = value;
    }
  }

  const min = spec.min ?? 0;
  if (positional.length < min) return { error: "missingArgument", min };
  const max = spec.max;
  if (max !== undefined && positional.length > max) {
    if (!spec.rest || max === 0) return { error: "tooManyArguments", max, unexpected: positional.slice(max) };
    const head = positional.slice(0, max - 1);
    head.push(positional.slice(max - 1).join(" "));
    return { args: head, flags };
  }
  return { args: positional, flags };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}

export function isBindError(value: BoundArguments | BindError): value is BindError {
  return "error" in value;
}

export function flagKindOf(flag: FlagKind | FlagDeclaration | undefined): FlagKind | undefined {
  return typeof flag === "object" ? flag.kind : flag;
}
