// The adapter as the environment configures it (TELEGRAM_* variables), for the
// composition root. Returns undefined when no token is set.
import type { Config } from "../../src/config.js";
import type { Logger } from "../../src/core/logger.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import type { CommandMenu } from "./command-menu.js";
import type { KeyValueState } from "./state.js";
import { TelegramAdapter } from "./telegram-adapter.js";

export type TelegramConfig = Pick<
  Config,
  "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "TELEGRAM_WEBHOOK_URL" | "TELEGRAM_WEBHOOK_SECRET"
> &
  Partial<Pick<Config, "TELEGRAM_UPDATES_IN_FLIGHT">>;

export interface TelegramDeps {
  state: KeyValueState;
  inbox?: UpdateInbox;
  logger: Logger;
  commandMenu: CommandMenu;
  isCommand?: (name: string) => boolean;
  catchingUpToast?: (languageCode: string | undefined) => string;
}

export function telegramAdapterFromConfig(config: TelegramConfig, deps: TelegramDeps): TelegramAdapter | undefined {
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return undefined;
  const url = config.TELEGRAM_WEBHOOK_URL;
  const secret = config.TELEGRAM_WEBHOOK_SECRET;
  // config.ts checks this too; without the secret anyone who learns the URL could post forged updates.
  if (url && !secret) throw new Error("config error: TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET");
  return new TelegramAdapter({
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    webhook: url && secret ? { url, secret } : undefined,
    maxUpdatesInFlight: config.TELEGRAM_UPDATES_IN_FLIGHT,
    ...deps,
  });
}
