// A Slack channel the bot is not in (issue 17): a slash command works there,
// but the bot could neither post nor hear mentions, so `/talkoot setup
// community` and `/talkoot setup join` say to invite it first and link
// nothing. Once invited, the same command works. Real Bolt over Socket Mode,
// the fake Slack's membership (conversations.info is_member), both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { type SlackE2E, startSlackE2E } from "./harness.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack channel the bot is not in [${provider}]`, () => {
    let e2e: SlackE2E;
    let lobby: string;
    beforeAll(async () => {
      e2e = await startSlackE2E("socket", provider);
      lobby = e2e.workspace.channel("lobby", { botIsMember: false });
    });
    afterAll(() => e2e.close());

    /** The answer that reached the person in `lobby`: the bot cannot post there, so through the response_url. */
    const answerIn = (since: number): string => {
      const posts = e2e.fake.responses.slice(since).map((r) => String(r.body.text ?? ""));
      return posts.join("\n");
    };

    it("/talkoot setup community asks to invite the bot first, and sets nothing up", async () => {
      const since = e2e.fake.responses.length;
      const { outcome } = await e2e.talkoot("olli", "setup community Kallio", "lobby");
      assert.equal(outcome.status, "failed");
      await e2e.fake.waitFor(() => e2e.fake.responses.length > since, 30_000, "an answer through the response_url");
      assert.match(answerIn(since), /Invite me first with \/invite @Talkoot/);
      assert.equal(await e2e.app.app.database.db.community.count(), 0);
      assert.ok(e2e.fake.callsOf("conversations.info").length > 0, "membership asked of Slack");
    });

    it("/talkoot setup join says the same", async () => {
      const since = e2e.fake.responses.length;
      const { outcome } = await e2e.talkoot("olli", "setup join K7PQ-4XMT", "lobby");
      assert.equal(outcome.status, "failed");
      await e2e.fake.waitFor(() => e2e.fake.responses.length > since, 30_000, "an answer through the response_url");
      assert.match(answerIn(since), /Invite me first/);
    });

    it("works once the bot has been invited", async () => {
      await e2e.fake.inviteBot(e2e.via, lobby, e2e.workspace.user("olli"));
      const { outcome } = await e2e.talkoot("olli", "setup community Kallio", "lobby");
      assert.equal(outcome.status, "handled");
      // A reply Slack rate-limits waits in the outbox a moment: wait for it, not for a fixed time.
      await e2e.fake.waitFor(() => /“Kallio” is set up/.test(e2e.lastText("lobby")), 30_000, "the set-up reply");
    });
  });
}
