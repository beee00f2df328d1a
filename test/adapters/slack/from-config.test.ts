// slackAdapterFromConfig: the environment Talkoot validates becomes a
// working adapter (SLACK_API_URL loses its trailing slash in config and gets
// it back here), in the mode the tokens choose.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { slackAdapterFromConfig } from "../../../adapters/slack/slack-adapter.js";
import { loadConfig } from "../../../src/config.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { silentLogger } from "./support.js";

describe("slackAdapterFromConfig", () => {
  it("builds nothing without SLACK_BOT_TOKEN, Socket Mode with an app token, HTTP mode with a signing secret", async () => {
    const fake = await FakeSlack.start();
    try {
      const logger = silentLogger();
      assert.equal(slackAdapterFromConfig(loadConfig({}), { logger }), undefined);

      const socket = slackAdapterFromConfig(
        loadConfig({ SLACK_BOT_TOKEN: fake.botToken, SLACK_APP_TOKEN: fake.appToken, SLACK_API_URL: fake.slackApiUrl }),
        { logger },
      );
      assert.equal(socket?.mode, "socket");
      await socket.start({ handle: async () => ({ status: "ignored" }) });
      assert.equal(socket.isReady(), true);
      await socket.stop();

      const http = slackAdapterFromConfig(
        loadConfig({
          SLACK_BOT_TOKEN: fake.botToken,
          SLACK_SIGNING_SECRET: fake.signingSecret,
          SLACK_API_URL: fake.slackApiUrl,
          HTTP_PORT: "0",
        }),
        { logger },
      );
      assert.equal(http?.mode, "http");
      assert.equal(http.httpPath, "/slack/events");
      await http.start({ handle: async () => ({ status: "ignored" }) });
      assert.equal(http.isReady(), true);
      await http.stop();
      assert.equal(fake.callsOf("auth.test").length, 2);
    } finally {
      await fake.stop();
    }
  });
});
