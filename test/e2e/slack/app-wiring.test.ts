// The composition root as `npm start` builds it from the environment: Slack in
// HTTP mode is served on the backbone's HTTP server (HTTP_PORT), next to
// /healthz, /readyz and /metrics.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { type App, buildApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/core/logger.js";
import { botMessages, FakeWorkspace, visibleText } from "../../adapters/slack/support.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { freshDatabase, TEST_PROVIDERS, type TestDatabase } from "../../support/databases.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack HTTP mode on the app's own HTTP server [${provider}]`, () => {
    let fake: FakeSlack;
    let app: App;
    let database: TestDatabase;
    let general: string;
    let aino: string;

    beforeAll(async () => {
      fake = await FakeSlack.start({ teamId: "T0WIRED" });
      const workspace = new FakeWorkspace(fake);
      general = workspace.channel("general");
      aino = workspace.user("aino");
      database = await freshDatabase(provider);
      const config = loadConfig({
        DATABASE_URL: database.url,
        HTTP_PORT: "0",
        HTTP_HOST: "127.0.0.1",
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: fake.signingSecret,
        SLACK_API_URL: fake.slackApiUrl,
      });
      app = await buildApp({ config, logger: createLogger({ level: "silent" }), timers: false });
      await app.start();
      fake.requestUrl = `http://127.0.0.1:${app.http!.port}/slack/events`;
    });

    afterAll(async () => {
      await app.stop();
      await fake.stop();
      await database.destroy();
    });

    it("answers /talkoot help sent to /slack/events, and is ready", async () => {
      assert.equal((app.adapters.get("slack") as SlackAdapter | undefined)?.mode, "http");
      const delivery = await fake.slashCommand("http", {
        command: "/talkoot",
        text: "help",
        userId: aino,
        channelId: general,
      });
      assert.equal(delivery.status, 200);
      const reply = await fake.waitFor(() => botMessages(fake, general).at(-1), 5_000, "the help reply");
      assert.match(visibleText(fake, reply), /^Talkoot commands/);
      const ready = await fetch(`http://127.0.0.1:${app.http!.port}/readyz`);
      assert.equal(ready.status, 200);
    });

    it("refuses a forged request with 401", async () => {
      const forged = await fake.signedPost(
        fake.requestUrl!,
        "command=%2Ftalkoot&text=help",
        "application/x-www-form-urlencoded",
        {
          secret: "not-the-signing-secret",
        },
      );
      assert.equal(forged.status, 401);
    });
    it("answers 503 once the core stops taking events, so Slack delivers again later", async () => {
      app.router.stopAccepting();
      const late = await fake.slashCommand("http", {
        command: "/talkoot",
        text: "help",
        userId: aino,
        channelId: general,
      });
      assert.equal(late.status, 503);
    });
  });
}
