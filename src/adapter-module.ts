// The one contract between a platform adapter and the composition root.
// Each adapter folder exports one AdapterModule (adapters/<platform>/module.ts);
// src/adapters.ts lists them. A module loads its SDK only when the
// configuration turns its platform on, so an unused SDK costs no memory.
import type { Readable, Writable } from "node:stream";
import type { Config } from "./config.js";
import type { ChatAdapter } from "./core/adapter.js";
import type { Clock } from "./core/clock.js";
import type { CommandSpec } from "./core/commands.js";
import type { GuidedForms } from "./core/forms.js";
import type { Translator } from "./core/i18n.js";
import type { Logger } from "./core/logger.js";
import type { RouteHandler } from "./http/node-route.js";
import type { Store } from "./storage/store.js";

/** What an adapter may use from the rest of the bot while it is built. */
export interface AdapterDeps {
  logger: Logger;
  clock: Clock;
  store: Store;
  translator: Translator;
  /** Every command the features declare (menus, slash command definitions). */
  commands: () => CommandSpec[];
  /** Whether a word is one of our commands (so a platform can ignore the rest). */
  isCommand: (name: string) => boolean;
  /** Guided flows as native forms, for platforms that have them (Slack and Discord modals). */
  forms: GuidedForms;
  /** Terminal streams, for the console. */
  terminal?: { input: Readable; output: Writable };
}

/** A webhook or event endpoint the adapter serves on the bot's HTTP server. */
export interface AdapterRoute {
  path: string;
  handler: RouteHandler;
}

export interface BuiltAdapter {
  adapter: ChatAdapter;
  /** Mounted on the HTTP server (HTTP_PORT must be set when there are any; config.ts checks). */
  httpRoutes?: AdapterRoute[];
}

export interface AdapterModule {
  platform: string;
  /** The adapter this configuration asks for, or undefined when it does not turn this platform on. */
  fromConfig(config: Config, deps: AdapterDeps): Promise<BuiltAdapter | undefined>;
}
