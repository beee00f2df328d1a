// buildApp refuses, before it opens anything, a configuration that turns on a
// platform this build has no adapter module for: one config line naming the
// platform and its variable, never the token's value.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "vitest";
import { consoleModule } from "../adapters/console/module.js";
import { buildApp } from "../src/app.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { createLogger } from "../src/core/logger.js";

it("stops the start of a platform with no adapter module in one line, and opens no database", async () => {
  const file = join(mkdtempSync(join(tmpdir(), "talkoot-no-adapter-")), "never.db");
  const token = "123456789:AAH-this_token_must_never_be_printed_0123";
  const config = loadConfig({ DATABASE_URL: `file:${file}`, TELEGRAM_BOT_TOKEN: token, CONSOLE: "on" });
  await assert.rejects(
    buildApp({ config, logger: createLogger({ level: "silent" }), adapterModules: [consoleModule] }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.lines.length, 1);
      assert.match(
        error.lines[0]!,
        /^config error: this build has no adapter for telegram \(TELEGRAM_BOT_TOKEN is set\)/,
      );
      assert.doesNotMatch(error.message, /AAH-this_token/);
      return true;
    },
  );
  assert.equal(existsSync(file), false, "no database was created");
});
