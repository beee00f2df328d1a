// The adapter as the environment configures it (DISCORD_* variables), for the
// composition root. Returns undefined when no token is set.
import type { Config } from "../../src/config.js";
import type { CommandSpec } from "../../src/core/commands.js";
import type { GuidedForms } from "../../src/core/forms.js";
import type { Translator } from "../../src/core/i18n.js";
import type { Logger } from "../../src/core/logger.js";
import { typedCommands } from "../../src/core/typed-commands.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import { DiscordAdapter } from "./discord-adapter.js";
import { parseRegisterTarget } from "./registration.js";
import { slashCommandsOf } from "./slash-commands.js";

export type DiscordConfig = Pick<
  Config,
  "DISCORD_TOKEN" | "DISCORD_APPLICATION_ID" | "DISCORD_API_URL" | "DISCORD_SHARDS" | "DISCORD_REGISTER_ON_START"
>;

export interface DiscordDeps {
  logger: Logger;
  /** The router's commands (listCommands), read when needed so every feature counts. */
  listCommands: () => CommandSpec[];
  translator: Translator;
  /** The durable inbox: interactions are stored before they are deferred. */
  inbox?: UpdateInbox;
  /** Guided flows as modals. */
  forms?: GuidedForms;
  /** Whether a word is a Talkoot command: "@Talkoot task list" runs it, "@Talkoot thanks" does not. */
  isCommand?: (name: string) => boolean;
}

export function discordAdapterFromConfig(config: DiscordConfig, deps: DiscordDeps): DiscordAdapter | undefined {
  const token = config.DISCORD_TOKEN;
  if (!token) return undefined;
  const applicationId = config.DISCORD_APPLICATION_ID;
  // config.ts checks this too.
  if (!applicationId) throw new Error("config error: DISCORD_TOKEN needs DISCORD_APPLICATION_ID");
  const commands = () => typedCommands(deps.listCommands());
  return new DiscordAdapter({
    token,
    applicationId,
    apiUrl: config.DISCORD_API_URL,
    shards: config.DISCORD_SHARDS,
    logger: deps.logger,
    commands,
    slashCommands: () => slashCommandsOf(commands(), deps.translator, (path) => deps.forms?.hasForm(path) ?? false),
    registerOnStart: parseRegisterTarget(config.DISCORD_REGISTER_ON_START),
    ...(deps.inbox ? { inbox: deps.inbox } : {}),
    ...(deps.forms ? { forms: deps.forms } : {}),
    ...(deps.isCommand ? { isCommand: deps.isCommand } : {}),
  });
}
