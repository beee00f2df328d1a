// `npm run telegram:commands`: the bot's command list for @BotFather, per
// language, from the real router (the same commands and summaries the bot
// sets with setMyCommands at start). Paste a block into BotFather's
// /setcommands, or just let the bot set them itself.
//
// The router is built the way src/app.ts builds it, on a throw-away SQLite
// file (the migrator creates the file's folder, which an in-memory URL has not).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { commandMenuOf, MENU_LANGUAGES, toBotCommands } from "../adapters/telegram/command-menu.js";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";

const LANGUAGE_NAMES = { en: "English (the default for every other language)", fi: "Finnish", sv: "Swedish" };

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "talkoot-commands-"));
  try {
    const app = await buildApp({
      config: loadConfig({ DATABASE_URL: `file:${join(dir, "commands.db")}`, CONSOLE: "off" }),
      logger: createLogger({ level: "silent" }),
    });
    try {
      const menu = commandMenuOf(() => app.router.listCommands(), app.translator);
      const blocks = MENU_LANGUAGES.map(({ locale, languageCode }) => {
        const lines = toBotCommands(menu(locale)).map((c) => `${c.command} - ${c.description}`);
        const code = languageCode === "" ? 'language_code ""' : `language_code "${languageCode}"`;
        return `# ${LANGUAGE_NAMES[locale]}, ${code}\n${lines.join("\n")}`;
      });
      process.stdout.write(`${blocks.join("\n\n")}\n`);
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`telegram:commands failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
