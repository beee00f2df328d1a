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
// BENCH_STATEMENTS_FILE: every statement the bot sends, a line each, with the monotonic time in µs
// (to count a scenario's statements per request; see bench/routed.ts's request phase), in
// <file>.sqlite or <file>.postgresql (the vote burst runs a bot on each).
const provider = config.DATABASE_URL.startsWith("file:") ? "sqlite" : "postgresql";
const statementsFile = process.env.BENCH_STATEMENTS_FILE && `${process.env.BENCH_STATEMENTS_FILE}.${provider}`;
const statementLines = [];
const observeStatement = statementsFile
  ? (sql) => statementLines.push(`${process.hrtime.bigint() / 1000n} ${sql.replace(/\s+/g, " ").slice(0, 160)}`)
  : undefined;
const writeStatements = () => writeFileSync(statementsFile, `${statementLines.join("\n")}\n`);
// At the stop's signal too: a bot with a long outbox to flush may be killed before it exits.
if (statementsFile) for (const event of ["SIGTERM", "exit"]) process.on(event, writeStatements);
const app = await buildApp({
  config,
  logger: createLogger({ level: process.env.BENCH_LOG_LEVEL ?? "silent" }),
  observeStatement,
});
await app.start();
watchPeakRss(() => app.stop());
profileOnSignal(`talkoot-${provider}`);
process.stdout.write("ready\n");
