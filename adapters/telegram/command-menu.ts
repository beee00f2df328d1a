// The "/" menu Telegram shows, one list per language, from the core's own
// command list, so the menu never drifts from what the bot understands.
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { CommandSpec } from "../../src/core/commands.js";
import type { Locale, Translator } from "../../src/core/i18n.js";
import type { Logger } from "../../src/core/logger.js";
import { shorten } from "./text-length.js";

export type MenuLocale = Locale;

export interface MenuEntry {
  command: string;
  description: string;
}

export type CommandMenu = (locale: MenuLocale) => MenuEntry[];

/** Telegram's language codes for each menu; "" is the default list, shown to everyone else (English). */
export const MENU_LANGUAGES: ReadonlyArray<{ locale: MenuLocale; languageCode: LanguageCode | "" }> = [
  { locale: "en", languageCode: "" },
  { locale: "fi", languageCode: "fi" },
  { locale: "sv", languageCode: "sv" },
];

/** The menu from the router's commands (hidden ones left out) and their translated summaries. */
export function commandMenuOf(listCommands: () => CommandSpec[], translator: Translator): CommandMenu {
  return (locale) => {
    const t = translator.forLocale(locale);
    return listCommands()
      .filter((command) => !command.hidden)
      .map((command) => ({ command: command.name, description: t(command.summary) }));
  };
}

/**
 * Entries as Telegram accepts them: names of 1-32 lower-case letters, digits
 * and underscores; descriptions of 1-256 characters; at most 100 commands.
 * Anything else would make setMyCommands fail as a whole.
 */
export function toBotCommands(entries: MenuEntry[]): BotCommand[] {
  const seen = new Set<string>();
  const commands: BotCommand[] = [];
  for (const entry of entries) {
    const command = entry.command.replace(/^\//, "").toLowerCase();
    if (!/^[a-z0-9_]{1,32}$/.test(command) || seen.has(command)) continue;
    seen.add(command);
    const description = shorten(entry.description.replace(/\s+/g, " ").trim() || command, 256);
    commands.push({ command, description });
  }
  return commands.slice(0, 100);
}

/** Sets each language's menu. A failure is logged, never fatal: the menu is a convenience. */
export async function publishCommandMenu(api: Api, menu: CommandMenu, logger: Logger): Promise<void> {
  for (const { locale, languageCode } of MENU_LANGUAGES) {
    const commands = toBotCommands(menu(locale));
    try {
      await api.setMyCommands(commands, languageCode ? { language_code: languageCode } : {});
    } catch (error) {
      logger.warn({ err: error, locale }, "telegram: could not set the command menu");
    }
  }
}
