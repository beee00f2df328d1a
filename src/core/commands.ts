// How features declare their commands and button actions. The router parses,
// binds arguments, checks roles and prints usage from these declarations.
import type { ArgumentSpec, FlagValues } from "./arguments.js";
import type { HandlerContext } from "./context.js";
import type { Translations } from "./i18n.js";
import type { Requirement } from "./roles.js";

export interface CommandInput {
  args: string[];
  flags: FlagValues;
}

export interface SubcommandSpec extends ArgumentSpec {
  /** i18n key of the usage line, e.g. "tasks:usage.add". */
  usage: string;
  /** Who may run it; anyone when absent. */
  requires?: Requirement;
  run(ctx: HandlerContext, input: CommandInput): Promise<void>;
}

export interface CommandSpec {
  /** "task" for /task. */
  name: string;
  aliases?: string[];
  /** Left out of /help and platform command menus (plumbing such as /start, /press). */
  hidden?: boolean;
  /** i18n key of the one-line summary shown by /help. */
  summary: string;
  /** `/task add …`: keyed by the first word. */
  subcommands?: Record<string, SubcommandSpec>;
  /** Runs when the first word is not a subcommand (or there is none): `/poll "Q?" …`. */
  fallback?: SubcommandSpec;
}

export interface ActionSpec {
  /** "task.join": what a button carries (with its arguments). */
  name: string;
  requires?: Requirement;
  run(ctx: HandlerContext, args: string[]): Promise<void>;
}

/** What a feature module gives the core. */
export interface Feature {
  name: string;
  translations: Translations;
  commands: CommandSpec[];
  actions?: ActionSpec[];
}
