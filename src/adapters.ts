// Every platform this build can run. Adding a platform is writing its
// adapter module (see src/adapter-module.ts) and listing it here.
import { consoleModule } from "../adapters/console/module.js";
import { discordModule } from "../adapters/discord/module.js";
import { slackModule } from "../adapters/slack/module.js";
import { telegramModule } from "../adapters/telegram/module.js";
import type { AdapterModule } from "./adapter-module.js";

export const ADAPTER_MODULES: readonly AdapterModule[] = [consoleModule, telegramModule, slackModule, discordModule];
