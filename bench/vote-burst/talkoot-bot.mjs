// Talkoot as `npm start` runs it with a Telegram token: the compiled code in
// dist/ on bare Node, with the real adapter, core, database and outbox,
// pointed at the fake Bot API.
import { buildApp } from "../../dist/src/app.js";
import { loadConfig } from "../../dist/src/config.js";
import { createLogger } from "../../dist/src/core/logger.js";
import { watchPeakRss } from "./rss-monitor.mjs";

const config = loadConfig({
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
  TELEGRAM_BOT_TOKEN: process.env.BENCH_TOKEN,
  TELEGRAM_API_ROOT: process.env.BENCH_API_ROOT,
  CONSOLE: "off",
  LOG_LEVEL: "silent",
});
const app = await buildApp({ config, logger: createLogger({ level: "silent" }) });
await app.start();
watchPeakRss(() => app.stop());
process.stdout.write("ready\n");
