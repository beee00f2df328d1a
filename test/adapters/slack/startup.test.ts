// start(): a bad token or missing scopes stop it with one line an operator
// can act on; a good install connects, is ready, and stops cleanly.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { requiredBotScopes } from "../../../adapters/slack/manifest.js";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { checkAuthTest, missingScopes, optionalScopesWarning } from "../../../adapters/slack/startup-check.js";
import type { EventSink } from "../../../src/core/events.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { recordingLogger, silentLogger } from "./support.js";

const sink: EventSink = { handle: async () => ({ status: "ignored" }) };

async function withFake(
  options: Parameters<typeof FakeSlack.start>[0],
  body: (fake: FakeSlack) => Promise<void>,
): Promise<void> {
  const fake = await FakeSlack.start(options);
  try {
    await body(fake);
  } finally {
    await fake.stop();
  }
}

function socketAdapter(fake: FakeSlack, overrides: { botToken?: string; appToken?: string } = {}): SlackAdapter {
  return new SlackAdapter({
    botToken: overrides.botToken ?? fake.botToken,
    appToken: overrides.appToken ?? fake.appToken,
    apiUrl: fake.slackApiUrl,
    logger: silentLogger(),
  });
}

describe("Slack start-up", () => {
  it("refuses a bot token Slack does not know, in one line naming SLACK_BOT_TOKEN", async () => {
    await withFake({}, async (fake) => {
      const adapter = socketAdapter(fake, { botToken: "xoxb-0000-nope" });
      await assert.rejects(adapter.start(sink), {
        message: "slack: auth.test failed (invalid_auth); check SLACK_BOT_TOKEN",
      });
      assert.equal(adapter.isReady(), false);
      assert.equal(fake.callsOf("apps.connections.open").length, 0);
    });
  });

  it("names the scopes the manifest asks for and the token lacks", async () => {
    const scopes = requiredBotScopes().filter((s) => s !== "files:write" && s !== "im:write");
    await withFake({ scopes }, async (fake) => {
      const adapter = socketAdapter(fake);
      await assert.rejects(adapter.start(sink), (error: Error) => {
        assert.equal(error.message.split("\n").length, 1);
        assert.match(error.message, /^slack: the bot token lacks the scope\(s\) files:write, im:write; /);
        assert.match(error.message, /reinstall/);
        return true;
      });
    });
  });

  it("refuses an app token Slack does not know, naming SLACK_APP_TOKEN", async () => {
    await withFake({}, async (fake) => {
      const adapter = socketAdapter(fake, { appToken: "xapp-1-A0-nope" });
      await assert.rejects(adapter.start(sink), {
        message: "slack: apps.connections.open failed (invalid_auth); check SLACK_APP_TOKEN",
      });
    });
  });

  it("needs either an app token or a signing secret", () => {
    assert.throws(
      () => new SlackAdapter({ botToken: "xoxb-1", logger: silentLogger() }),
      /set SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET \(HTTP mode\)/,
    );
  });

  it("connects with the manifest's required scopes, is ready, and stops; it warns of the optional ones", async () => {
    await withFake({ scopes: requiredBotScopes() }, async (fake) => {
      const { logger, lines } = recordingLogger();
      const adapter = new SlackAdapter({
        botToken: fake.botToken,
        appToken: fake.appToken,
        apiUrl: fake.slackApiUrl,
        logger,
      });
      assert.equal(adapter.mode, "socket");
      await adapter.start(sink);
      assert.equal(adapter.isReady(), true);
      assert.equal(fake.callsOf("auth.test").length, 1, "one auth.test: Talkoot's, not Bolt's as well");
      assert.equal(fake.socketConnections, 1);
      await adapter.stop();
      assert.equal(adapter.isReady(), false);
      await fake.waitFor(() => fake.socketConnections === 0, 2000, "the socket to close");
      const warning = lines.find((line) => line.includes("lacks channels:history, groups:history, mpim:history"));
      assert.ok(warning, lines.join(""));
    });
  });

  it("skips auth.test when the bot ids are given (tests)", async () => {
    await withFake({}, async (fake) => {
      const adapter = new SlackAdapter({
        botToken: fake.botToken,
        appToken: fake.appToken,
        apiUrl: fake.slackApiUrl,
        botUserId: fake.botUserId,
        botId: fake.botId,
        logger: silentLogger(),
      });
      await adapter.start(sink);
      await adapter.stop();
      assert.equal(fake.callsOf("auth.test").length, 0);
    });
  });
});

describe("checkAuthTest", () => {
  it("returns the bot's identity, and skips the scope check when Slack sent no scopes", () => {
    const identity = checkAuthTest({ team_id: "T1", user_id: "U1", bot_id: "B1" }, ["chat:write"]);
    assert.deepEqual(identity, { teamId: "T1", botUserId: "U1", botId: "B1" });
    assert.throws(() => checkAuthTest({ team_id: "T1", user_id: "U1" }, []), /no bot_id/);
    assert.deepEqual(missingScopes(["a", "b", "c"], ["b"]), ["a", "c"]);
  });

  it("warns of optional scopes only when Slack said which scopes the token has", () => {
    const optional = ["channels:history", "groups:history"];
    const without = { response_metadata: { scopes: ["chat:write", "groups:history"] } };
    assert.match(optionalScopesWarning(without, optional) ?? "", /lacks channels:history; Talkoot runs/);
    assert.equal(optionalScopesWarning({ response_metadata: { scopes: optional } }, optional), undefined);
    assert.equal(optionalScopesWarning({}, optional), undefined);
  });
});
