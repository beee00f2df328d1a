// Registering the slash commands: a bulk overwrite (PUT), to one guild while
// developing (at once) or globally (Discord rolls it out to every guild).
// One request replaces the whole set, so a removed command disappears too.
import { type REST, type RESTPutAPIApplicationCommandsJSONBody, Routes } from "discord.js";

export type RegisterTarget = { scope: "guild"; guildId: string } | { scope: "global" };

/** "guild:<id>" or "global" (DISCORD_REGISTER_ON_START); undefined for anything else. */
export function parseRegisterTarget(value: string | undefined): RegisterTarget | undefined {
  if (value === "global") return { scope: "global" };
  const guild = /^guild:(\d{1,20})$/.exec(value ?? "");
  return guild ? { scope: "guild", guildId: guild[1]! } : undefined;
}

/** Overwrites every command of the application in `target`; resolves with how many Discord now has. */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  commands: RESTPutAPIApplicationCommandsJSONBody,
  target: RegisterTarget,
): Promise<number> {
  const route =
    target.scope === "guild"
      ? Routes.applicationGuildCommands(applicationId, target.guildId)
      : Routes.applicationCommands(applicationId);
  const saved = (await rest.put(route, { body: commands })) as unknown[];
  return Array.isArray(saved) ? saved.length : commands.length;
}
