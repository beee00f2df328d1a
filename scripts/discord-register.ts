// `npm run discord:register [-- --guild <id>]`: registers every slash command
// by bulk overwrite, from the real router (the same commands and translations
// the bot answers with), globally or in one guild (instant; for development).
// Needs DISCORD_TOKEN and DISCORD_APPLICATION_ID; DISCORD_API_URL is honoured.
//
// The router is built the way src/app.ts builds it, on a throw-away SQLite
// file, with no platform turned on.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REST } from "discord.js";
import { type RegisterTarget, registerCommands } from "../adapters/discord/registration.js";
import { slashCommandsOf } from "../adapters/discord/slash-commands.js";
import { buildApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";
import { typedCommands } from "../src/core/typed-commands.js";
import { guidedForms } from "../src/domain/flows/guided-forms.js";

function targetFrom(args: string[]): RegisterTarget {
  const at = args.indexOf("--guild");
  if (at < 0) return { scope: "global" };
  const guildId = args[at + 1];
  if (!guildId || !/^\d{17,20}$/.test(guildId)) throw new Error("--guild needs a server id (a number)");
  return { scope: "guild", guildId };
}

async function main(): Promise<void> {
  const target = targetFrom(process.argv.slice(2));
  const config = loadConfig(process.env);
  const token = config.DISCORD_TOKEN;
  const applicationId = config.DISCORD_APPLICATION_ID;
  if (!token || !applicationId) throw new Error("set DISCORD_TOKEN and DISCORD_APPLICATION_ID");
  const dir = mkdtempSync(join(tmpdir(), "talkoot-register-"));
  try {
    const app = await buildApp({
      config: loadConfig({ DATABASE_URL: `file:${join(dir, "register.db")}`, CONSOLE: "off" }),
      logger: createLogger({ level: "silent" }),
      timers: false,
    });
    try {
      const forms = guidedForms(() => app.router.listCommands());
      const body = slashCommandsOf(typedCommands(app.router.listCommands()), app.translator, (path) =>
        forms.hasForm(path),
      );
      const rest = new REST({ ...(config.DISCORD_API_URL ? { api: config.DISCORD_API_URL } : {}) }).setToken(token);
      const count = await registerCommands(rest, applicationId, body, target);
      const where =
        target.scope === "guild" ? `in server ${target.guildId} (at once)` : "globally (may take a while to show)";
      process.stdout.write(`discord:register: ${count} commands registered ${where}\n`);
    } finally {
      await app.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  // One line, never the token.
  const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
  process.stderr.write(`discord:register failed: ${message}\n`);
  process.exit(1);
});
