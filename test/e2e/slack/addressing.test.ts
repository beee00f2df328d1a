// Addressing the bot on Slack (issue 17): a mention anywhere in the message
// ("hey @Talkoot help") runs the command that follows it; words after the
// mention that name no command stay talk. Real Bolt over Socket Mode against
// the fake Slack, the real core, on both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { botMessages, visibleText } from "../../adapters/slack/support.js";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { assertAcknowledged, type SlackE2E, startSlackE2E } from "./harness.js";

for (const provider of TEST_PROVIDERS) {
  describe(`Slack addressing [${provider}]`, () => {
    let e2e: SlackE2E;
    beforeAll(async () => {
      e2e = await startSlackE2E("socket", provider);
    });
    afterAll(() => e2e.close());

    /** Aino writes `text` in #general; resolves with the core's reading of it once handled. */
    const write = async (text: string) => {
      const { fake, workspace, general, handled } = e2e;
      const before = handled.count;
      const delivery = await fake.mention("socket", general, workspace.user("aino"), text);
      assertAcknowledged(delivery);
      await handled.waitFor(before + 1);
      return handled.list[before]!;
    };

    it("runs a mention that is not first: 'hey @Talkoot help'", async () => {
      const { fake, general } = e2e;
      const before = botMessages(fake, general).length;
      const handled = await write(`hey <@${fake.botUserId}> help`);
      assert.equal(handled.event.kind, "command");
      assert.equal(handled.event.kind === "command" && handled.event.text, "/help");
      const answers = botMessages(fake, general).slice(before);
      assert.equal(answers.length, 1);
      assert.match(visibleText(fake, answers[0]!), /^Talkoot commands/);
    });

    it("leaves talk that mentions the bot alone: 'thanks @Talkoot', 'ask @Talkoot later'", async () => {
      const { fake, general } = e2e;
      const before = botMessages(fake, general).length;
      for (const text of [`thanks <@${fake.botUserId}>`, `ask <@${fake.botUserId}> later about it`]) {
        const handled = await write(text);
        assert.equal(handled.event.kind, "message", text);
        assert.equal(handled.outcome.status, "ignored", text);
      }
      assert.equal(botMessages(fake, general).length, before, "no answer to talk");
    });
  });
}
