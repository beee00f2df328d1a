// manifest.ts and `npm run slack:manifest`: the scopes, commands and
// settings the adapter uses, and the HTTP-mode variant.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { parse } from "yaml";
import { CHAT_EVENT_TYPES } from "../../../adapters/slack/chat-events.js";
import {
  eventsUrl,
  manifestBotScopes,
  manifestCli,
  manifestCommands,
  optionalBotScopes,
  requiredBotScopes,
} from "../../../adapters/slack/manifest.js";

const root = new URL("../../..", import.meta.url).pathname;

interface Manifest {
  features: { slash_commands: { command: string; url?: string; should_escape: boolean }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string };
    socket_mode_enabled: boolean;
  };
}

describe("Slack app manifest", () => {
  it("asks for exactly the scopes the adapter uses, and registers its commands", () => {
    assert.deepEqual(requiredBotScopes(), [
      "app_mentions:read",
      "channels:read",
      "chat:write",
      "commands",
      "files:read",
      "files:write",
      "groups:read",
      "im:history",
      "im:write",
      "users:read",
    ]);
    // Reading history only saves a duplicate after a lost answer: asked for, not required.
    assert.deepEqual(optionalBotScopes(), ["channels:history", "groups:history", "mpim:history"]);
    assert.deepEqual([...manifestBotScopes()].sort(), [...requiredBotScopes(), ...optionalBotScopes()].sort());
    assert.deepEqual(manifestCommands(), ["/talkoot", "/task", "/poll", "/request"]);
    const manifest = parse(manifestCli([], {}).output) as Manifest;
    assert.equal(manifest.settings.socket_mode_enabled, true);
    assert.equal(manifest.settings.interactivity.is_enabled, true);
    assert.deepEqual(manifest.settings.event_subscriptions.bot_events, [
      "app_mention",
      "message.im",
      ...CHAT_EVENT_TYPES,
    ]);
    assert.ok(manifest.features.slash_commands.every((c) => c.should_escape && !c.url));
  });

  it("fills in the request URLs and turns Socket Mode off for HTTP mode", () => {
    const manifest = parse(manifestCli(["--request-url", "https://bot.example.org"], {}).output) as Manifest;
    const url = "https://bot.example.org/slack/events";
    assert.equal(manifest.settings.socket_mode_enabled, false);
    assert.equal(manifest.settings.event_subscriptions.request_url, url);
    assert.equal(manifest.settings.interactivity.request_url, url);
    assert.deepEqual(
      manifest.features.slash_commands.map((c) => c.url),
      [url, url, url, url],
    );
    const fromEnv = parse(manifestCli([], { SLACK_REQUEST_URL: "https://x.fi/bot/" }).output) as Manifest;
    assert.equal(fromEnv.settings.interactivity.request_url, "https://x.fi/bot/slack/events");
    assert.equal(eventsUrl("https://x.fi/slack/events"), "https://x.fi/slack/events");
  });

  it("refuses a request URL that is not one, in one line", () => {
    assert.match(manifestCli(["--request-url", "bot.example.org"], {}).error ?? "", /must be a URL/);
    assert.match(manifestCli(["--request-url"], {}).error ?? "", /needs a URL/);
    assert.match(manifestCli(["--bogus"], {}).error ?? "", /unknown argument --bogus/);
  });

  it("prints through scripts/slack-manifest.ts", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/slack-manifest.ts", "--request-url", "https://h.fi"],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /request_url: https:\/\/h\.fi\/slack\/events/);
    assert.match(run.stdout, /socket_mode_enabled: false/);
  });
});
