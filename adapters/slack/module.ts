// Slack as an adapter module: Socket Mode with SLACK_APP_TOKEN, else HTTP
// mode (signed requests to /slack/events on the bot's HTTP server). Bolt
// loads only when SLACK_BOT_TOKEN is set: it alone is tens of MB.
import type { AdapterModule } from "../../src/adapter-module.js";

export const slackModule: AdapterModule = {
  platform: "slack",
  async fromConfig(config, deps) {
    if (!config.SLACK_BOT_TOKEN) return undefined;
    const { slackAdapterFromConfig } = await import("./slack-adapter.js");
    // Said before anyone is known (the database is down): the bot's default language.
    const say = deps.translator.forLocale(config.DEFAULT_LOCALE);
    const adapter = slackAdapterFromConfig(config, {
      logger: deps.logger,
      isCommand: deps.isCommand,
      inbox: deps.store.updateInbox,
      forms: deps.forms,
      catchingUpLine: say("core:errors.catchingUp"),
      requestHeldLine: say("core:errors.requestHeld"),
    });
    if (!adapter) return undefined;
    return {
      adapter,
      httpRoutes: adapter.mode === "http" ? [{ path: adapter.httpPath, handler: adapter.handleHttp }] : [],
    };
  },
};
