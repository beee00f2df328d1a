// Commands as a platform with typed options sees them (Discord's slash
// commands): each command, its subcommands and groups, and each one's named,
// typed options, read from the one declaration the router uses. And back:
// chosen options become the canonical command line the router parses, so the
// domain never learns how an argument was typed. Pure.
import { type FlagDeclaration, type FlagKind, flagKindOf, type ParamDeclaration } from "./arguments.js";
import type { CommandSpec, SubcommandSpec } from "./commands.js";
import type { Suggest } from "./suggestions.js";

/** "attachment": a file sent with the command (SubcommandSpec.file); it never enters the command line. */
export type TypedOptionKind = "string" | "int" | "boolean" | "user" | "attachment";

export interface TypedOption {
  /** The option's name: a declared argument (`option2` for a repeated one) or a flag. */
  name: string;
  /** i18n key of its description. */
  description: string;
  kind: TypedOptionKind;
  required: boolean;
  choices?: readonly string[];
  suggest?: Suggest;
  /** Where the value goes in the command line; a file goes beside it, as the event's file. */
  place: { kind: "positional"; index: number; rest: boolean } | { kind: "flag" } | { kind: "file" };
}

export interface TypedLeaf {
  kind: "leaf";
  /** The name shown; for a command without subcommands, the command's own. */
  name: string;
  /** The word it is in the text grammar; undefined for a fallback (`/poll "Q?" …`). */
  word: string | undefined;
  description: string;
  options: TypedOption[];
  spec: SubcommandSpec;
}

export interface TypedGroup {
  kind: "group";
  name: string;
  word: string;
  description: string;
  leaves: TypedLeaf[];
  spec: SubcommandSpec;
}

export interface TypedCommand {
  name: string;
  /** i18n key of the command's summary. */
  description: string;
  /** A command without subcommands takes options itself; otherwise it has only subcommands and groups. */
  body: { kind: "options"; leaf: TypedLeaf } | { kind: "subcommands"; children: Array<TypedLeaf | TypedGroup> };
}

/** For a command that takes free text and declares no arguments: one option carrying all of it. */
export const UNDECLARED_TEXT: ParamDeclaration = { name: "text", description: "core:options.text" };

/** Names typed platforms accept: a word of letters, digits, - and _. ("+1" is the text grammar's only.) */
const WORD = /^[\p{L}\p{N}][-_\p{L}\p{N}]*$/u;

/** Every visible command as typed options, in declaration order. */
export function typedCommands(commands: CommandSpec[]): TypedCommand[] {
  return commands.filter((c) => !c.hidden).map(typedCommand);
}

export function typedCommand(command: CommandSpec): TypedCommand {
  const subs = namedEntries(command.subcommands);
  if (subs.length === 0) {
    const spec = command.fallback ?? { usage: command.summary, max: 0, run: async () => {} };
    return {
      name: command.name,
      description: command.summary,
      body: { kind: "options", leaf: leafOf(command.name, undefined, spec, command.summary) },
    };
  }
  const children: Array<TypedLeaf | TypedGroup> = subs.map(([word, spec]) => childOf(word, spec, command.summary));
  if (command.fallback) {
    const name = command.fallback.name ?? "run";
    children.unshift(leafOf(name, undefined, command.fallback, command.summary));
  }
  return { name: command.name, description: command.summary, body: { kind: "subcommands", children } };
}

function childOf(word: string, spec: SubcommandSpec, summary: string): TypedLeaf | TypedGroup {
  const inner = namedEntries(spec.subcommands);
  if (inner.length === 0) return leafOf(word, word, spec, summary);
  const leaves = inner.map(([innerWord, innerSpec]) => leafOf(innerWord, innerWord, innerSpec, summary));
  // The group's own run, when it takes arguments: `/setup apikey <label>` is `/setup apikey create` there.
  if (spec.name) leaves.unshift(leafOf(spec.name, undefined, spec, summary));
  return { kind: "group", name: word, word, description: spec.description ?? summary, leaves, spec };
}

function leafOf(name: string, word: string | undefined, spec: SubcommandSpec, summary: string): TypedLeaf {
  return { kind: "leaf", name, word, description: spec.description ?? summary, options: optionsOf(spec), spec };
}

/** Subcommands under names typed platforms accept; one entry per spec (aliases such as "+1" drop out). */
function namedEntries(subcommands: Record<string, SubcommandSpec> | undefined): Array<[string, SubcommandSpec]> {
  const seen = new Set<SubcommandSpec>();
  const entries: Array<[string, SubcommandSpec]> = [];
  for (const [word, spec] of Object.entries(subcommands ?? {})) {
    if (!WORD.test(word) || seen.has(spec)) continue;
    seen.add(spec);
    entries.push([word, spec]);
  }
  return entries;
}

