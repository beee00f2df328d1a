// The adapter from TELEGRAM_* variables: off without a token, polling by
// default, a webhook (mounted at its URL's path) when configured.
import assert from "node:assert/strict";
import { it } from "vitest";
import { telegramAdapterFromConfig } from "../../../adapters/telegram/from-config.js";
import { createLogger } from "../../../src/core/logger.js";
import { MemoryState } from "../../e2e/telegram/support.js";

const deps = { state: new MemoryState(), logger: createLogger({ level: "silent" }), commandMenu: () => [] };
const token = "123456789:AAFakeTokenForTalkootTests_abcdefghijk";

it("is off without a token, and polls when only the token is set", () => {
  assert.equal(telegramAdapterFromConfig({}, deps), undefined);
  const polling = telegramAdapterFromConfig({ TELEGRAM_BOT_TOKEN: token }, deps);
  assert.equal(polling?.platform, "telegram");
  assert.equal(polling?.webhookPath, undefined);
  assert.throws(() => polling?.webhookHandler(), /needs the webhook option/);
});

it("uses a webhook with its secret, mounted at the URL's path", () => {
  const adapter = telegramAdapterFromConfig(
    {
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_URL: "https://bot.example.org/telegram",
      TELEGRAM_WEBHOOK_SECRET: "secret_1",
    },
    deps,
  );
  assert.equal(adapter?.webhookPath, "/telegram");
  assert.equal(typeof adapter?.webhookHandler(), "function");
  assert.throws(
    () => telegramAdapterFromConfig({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_URL: "https://x.org/t" }, deps),
    /TELEGRAM_WEBHOOK_SECRET/,
  );
});
