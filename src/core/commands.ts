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
  /**
   * i18n key of a one-line description on typed platforms (Discord's slash
   * command list); the command's summary when absent.
   */
  description?: string;
  /**
   * The word typed platforms show for a spec that has none in the text
   * grammar: a command's fallback beside its subcommands (`/request file`,
   * `/poll create`) or a group's own run (`/setup apikey create`). Discord
   * cannot mix a command's options with subcommands, so these need a name
   * there; the canonical line leaves the word out again.
   */
  name?: string;
  /**
   * Its answer is for the asker alone (a link code, a key, one's own hours).
   * Platforms that must hold an answer open before it is ready (Discord's
   * deferred reply) hold it privately.
   */
  privateAnswer?: boolean;
  /** Who may run it (and anything under it); anyone when absent. */
  requires?: Requirement;
  /**
   * About the person themselves (`/task list mine`, `/hours log`): in a direct
   * chat with the bot, it runs for the person's community, chosen with
   * `--community <name>` when they have several (see direct-community.ts).
   */
  personal?: boolean;
  /**
   * Its words are taken as typed, none of them a flag: a deep link's payload
   * (`/start --x_Y7`) is data from a link, never an option or a command name.
   */
  verbatim?: boolean;
  /**
   * It takes a file sent with it (a photo with `/request`): it reaches `run`
   * as `ctx.file`, never in the command line. Typed platforms offer it as an
   * optional option of its own (Discord's attachment option) named `name`.
   */
  file?: { name: string; description: string };
  /**
   * A third level, keyed by the next word: `/setup category add …`. When the
   * next word is none of these, `run` gets the line (it may print the usage).
   */
  subcommands?: Record<string, SubcommandSpec>;
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
  /**
   * i18n key naming what the command keeps about the person who uses it,
   * beyond the community's shared records ("your hours and your notes on
   * them"); /help says so. Absent: it keeps nothing personal of its own.
   */
  personalData?: string;
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

/**
 * A line a feature adds after any command that succeeded, for its author (a
 * warning an admin should see now); undefined for none. Its failure costs
 * only the line, never the command.
 */
export type AfterCommand = (ctx: HandlerContext) => Promise<string | undefined>;

/** What a feature module gives the core. */
export interface Feature {
  name: string;
  translations: Translations;
  commands: CommandSpec[];
  actions?: ActionSpec[];
  afterCommand?: AfterCommand[];
}
