// Talkoot as `npm start` runs it: the compiled code in dist/ on bare Node,
// with the real adapters, core, database and outbox, pointed at the fakes.
// Telegram always; Slack (Socket Mode) when BENCH_SLACK_BOT_TOKEN is set;
// Telegram's webhook and the HTTP server when BENCH_WEBHOOK_URL is set.
import { writeFileSync } from "node:fs";
import { buildApp } from "../../dist/src/app.js";
import { loadConfig } from "../../dist/src/config.js";
import { createLogger } from "../../dist/src/core/logger.js";
import { profileOnSignal } from "./burst-profile.mjs";
import { watchPeakRss } from "./rss-monitor.mjs";

const optional = {
  SLACK_BOT_TOKEN: process.env.BENCH_SLACK_BOT_TOKEN,
  SLACK_APP_TOKEN: process.env.BENCH_SLACK_APP_TOKEN,
  SLACK_API_URL: process.env.BENCH_SLACK_API_URL,
  TELEGRAM_WEBHOOK_URL: process.env.BENCH_WEBHOOK_URL,
  TELEGRAM_WEBHOOK_SECRET: process.env.BENCH_WEBHOOK_SECRET,
  HTTP_PORT: process.env.BENCH_HTTP_PORT,
  HTTP_HOST: process.env.BENCH_HTTP_HOST,
};
const config = loadConfig({
  DATABASE_URL: process.env.BENCH_DATABASE_URL,
  TELEGRAM_BOT_TOKEN: process.env.BENCH_TOKEN,
  TELEGRAM_API_ROOT: process.env.BENCH_API_ROOT,
  CONSOLE: "off",
  LOG_LEVEL: "silent",
  ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
});
// BENCH_STATEMENTS_FILE: every statement sent, counted by its text, written there at the stop (what a path costs).
const statements = new Map();
const observeStatement = process.env.BENCH_STATEMENTS_FILE
  ? (sql) => statements.set(sql, (statements.get(sql) ?? 0) + 1)
  : undefined;
const app = await buildApp({ config, logger: createLogger({ level: "silent" }), observeStatement });
await app.start();
watchPeakRss(async () => {
  await app.stop();
  if (process.env.BENCH_STATEMENTS_FILE) {
    const counted = [...statements].sort((a, b) => b[1] - a[1]).map(([sql, n]) => `${n}\t${sql.replace(/\s+/g, " ")}`);
    const provider = config.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql";
    writeFileSync(`${process.env.BENCH_STATEMENTS_FILE}.${provider}`, `${counted.join("\n")}\n`);
  }
});
profileOnSignal(`talkoot-${config.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql"}`);
process.stdout.write("ready\n");
