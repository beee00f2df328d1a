// pino, with tokens redacted. Message bodies are logged only at debug level:
// call sites put user text under `body`, which info-level output drops.
import { type Logger, pino } from "pino";

export type { Logger };

export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: undefined,
      redact: {
        paths: [
          "token",
          "*.token",
          "botToken",
          "appToken",
          "signingSecret",
          "*.authorization",
          "headers.authorization",
        ],
        censor: "[redacted]",
      },
      formatters: {
        log(object) {
          if ("body" in object && pinoLevelAbove(options.level ?? "info", "debug")) {
            const { body: _omit, ...rest } = object;
            return rest;
          }
          return object;
        },
      },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
}

const ORDER = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
function pinoLevelAbove(level: string, than: string): boolean {
  return ORDER.indexOf(level) > ORDER.indexOf(than);
}