/** Required options first (typed platforms insist), then optional arguments, then flags. */
export function optionsOf(spec: SubcommandSpec): TypedOption[] {
  const min = spec.min ?? 0;
  const takesText = spec.max === undefined || spec.max > 0;
  const params = spec.params ?? (takesText ? [UNDECLARED_TEXT] : []);
  const positional: TypedOption[] = [];
  let index = 0;
  params.forEach((param, at) => {
    const last = at === params.length - 1;
    const count = param.repeat ?? 1;
    for (let i = 0; i < count; i++) {
      positional.push({
        name: param.repeat ? `${param.name}${i + 1}` : param.name,
        description: param.description,
        kind: param.kind ?? "string",
        required: index < min || i < (param.required ?? 0),
        ...(param.choices ? { choices: param.choices } : {}),
        ...(param.suggest ? { suggest: param.suggest } : {}),
        place: { kind: "positional", index, rest: last && !param.repeat && (spec.rest === true || !spec.params) },
      });
      index++;
    }
  });
  const flags: TypedOption[] = Object.entries(spec.flags ?? {}).map(([name, flag]) => {
    const declared: FlagDeclaration | undefined = typeof flag === "object" ? flag : undefined;
    const kind: FlagKind = flagKindOf(flag)!;
    return {
      name,
      description: declared?.description ?? `core:options.flag`,
      kind: kind === "int" ? "int" : kind,
      required: false,
      ...(declared?.choices ? { choices: declared.choices } : {}),
      ...(declared?.suggest ? { suggest: declared.suggest } : {}),
      place: { kind: "flag" },
    };
  });
  const file: TypedOption[] = spec.file
    ? [
        {
          name: spec.file.name,
          description: spec.file.description,
          kind: "attachment",
          required: false,
          place: { kind: "file" },
        },
      ]
    : [];
  return [...positional.filter((o) => o.required), ...positional.filter((o) => !o.required), ...flags, ...file];
}

/** The option of a typed leaf that carries a file sent with the command, if it takes one. */
export function fileOption(leaf: TypedLeaf): TypedOption | undefined {
  return leaf.options.find((option) => option.place.kind === "file");
}

/** The leaf a typed path names: ["task", "add"], ["setup", "category", "add"], ["help"]. */
export function findLeaf(commands: TypedCommand[], path: string[]): TypedLeaf | undefined {
  const command = commands.find((c) => c.name === path[0]);
  if (!command) return undefined;
  if (command.body.kind === "options") return path.length === 1 ? command.body.leaf : undefined;
  const child = command.body.children.find((c) => c.name === path[1]);
  if (!child) return undefined;
  if (child.kind === "leaf") return path.length === 2 ? child : undefined;
  return path.length === 3 ? child.leaves.find((l) => l.name === path[2]) : undefined;
}

export type TypedValue = string | number | boolean;

/**
 * The canonical line for a typed path and its option values:
 * ["task", "add"], {title: "Sorting", when: "sat 10", slots: 4} →
 * `/task add Sorting --when "sat 10" --slots 4`. Undefined for a path that
 * names no command.
 */
export function commandLineOf(
  commands: TypedCommand[],
  path: string[],
  values: Record<string, TypedValue | undefined>,
): string | undefined {
  const leaf = findLeaf(commands, path);
  if (!leaf) return undefined;
  const words = [`/${path[0]}`];
  // A group's word, then the leaf's own word (a fallback has none).
  const command = commands.find((c) => c.name === path[0])!;
  if (command.body.kind === "subcommands" && path.length === 3) words.push(path[1]!);
  if (leaf.word) words.push(leaf.word);

  const positional: string[] = [];
  const flags: string[] = [];
  const byIndex = [...leaf.options].sort((a, b) => indexOf(a) - indexOf(b));
  for (const option of byIndex) {
    const value = values[option.name];
    if (value === undefined || value === "" || option.place.kind === "file") continue;
    if (option.place.kind === "flag") {
      if (value === true) flags.push(`--${option.name}`);
      else if (value !== false) flags.push(`--${option.name}`, quoted(String(value), false));
    } else {
      positional.push(quoted(String(value), option.place.rest));
    }
  }
  return [...words, ...positional, ...flags].join(" ");
}

function indexOf(option: TypedOption): number {
  return option.place.kind === "positional" ? option.place.index : Number.MAX_SAFE_INTEGER;
}

const QUOTE_OPENERS = /^["'\u201c\u201d\u201e\u2018\u00ab]/;
const DASH_START = /^(--|\u2014|\u2013)/;

/**
 * A value as one token of the command line. Plain words stay as typed; text
 * with spaces, quotes or a leading dash is quoted with backslash escapes. The
 * last free-text argument may stay unquoted (the binder joins it again) when
 * each word is safe and single spaces separate them.
 */
export function quoted(value: string, rest: boolean): string {
  const words = value.split(" ");
  const safeWord = (w: string) => w.length > 0 && !/\s/.test(w) && !QUOTE_OPENERS.test(w) && !DASH_START.test(w);
  if (rest ? words.every(safeWord) : safeWord(value)) return value;
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
