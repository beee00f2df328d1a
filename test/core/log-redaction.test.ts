// No secret reaches a log line: real errors from each SDK, with real-shaped
// tokens, logged at every level, and the output scanned for the tokens.
import assert from "node:assert/strict";
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer, type Server } from "node:net";
import { Writable } from "node:stream";
import { WebClient } from "@slack/web-api";
import { REST } from "discord.js";
import { Bot } from "grammy";
import { afterAll, beforeAll, describe, it } from "vitest";
import { loadConfig, secretsOf } from "../../src/config.js";
import { createLogger, type Logger, protectSecrets } from "../../src/core/logger.js";

const TELEGRAM_TOKEN = "7351920468:AAF3kq9ZtVx1pR8sLw2mN4bY6cD0eH5jKuQ";
const SLACK_BOT_TOKEN = "xoxb-2148291027-4751930281-9fQz3LmW8kTrY2vXcB7nH1pA";
const SLACK_APP_TOKEN = "xapp-1-A04BC8TQ1-5194202611-4c1e7f0b3d9a2e8f6a1c5b7d9e0f2a4c";
const SLACK_SIGNING_SECRET = "8f2a9c4e1b7d3f6a0e5c2b9d8a7f4e1c";
const DISCORD_TOKEN = "MTE0NzY4OTk4NzU0MjM0Nzc2Mg.GxYz9Q.kP4m7Nq2Rt8Vw1Xy5Za3Bc6De9Fg0Hi2Jk4Lm";
const WEBHOOK_SECRET = "wh-Secret_4b8f1c9e2d7a";
const DB_PASSWORD = "s3cr3t-Pa55w0rd";
const DATABASE_URL = `postgresql://talkoot:${DB_PASSWORD}@127.0.0.1:5432/talkoot`;
const SECRETS = [
  TELEGRAM_TOKEN,
  SLACK_BOT_TOKEN,
  SLACK_APP_TOKEN,
  SLACK_SIGNING_SECRET,
  DISCORD_TOKEN,
  WEBHOOK_SECRET,
  DB_PASSWORD,
];
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

const config = loadConfig({
  DATABASE_URL,
  TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
  TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
  SLACK_BOT_TOKEN,
  SLACK_APP_TOKEN,
  SLACK_SIGNING_SECRET,
  DISCORD_TOKEN,
  DISCORD_APPLICATION_ID: "1147689987542347762",
});

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

function logAtEveryLevel(logger: Logger, error: unknown): void {
  for (const level of LEVELS) {
    logger[level]({ err: error }, "sdk call failed");
    logger[level](error);
    logger[level]({ wrapped: { cause: error, url: String((error as Error).message) } }, `failed: ${String(error)}`);
  }
}

function assertNoSecret(output: string): void {
  assert.ok(output.length > 0, "something was logged");
  for (const secret of SECRETS) assert.ok(!output.includes(secret), `a secret leaked: ${secret.slice(0, 8)}…`);
  assert.ok(output.includes("[redacted]"));
}

/** A server that takes each connection and drops it: a connection reset mid-request. */
let resetting: Server;
let resetPort: number;

beforeAll(async () => {
  resetting = createServer((socket) => socket.once("data", () => socket.destroy()));
  await new Promise<void>((resolve) => resetting.listen(0, "127.0.0.1", resolve));
  resetPort = (resetting.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => resetting.close(() => resolve())));

async function failure(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error("the call was expected to fail");
}

describe("log redaction by value", () => {
  it("removes the Telegram token from grammY's HttpError after a connection reset", async () => {
    const bot = new Bot(TELEGRAM_TOKEN, { client: { apiRoot: `http://127.0.0.1:${resetPort}` } });
    const error = await failure(() => bot.api.sendMessage(1, "hello"));
    assert.ok(JSON.stringify(error, Object.getOwnPropertyNames(error)).length > 0);
    const out = capture();
    logAtEveryLevel(createLogger({ level: "trace", destination: out.stream, secrets: secretsOf(config) }), error);
    assertNoSecret(out.text());
  });

  it("removes Slack tokens from a Web API error, its cause and its request config", async () => {
    const client = new WebClient(SLACK_BOT_TOKEN, {
      slackApiUrl: `http://127.0.0.1:${resetPort}/api/`,
      retryConfig: { retries: 0 },
    });
    const error = await failure(() => client.chat.postMessage({ channel: "C1", text: "hi" }));
    const out = capture();
    const logger = createLogger({ level: "trace", destination: out.stream, secrets: secretsOf(config) });
    logAtEveryLevel(logger, error);
    // What a call site or Bolt's logger may add: the request as sent, headers and all.
    const request = { headers: { Authorization: `Bearer ${SLACK_BOT_TOKEN}` }, body: `token=${SLACK_APP_TOKEN}` };
    for (const level of LEVELS) logger[level]({ err: error, request }, "slack call failed");
    assertNoSecret(out.text());
  });

  it("removes the Discord token from a DiscordAPIError and from nested fields", async () => {
    const server = createHttpServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" }).end('{"message":"401: Unauthorized","code":0}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const rest = new REST({ api: `http://127.0.0.1:${port}`, retries: 0 }).setToken(DISCORD_TOKEN);
      const error = await failure(() => rest.post("/channels/1/messages", { body: { content: "hi" } }));
      const out = capture();
      const logger = createLogger({ level: "trace", destination: out.stream, secrets: secretsOf(config) });
      logAtEveryLevel(logger, error);
      logger.error({ request: { headers: { Authorization: `Bot ${DISCORD_TOKEN}` }, url: DATABASE_URL } }, "x");
      assertNoSecret(out.text());
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("removes configured secrets from messages, bindings and causes, whatever their key", () => {
    const out = capture();
    const logger = createLogger({ level: "trace", destination: out.stream });
    protectSecrets(logger, secretsOf(config));
    const child = logger.child({ connection: DATABASE_URL, hook: WEBHOOK_SECRET });
    const error = new Error(`signing with ${SLACK_SIGNING_SECRET}`, { cause: new Error(`pw=${DB_PASSWORD}`) });
    logAtEveryLevel(child, error);
    child.info({ deep: { list: [{ s: `x${WEBHOOK_SECRET}y` }] } }, `${encodeURIComponent(DB_PASSWORD)}`);
    assertNoSecret(out.text());
  });

  it("removes token-shaped values that were never configured", () => {
    const out = capture();
    const logger = createLogger({ level: "trace", destination: out.stream });
    logger.error(
      { err: new Error(`request to https://api.telegram.org/bot${TELEGRAM_TOKEN}/getMe failed`) },
      `${SLACK_BOT_TOKEN} ${SLACK_APP_TOKEN} ${DISCORD_TOKEN} ${DATABASE_URL} t311_AbCdEfGhIjKlMnOpQrStUvWx`,
    );
    const text = out.text();
    for (const secret of [TELEGRAM_TOKEN, SLACK_BOT_TOKEN, SLACK_APP_TOKEN, DISCORD_TOKEN, DB_PASSWORD]) {
      assert.ok(!text.includes(secret), `a token-shaped value leaked: ${secret.slice(0, 8)}…`);
    }
    assert.ok(!text.includes("t311_AbCdEfGh"));
  });
});
