// Slack end to end over HTTP: Slack's signed POSTs to /slack/events on a
// node:http server that mounts the adapter's handler, real Bolt, real core.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { botMessages } from "../../adapters/slack/support.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { type SlackE2E, startSlackE2E } from "./harness.js";
import { communityScenario } from "./scenario.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack over HTTP [${provider}]`, () => {
    let e2e: SlackE2E;
    beforeAll(async () => {
      e2e = await startSlackE2E("http", provider);
    });
    afterAll(() => e2e.close());

    it("is ready without a socket", () => {
      assert.equal(e2e.adapter.mode, "http");
      assert.equal(e2e.adapter.isReady(), true);
      assert.equal(e2e.fake.callsOf("apps.connections.open").length, 0);
    });

    communityScenario(() => e2e);

    it("refuses a forged signature and a six-minute-old timestamp with 401, to no effect", async () => {
      const { fake, workspace, general, handled } = e2e;
      const url = fake.requestUrl!;
      const body = new URLSearchParams(
        fake.buildSlashCommand({
          command: "/talkoot",
          text: "counter",
          userId: workspace.user("aino"),
          channelId: general,
        }),
      ).toString();
      const type = "application/x-www-form-urlencoded";
      const messages = botMessages(fake, general).length;
      const before = handled.count;

      const forged = await fake.signedPost(url, body, type, { secret: "0123456789abcdef0123456789abcdef" });
      assert.equal(forged.status, 401);
      const stale = await fake.signedPost(url, body, type, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
      assert.equal(stale.status, 401);

      // The same body, signed now, is the only one that counts.
      const genuine = await fake.signedPost(url, body, type, {});
      assert.equal(genuine.status, 200);
      await handled.waitFor(before + 1);
      assert.equal(handled.count, before + 1);
      assert.equal(botMessages(fake, general).length, messages + 1);
    });

    it("answers 404 off its path and 503 once stopped, so Slack retries elsewhere", async () => {
      const { fake, adapter } = e2e;
      const base = fake.requestUrl!.replace(/\/slack\/events$/, "");
      const elsewhere = await fetch(`${base}/slack/elsewhere`, { method: "POST" });
      assert.equal(elsewhere.status, 404);
      await adapter.stop();
      const stopped = await fake.signedPost(fake.requestUrl!, "{}", "application/json", {});
      assert.equal(stopped.status, 503);
      assert.equal(adapter.isReady(), false);
    });
  });
}
