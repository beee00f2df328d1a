// `npm start`: validate the environment, migrate, start every configured
// adapter. With no platform tokens, Talkoot runs in this terminal.
import { existsSync } from "node:fs";
import { buildApp } from "./app.js";
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./core/logger.js";

async function main(): Promise<void> {
  // A .env file beside the project is read if present; real environment variables win.
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  const app = await buildApp({ config, logger });
  process.stdout.write(`${app.banner}\n`);
  if (app.console) process.stdout.write("Type /help, or :help for console meta-commands.\n");
  await app.start();

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await app.stop();
    process.exit(code);
  };
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGINT", () => void shutdown(0));
  if (app.console) {
    await app.console.finished();
    await shutdown(0);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`talkoot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
