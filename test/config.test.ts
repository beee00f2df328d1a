import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { ConfigError, enabledPlatforms, loadConfig, requireAdapters } from "../src/config.js";

describe("config", () => {
  it("defaults to SQLite and the console", () => {
    const config = loadConfig({});
    assert.equal(config.DATABASE_URL, "file:./data/talkoot.db");
    assert.deepEqual(enabledPlatforms(config), ["console"]);
  });

  it("names DATABASE_URL and what it accepts", () => {
    assert.throws(
      () => loadConfig({ DATABASE_URL: "mysql://x" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.lines.length === 1 &&
        /DATABASE_URL/.test(error.lines[0]!) &&
        /file:/.test(error.lines[0]!) &&
        /postgres/.test(error.lines[0]!),
    );
  });

  it("rejects a malformed token without echoing it", () => {
    assert.throws(
      () => loadConfig({ TELEGRAM_BOT_TOKEN: "secret-but-wrong" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /TELEGRAM_BOT_TOKEN/.test(error.message) &&
        !/secret-but-wrong/.test(error.message),
    );
    assert.throws(() => loadConfig({ SLACK_BOT_TOKEN: "xoxp-123" }), /SLACK_BOT_TOKEN must start with xoxb-/);
  });

  it("takes PUBLIC_BASE_URL as a URL, without its trailing slash", () => {
    assert.equal(
      loadConfig({ PUBLIC_BASE_URL: "https://bot.example.org/" }).PUBLIC_BASE_URL,
      "https://bot.example.org",
    );
    assert.equal(loadConfig({ PUBLIC_BASE_URL: "" }).PUBLIC_BASE_URL, undefined);
    assert.throws(() => loadConfig({ PUBLIC_BASE_URL: "bot.example.org" }), /PUBLIC_BASE_URL must be a URL/);
  });

  it("checks variables that belong together", () => {
    assert.throws(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-abc" }), /SLACK_BOT_TOKEN needs SLACK_APP_TOKEN/);
    assert.throws(
      () => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "0123456789abcdef0123" }),
      /HTTP_PORT is needed for Slack's HTTP mode/,
    );
    assert.throws(
      () =>
        loadConfig({
          TELEGRAM_BOT_TOKEN: "123456789:AAbbccddeeffgghhiijjkkllmmnnooppqq",
          TELEGRAM_WEBHOOK_URL: "https://x.example/tg",
        }),
      /TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET/,
    );
    assert.doesNotThrow(() => loadConfig({ SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_APP_TOKEN: "xapp-1-A1-2-abc" }));
  });

  it("turns on the adapters whose tokens are set", () => {
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: "123456789:AAbbccddeeffgghhiijjkkllmmnnooppqq" });
    assert.deepEqual(enabledPlatforms(config), ["telegram"]);
    assert.deepEqual(enabledPlatforms({ ...config, CONSOLE: "on" }), ["telegram", "console"]);
  });

  it("stops a start where a platform is turned on but no adapter was built for it, in one line", () => {
    assert.doesNotThrow(() => requireAdapters(["telegram", "console"], ["console", "telegram", "tg"]));
    assert.throws(
      () => requireAdapters(["telegram", "discord"], ["telegram"]),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.lines.length === 1 &&
        /^config error: this build has no adapter for discord \(DISCORD_TOKEN is set\)/.test(error.lines[0]!),
    );
    assert.throws(
      () => requireAdapters(["matrix", "slack"], []),
      (error: unknown) =>
        error instanceof ConfigError && /no adapter for matrix, slack \(SLACK_BOT_TOKEN/.test(error.message),
    );
  });

  it("checks the time zone, log level and language, listing what each accepts", () => {
    const lines = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.lines;
      }
    };
    assert.deepEqual(lines({ DEFAULT_TIMEZONE: "Mars/Olympus" }), [
      "config error: DEFAULT_TIMEZONE must be a known IANA time zone such as Europe/Helsinki or Europe/Stockholm",
    ]);
    assert.equal(loadConfig({ DEFAULT_TIMEZONE: "Europe/Stockholm" }).DEFAULT_TIMEZONE, "Europe/Stockholm");
    assert.deepEqual(lines({ LOG_LEVEL: "verbose", DEFAULT_LOCALE: "de" }), [
      "config error: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent",
      "config error: DEFAULT_LOCALE must be one of en, fi, sv",
    ]);
    assert.deepEqual(lines({ SCHEDULER_TICK_SECONDS: "0" }), [
      "config error: SCHEDULER_TICK_SECONDS must be a whole number of seconds from 1 to 3600",
    ]);
    assert.deepEqual(lines({ TALKOOT_CLOCK_OFFSET_SECONDS: "-5" }), [
      "config error: TALKOOT_CLOCK_OFFSET_SECONDS must be a whole number of seconds from 0 to 31536000",
    ]);
    assert.equal(loadConfig({ TALKOOT_CLOCK_OFFSET_SECONDS: "130" }).TALKOOT_CLOCK_OFFSET_SECONDS, 130);
  });

  it("calls a value copied from an example a placeholder, naming only the variable", () => {
    for (const value of ["xoxb-...", "xapp-…", "<your token>", "your-token-here", "changeme"]) {
      assert.throws(
        () => loadConfig({ SLACK_BOT_TOKEN: value, SLACK_APP_TOKEN: "xapp-1-A1-2-abc" }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.lines.length === 1 &&
          error.lines[0] ===
            "config error: SLACK_BOT_TOKEN is still a placeholder from an example; put the real value there",
        value,
      );
    }
    // With other problems, each variable gets its own line.
    assert.throws(
      () => loadConfig({ TELEGRAM_BOT_TOKEN: "123456789:...", LOG_LEVEL: "loud" }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.lines.length === 2 &&
        /TELEGRAM_BOT_TOKEN is still a placeholder/.test(error.lines[0]!) &&
        /LOG_LEVEL must be one of/.test(error.lines[1]!),
    );
  });
});
