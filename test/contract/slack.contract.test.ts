// The Slack adapter passes the contract in Socket Mode: the real Bolt against
// the fake Slack, commands as /talkoot slash commands, redeliveries with the
// same envelope_id, presses as block_actions.
import assert from "node:assert/strict";
import { SlackAdapter } from "../../adapters/slack/slack-adapter.js";
import {
  botMessages,
  buttonsOf,
  FakeWorkspace,
  findButton,
  silentLogger,
  visibleText,
} from "../adapters/slack/support.js";
import { FakeSlack } from "../fakes/slack/fake-slack.js";
import { type ContractHarness, runAdapterContract } from "./adapter-contract.js";

runAdapterContract("slack", async (): Promise<ContractHarness> => {
  const fake = await FakeSlack.start();
  const workspace = new FakeWorkspace(fake);
  workspace.channel("general");
  const adapter = new SlackAdapter({
    botToken: fake.botToken,
    appToken: fake.appToken,
    apiUrl: fake.slackApiUrl,
    logger: silentLogger(),
  });
  let last: string | undefined;
  return {
    adapter,
    groupChat: "general",
    async sendCommand(chat, user, text) {
      const delivery = await fake.slashCommand("socket", {
        command: "/talkoot",
        text: workspace.typed(text.replace(/^\//, "")),
        userId: workspace.user(user),
        channelId: workspace.channel(chat),
      });
      assert.ok(delivery.ack, "the command was acknowledged within 3 s");
      last = delivery.id;
    },
    async redeliverLast() {
      if (!last) throw new Error("nothing delivered yet");
      const again = await fake.redeliver(last);
      assert.ok(again.ack, "the redelivery was acknowledged too");
    },
    async press(chat, user, label) {
      const channelId = workspace.channel(chat);
      const { message, actionId } = findButton(fake, channelId, label);
      const delivery = await fake.pressButton("socket", channelId, message.ts, workspace.user(user), actionId);
      assert.ok(delivery.ack, "the press was acknowledged within 3 s");
      last = delivery.id;
    },
    visibleMessages: async (chat) =>
      botMessages(fake, workspace.channel(chat)).map((m) => ({
        text: visibleText(fake, m),
        buttons: buttonsOf(m).map((b) => b.label),
      })),
    privateTexts: async (user) =>
      fake.ephemeralsFor(workspace.channel("general"), workspace.user(user)).map((e) => e.text),
    refuseNextReply(refusal) {
      // Posts are never retried inside the client (outbound.ts): the one refusal reaches the core.
      if (refusal === "rateLimited") fake.fail("chat.postMessage", { kind: "ratelimited" });
      else fake.fail("chat.postMessage", { kind: "5xx", status: 503 });
    },
    close: () => fake.stop(),
  };
});
