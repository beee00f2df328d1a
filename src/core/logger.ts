// pino, with secrets redacted by key and, on every finished line, by value
// (see secret-redaction.ts). Message bodies are logged only at debug level:
// call sites put user text under `body`, which info-level output drops.
import { type Logger, pino } from "pino";
import { SecretRedactor } from "./secret-redaction.js";

export type { Logger };

export interface LoggerOptions {
  level?: string;
  destination?: NodeJS.WritableStream;
  /** Values never to print: tokens, signing secrets, passwords (see config.ts `secretsOf`). */
  secrets?: Iterable<string | undefined>;
}

/** Each logger's redactor, so that secrets known only later can still be added (`protectSecrets`). */
const redactors = new WeakMap<Logger, SecretRedactor>();

export function createLogger(options: LoggerOptions = {}): Logger {
  const redactor = new SecretRedactor(options.secrets);
  const logger = pino(
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
      // The whole serialised line: message, bindings, errors with their causes, any nested field.
      hooks: { streamWrite: (line) => redactor.redact(line) },
    },
    (options.destination ?? process.stderr) as pino.DestinationStream,
  );
  redactors.set(logger, redactor);
  return logger;
}

/** Adds secrets to a logger made by createLogger (and to its children); other loggers are left as they are. */
export function protectSecrets(logger: Logger, secrets: Iterable<string | undefined>): void {
  redactors.get(logger)?.add(secrets);
}

const ORDER = ["trace", "debug", "info", "warn", "error", "fatal", "silent"];
function pinoLevelAbove(level: string, than: string): boolean {
  return ORDER.indexOf(level) > ORDER.indexOf(than);
}
