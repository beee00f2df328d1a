// Slack end to end over Socket Mode: real Bolt, fake Slack, real core.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { botMessages } from "../../adapters/slack/support.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { assertAcknowledged, type SlackE2E, startSlackE2E } from "./harness.js";
import { communityScenario } from "./scenario.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack over Socket Mode [${provider}]`, () => {
    let e2e: SlackE2E;
    beforeAll(async () => {
      e2e = await startSlackE2E("socket", provider);
    });
    afterAll(() => e2e.close());

    it("is connected and ready", () => {
      assert.equal(e2e.adapter.mode, "socket");
      assert.equal(e2e.adapter.isReady(), true);
      assert.equal(e2e.fake.socketConnections, 1);
    });

    communityScenario(() => e2e);

    it("reconnects after a disconnect envelope, losing nothing sent meanwhile", async () => {
      const { fake, workspace, general, handled } = e2e;
      const opened = fake.callsOf("apps.connections.open").length;
      const messages = botMessages(fake, general).length;
      const before = handled.count;
      fake.disconnectSockets("refresh_requested");
      // Sent while the link is down: Slack holds it until the app is back.
      const during = await fake.slashCommand("socket", {
        command: "/talkoot",
        text: "help",
        userId: workspace.user("aino"),
        channelId: general,
      });
      assertAcknowledged(during);
      await handled.waitFor(before + 1);
      assert.equal(fake.callsOf("apps.connections.open").length, opened + 1);
      assert.equal(fake.socketConnections, 1);
      assert.equal(e2e.adapter.isReady(), true);
      await e2e.talkoot("aino", "help");
      assert.equal(handled.count, before + 2);
      assert.equal(botMessages(fake, general).length, messages + 2, "both commands answered once");
    });
  });
}
