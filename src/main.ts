// `npm start`: validate the environment, migrate, start every configured
// adapter. With no platform tokens, Talkoot runs in this terminal.
import { existsSync } from "node:fs";
import { ConsoleAdapter } from "../adapters/console/console-adapter.js";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig, secretsOf } from "./config.js";
import { offsetClock } from "./core/clock.js";
import { createLogger } from "./core/logger.js";
import { SecretRedactor } from "./core/secret-redaction.js";
import { installLifecycle } from "./lifecycle.js";

/** Also guards the last line written when the start fails (an SDK's error may carry a token in its URL). */
const startupRedactor = new SecretRedactor();

async function main(): Promise<void> {
  // A .env file beside the project is read if present; real environment variables win.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const config = loadConfig();
  startupRedactor.add(secretsOf(config));
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  // A platform without an adapter, a database that cannot be opened and a
  // port in use stop the start as configuration errors too (exit 2, below).
  const app = await buildApp({ config, logger, clock: offsetClock(config.TALKOOT_CLOCK_OFFSET_SECONDS ?? 0) });
  // SIGTERM/SIGINT: stop taking events, finish running handlers, flush the
  // outbox, close adapters, HTTP and the database, exit 0.
  const lifecycle = installLifecycle(app.shutdownParts, {
    logger,
    onUnhandledRejection: () => app.metrics.unhandledRejections.inc(),
  });
  process.stdout.write(`${app.banner}\n`);
  await app.start();
  // Printed once every adapter is taking events: "ready" for people and for the cold-start benchmark.
  const terminal = app.adapters.get("console");
  if (terminal instanceof ConsoleAdapter) {
    process.stdout.write("Type /help, or :help for console meta-commands.\n");
    // Piped input: every line is handled, then pending work finishes, then exit 0.
    await terminal.finished();
    await lifecycle.shutdown("end of console input");
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${startupRedactor.redact(error.message)}\n`);
    process.exit(2);
  }
  const reason = error instanceof Error ? error.message : String(error);
  process.stderr.write(`talkoot could not start: ${startupRedactor.redact(reason)}\n`);
  process.exit(1);
});
