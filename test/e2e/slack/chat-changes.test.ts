// A Slack channel the bot is removed from, or that is archived, through real
// Bolt against the fake Slack: the channel stops receiving, the admins are
// told once, requests go to the fallback, and the bot invited back restores it.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { botMessages, visibleText } from "../../adapters/slack/support.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { type SlackE2E, startSlackE2E } from "./harness.js";

/** The outbox and Slack's events arrive in their own time; conditions are awaited, up to this long. */
const WAIT = { timeout: 30_000, interval: 50 };

for (const provider of TEST_PROVIDERS) {
  describe(`Slack: a linked channel the bot cannot post in [${provider}]`, () => {
    let e2e: SlackE2E;
    let team: string;
    const chatId = () => `slack:T0KALLIO:${team}`;

    /** Every bot message in a channel, as read, oldest first. */
    const said = (channel: string) => botMessages(e2e.fake, channel).map((m) => visibleText(e2e.fake, m));

    /** The newest request receipt (the admins' card may arrive after it, through the outbox). */
    const receiptIn = (channel: string) => said(channel).findLast((t) => /Your request number is/.test(t)) ?? "";

    async function reachability() {
      const chat = await e2e.app.app.store.chats.find(chatId());
      return chat?.unreachableReason ?? "reachable";
    }

    async function queueAndExpectDeadLetter(reason: string): Promise<void> {
      const { app } = e2e.app;
      const id = await app.outbox.enqueue({ platform: "slack", chatId: chatId() }, { text: "for the team" }, "test");
      await vi.waitFor(async () => {
        const row = await app.database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
        assert.equal(row.status, "dead");
        assert.match(row.lastError ?? "", new RegExp(`chat unreachable \\(${reason}\\)`));
      }, WAIT);
    }

    beforeAll(async () => {
      e2e = await startSlackE2E("socket", provider);
      team = e2e.workspace.channel("city-team");
      await e2e.talkoot("olli", "setup community Kallio");
      await e2e.talkoot("olli", "setup invite");
      const code = /Invite code: (\S+?)[ .]/.exec(e2e.lastText())![1]!;
      await e2e.talkoot("olli", `setup join ${code} --officials`, "city-team");
      await e2e.talkoot("olli", 'setup category add lighting "Street lighting"');
      await e2e.talkoot("olli", 'setup contact add "City lighting" --categories lighting', "city-team");
    });
    afterAll(() => e2e.close());

    it("channel_left: marked unreachable, admins told in another linked chat, requests go to the fallback", async () => {
      const { fake, workspace, general, talkoot } = e2e;
      await fake.removeBot("socket", team, workspace.user("olli"));
      await vi.waitFor(async () => assert.equal(await reachability(), "removed"), WAIT);
      await vi.waitFor(() => assert.ok(said(general).some((t) => /can no longer post in/.test(t))), WAIT);

      await talkoot("aino", "request lighting Lamp out at the corner");
      const receipt = receiptIn(general);
      assert.match(receipt, /the community's admins/);
      assert.doesNotMatch(receipt, /City lighting/, "never 'sent to' a channel that cannot receive it");

      await talkoot("olli", "setup status");
      const status = /⚠ slack · city-team \(officials\): the bot cannot post here \(the bot was removed\)/;
      assert.ok(said(general).some((t) => status.test(t)));
      assert.equal(said(general).filter((t) => /can no longer post in/.test(t)).length, 1);
      await queueAndExpectDeadLetter("removed");
    });

    it("member_joined_channel for the bot: reachable again, admins told, requests reach the team", async () => {
      const { fake, workspace, general, talkoot } = e2e;
      await fake.inviteBot("socket", team, workspace.user("olli"));
      await vi.waitFor(async () => assert.equal(await reachability(), "reachable"), WAIT);
      await vi.waitFor(() => assert.ok(said(general).some((t) => /again/.test(t))), WAIT);
      await talkoot("aino", "request lighting Second lamp");
      assert.match(receiptIn(general), /City lighting/);
      await vi.waitFor(() => assert.ok(said(team).some((t) => /Second lamp/.test(t))), WAIT);
    });

    it("channel_archive makes the channel unreachable too", async () => {
      const { fake, workspace } = e2e;
      await fake.archiveChannel("socket", team, workspace.user("olli"));
      await vi.waitFor(async () => assert.equal(await reachability(), "archived"), WAIT);
      await queueAndExpectDeadLetter("archived");
      await fake.inviteBot("socket", team, workspace.user("olli"));
      await vi.waitFor(async () => assert.equal(await reachability(), "reachable"), WAIT);
    });

    it("a not_in_channel answer, with no event seen, marks the channel and dead-letters the row", async () => {
      const channel = e2e.fake.channel(team)!;
      // Removed while the app was not listening: only the next post finds out.
      channel.botIsMember = false;
      channel.members = channel.members.filter((m) => m !== e2e.fake.botUserId);
      await queueAndExpectDeadLetter("removed");
      assert.equal(await reachability(), "removed");
    });
  });
}
