// Discord's slash command definitions, made from the core's typed view of
// the one command declaration the router uses (src/core/typed-commands.ts),
// so they never drift from what the bot understands. Descriptions come from
// the translation bundles: English as the default, Finnish and Swedish as
// Discord localizations. Names stay as declared on purpose: `/help` and every
// other platform say `/task add`, so Discord does too. Pure.
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type LocalizationMap,
  type RESTPutAPIApplicationCommandsJSONBody,
} from "discord.js";
import type { Translator } from "../../src/core/i18n.js";
import type { TypedCommand, TypedLeaf, TypedOption } from "../../src/core/typed-commands.js";

/** Discord's locale for each of Talkoot's languages besides the default (English). */
export const DISCORD_LOCALES = { fi: "fi", sv: "sv-SE" } as const;

const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const MAX_DESCRIPTION = 100;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;

export class SlashCommandError extends Error {
  override name = "SlashCommandError";
}

/**
 * Every command, ready for a bulk overwrite (PUT /applications/{id}/commands).
 * `hasForm` names the commands (by path, ["task", "add"]) that open a form
 * for the pieces they lack: their options are all optional, so `/task add`
 * alone opens the form instead of Discord insisting on a title.
 */
export function slashCommandsOf(
  commands: TypedCommand[],
  translator: Translator,
  hasForm: (path: readonly string[]) => boolean = () => false,
): RESTPutAPIApplicationCommandsJSONBody {
  const describe = describer(translator);
  return commands.map((command) => {
    const options =
      command.body.kind === "options"
        ? basicOptions(command.body.leaf, describe, hasForm([command.name]))
        : command.body.children.map((child): APIApplicationCommandOption => {
            if (child.kind === "leaf") return subcommand(child, describe, hasForm([command.name, child.name]));
            return {
              type: ApplicationCommandOptionType.SubcommandGroup,
              name: checkedName(child.name),
              ...describe(child.description),
              options: limited(
                child.leaves.map((leaf) => subcommand(leaf, describe, hasForm([command.name, child.name, leaf.name]))),
                `/${command.name} ${child.name}`,
              ),
            };
          });
    return {
      type: ApplicationCommandType.ChatInput,
      name: checkedName(command.name),
      ...describe(command.description),
      options: limited(options, `/${command.name}`),
      // In servers and in the bot's DMs.
      contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
      integration_types: [ApplicationIntegrationType.GuildInstall],
    };
  });
}

function subcommand(leaf: TypedLeaf, describe: Describe, withForm: boolean): APIApplicationCommandSubcommandOption {
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: checkedName(leaf.name),
    ...describe(leaf.description),
    options: basicOptions(leaf, describe, withForm),
  };
}

function basicOptions(leaf: TypedLeaf, describe: Describe, withForm: boolean): APIApplicationCommandBasicOption[] {
  const options = leaf.options.map((option) => basicOption(option, describe, withForm));
  return limited(options, leaf.name);
}

function basicOption(option: TypedOption, describe: Describe, withForm: boolean): APIApplicationCommandBasicOption {
  const required = option.required && !withForm;
  const base = { name: checkedName(option.name), ...describe(option.description), required };
  switch (option.kind) {
    case "boolean":
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case "user":
      return { ...base, type: ApplicationCommandOptionType.User };
    case "int":
      return { ...base, type: ApplicationCommandOptionType.Integer };
    case "attachment":
      // A photo with /request: the interaction's resolved attachments carry it (inbound.ts).
      return { ...base, type: ApplicationCommandOptionType.Attachment };
    case "string":
      if (option.choices?.length) {
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          choices: option.choices.slice(0, MAX_CHOICES).map((value) => ({ name: value, value })),
        };
      }
      return { ...base, type: ApplicationCommandOptionType.String, autocomplete: option.suggest !== undefined };
  }
}

type Describe = (key: string) => { description: string; description_localizations: LocalizationMap };

/** A description in English, with its Finnish and Swedish localizations, each within Discord's 100 characters. */
function describer(translator: Translator): Describe {
  const en = translator.forLocale("en");
  const fi = translator.forLocale("fi");
  const sv = translator.forLocale("sv");
  return (key) => ({
    description: oneLine(en(key)),
    description_localizations: { [DISCORD_LOCALES.fi]: oneLine(fi(key)), [DISCORD_LOCALES.sv]: oneLine(sv(key)) },
  });
}

/** One line of 1-100 characters. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim() || "…";
  return [...line].length <= MAX_DESCRIPTION ? line : `${[...line].slice(0, MAX_DESCRIPTION - 1).join("")}…`;
}

function checkedName(name: string): string {
  if (!NAME.test(name) || name !== name.toLowerCase()) {
    throw new SlashCommandError(`"${name}" cannot be a Discord command or option name`);
  }
  return name;
}

function limited<T>(options: T[], where: string): T[] {
  if (options.length > MAX_OPTIONS) {
    throw new SlashCommandError(`${where} would have ${options.length} options; Discord allows ${MAX_OPTIONS}`);
  }
  return options;
}
