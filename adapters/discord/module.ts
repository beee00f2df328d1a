// Discord as an adapter module: the gateway through discord.js, slash
// commands from the same declarations the router parses. discord.js loads
// only when DISCORD_TOKEN is set.
import type { AdapterModule } from "../../src/adapter-module.js";

export const discordModule: AdapterModule = {
  platform: "discord",
  async fromConfig(config, deps) {
    if (!config.DISCORD_TOKEN) return undefined;
    const { discordAdapterFromConfig } = await import("./from-config.js");
    const adapter = discordAdapterFromConfig(config, {
      logger: deps.logger,
      listCommands: deps.commands,
      translator: deps.translator,
      inbox: deps.store.updateInbox,
      forms: deps.forms,
      isCommand: deps.isCommand,
    });
    return adapter ? { adapter } : undefined;
  },
};
