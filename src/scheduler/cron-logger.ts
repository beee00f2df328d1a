// node-cron logs to the console by default; route its lines through pino so
// they carry the same format and level filtering as everything else.
import type { Logger as CronLogger } from "node-cron";
import type { Logger } from "../core/logger.js";

export function cronLogger(logger: Logger): CronLogger {
  const log = logger.child({ component: "node-cron" });
  return {
    info: (message) => log.info(message),
    warn: (message) => log.warn(message),
    error: (message, err) =>
      message instanceof Error ? log.error({ err: message }, message.message) : log.error({ err }, message),
    debug: (message, err) =>
      message instanceof Error ? log.debug({ err: message }, message.message) : log.debug({ err }, message),
  };
}
