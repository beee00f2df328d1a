// A slash command typed in a channel the bot has not been invited to: Slack
// delivers it, chat.postMessage there fails with not_in_channel, and the
// answer goes through the command's response_url instead (private answers
// too), so the person is never left without one.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { destinationOf } from "../../../src/core/adapter.js";
import type { EventSink } from "../../../src/core/events.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { FakeWorkspace, silentLogger } from "./support.js";

describe("answering where the bot is not a member", () => {
  it("answers a command through its response_url, in the channel or privately", async () => {
    const fake = await FakeSlack.start();
    const workspace = new FakeWorkspace(fake);
    const aino = workspace.user("aino");
    const lobby = workspace.channel("lobby", { botIsMember: false });
    const adapter = new SlackAdapter({
      botToken: fake.botToken,
      appToken: fake.appToken,
      apiUrl: fake.slackApiUrl,
      logger: silentLogger(),
    });
    const sink: EventSink = {
      async handle(event) {
        const to = destinationOf(event.conversation);
        await adapter.send(to, { text: "in the channel" }, { inReplyTo: event });
        await adapter.send(to, { text: "just for you", ephemeralFor: event.author.id }, { inReplyTo: event });
        return { status: "handled" };
      },
    };
    try {
      await adapter.start(sink);
      await fake.slashCommand("socket", { command: "/talkoot", text: "help", userId: aino, channelId: lobby });
      await adapter.settle();
      const refused = fake.callsOf("chat.postMessage").at(-1)?.response;
      assert.equal(typeof refused === "object" && refused.error, "not_in_channel");
      assert.deepEqual(
        fake.responses.map((r) => r.effect),
        ["in_channel", "ephemeral"],
      );
      assert.equal(fake.messagesIn(lobby).at(-1)?.text, "in the channel");
      assert.equal(fake.ephemeralsFor(lobby, aino).at(-1)?.text, "just for you");
    } finally {
      await adapter.stop();
      await fake.stop();
    }
  });
});
