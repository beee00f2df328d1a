// Telegram as an adapter module: long polling, or a webhook on the bot's
// HTTP server when TELEGRAM_WEBHOOK_URL is set. grammY loads only when
// TELEGRAM_BOT_TOKEN is set.
import type { AdapterModule } from "../../src/adapter-module.js";

export const telegramModule: AdapterModule = {
  platform: "telegram",
  async fromConfig(config, deps) {
    if (!config.TELEGRAM_BOT_TOKEN) return undefined;
    const { telegramAdapterFromConfig } = await import("./from-config.js");
    const { commandMenuOf } = await import("./command-menu.js");
    const { catchingUpToastOf } = await import("./catching-up-toast.js");
    const adapter = telegramAdapterFromConfig(config, {
      state: deps.store.adapterState,
      inbox: deps.store.updateInbox,
      logger: deps.logger,
      commandMenu: commandMenuOf(deps.commands, deps.translator),
      isCommand: deps.isCommand,
      catchingUpToast: catchingUpToastOf(deps.translator, config.DEFAULT_LOCALE),
    });
    if (!adapter) return undefined;
    const path = adapter.webhookPath;
    return { adapter, httpRoutes: path ? [{ path, handler: adapter.webhookHandler() }] : [] };
  },
};
