// inbound.ts and inbound-text.ts: Slack payloads, built by the fake exactly
// as Slack sends them, become neutral events with namespaced ids, the
// canonical command line, and ids that a redelivery repeats.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import {
  actionEvent,
  type BlockActionsPayload,
  commandEvent,
  commandLine,
  filesOf,
  messageEvent,
  type SlackMessageEvent,
  type SlackPerson,
  type SlashCommandPayload,
} from "../../../adapters/slack/inbound.js";
import { slackToNeutral } from "../../../adapters/slack/inbound-text.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";

const aino: SlackPerson = { name: "Aino Virtanen", handle: "aino", isWorkspaceAdmin: false, locale: "fi-FI" };
const olli: SlackPerson = { name: "Olli", handle: "olli", isWorkspaceAdmin: true };
const receivedAt = new Date("2025-05-01T10:00:00Z");

describe("slackToNeutral", () => {
  it("turns user mentions into neutral mentions in the workspace", () => {
    assert.equal(slackToNeutral("<@U0AINO1|aino> coordinator", "T1"), "<@slack:T1:U0AINO1> coordinator");
    assert.equal(slackToNeutral("<@U0AINO1>", "T1"), "<@slack:T1:U0AINO1>");
    assert.equal(slackToNeutral("<@W0GRID01|grid>", "T1"), "<@slack:T1:W0GRID01>");
  });

  it("shows channels, links, broadcasts and entities as the person typed them", () => {
    assert.equal(slackToNeutral("<#C0GENERAL|general> <#C0OTHER1>", "T1"), "#general #C0OTHER1");
    assert.equal(
      slackToNeutral("see <https://kallio.fi/a?b=1&amp;c=2|kallio.fi>", "T1"),
      "see https://kallio.fi/a?b=1&c=2",
    );
    assert.equal(slackToNeutral("<mailto:a@b.fi|a@b.fi>", "T1"), "a@b.fi");
    assert.equal(slackToNeutral("<!here> <!channel> <!subteam^S1|@helpers>", "T1"), "@here @channel @helpers");
    assert.equal(slackToNeutral("&lt;b&gt; Fish &amp; chips &amp;lt;", "T1"), "<b> Fish & chips &lt;");
  });
});

describe("commandLine", () => {
  it("maps the umbrella command and the directly registered ones to one grammar", () => {
    assert.equal(commandLine("/talkoot", "task add Sorting --slots 4"), "/task add Sorting --slots 4");
    assert.equal(commandLine("/talkoot", "  /task list "), "/task list");
    assert.equal(commandLine("/talkoot", ""), "/help");
    assert.equal(commandLine("/task", "add Sorting"), "/task add Sorting");
    assert.equal(commandLine("/poll", ""), "/poll");
    assert.equal(commandLine("/TALKOOT", "help"), "/help");
  });
});

describe("Slack payloads to neutral events", () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start({ teamId: "T0KALLIO" });
    fake.addUser({ id: "U0AINO1", name: "aino" });
    fake.addUser({ id: "U0OLLI1", name: "olli", isAdmin: true });
    fake.addChannel({ id: "C0GENERAL", name: "general", members: ["U0AINO1", "U0OLLI1"] });
    // A D… id is a DM to the fake, as to Slack.
    fake.addChannel({ id: "D0AINO01", name: "U0AINO1", members: ["U0AINO1"] });
  });
  afterAll(() => fake.stop());

  function slash(text: string, channelId = "C0GENERAL", command = "/talkoot"): SlashCommandPayload {
    const fields = fake.buildSlashCommand({ command, text, userId: "U0AINO1", channelId });
    return fields as unknown as SlashCommandPayload;
  }

  it("maps a slash command with namespaced ids, the channel title and a stable event id", () => {
    const payload = slash("role <@U0OLLI1|olli> coordinator");
    const event = commandEvent(payload, aino, { receivedAt });
    assert.equal(event.kind, "command");
    assert.equal(event.platform, "slack");
    assert.equal(event.text, "/role <@slack:T0KALLIO:U0OLLI1> coordinator");
    assert.deepEqual(event.conversation, {
      platform: "slack",
      chatId: "slack:T0KALLIO:C0GENERAL",
      isDirect: false,
      title: "general",
    });
    assert.deepEqual(event.author, {
      id: "slack:T0KALLIO:U0AINO1",
      name: "Aino Virtanen",
      handle: "aino",
      isChatAdmin: false,
      locale: "fi-FI",
    });
    assert.equal(event.eventId, `command:${payload.trigger_id}`);
    assert.equal(commandEvent(payload, aino, { receivedAt }).eventId, event.eventId, "a redelivery repeats it");
    assert.equal(event.receivedAt, receivedAt);
  });

  it("counts workspace admins and the bot's DM as chat admin", () => {
    assert.equal(commandEvent(slash("setup community Kallio"), olli, { receivedAt }).author.isChatAdmin, true);
    const direct = commandEvent(slash("lang fi", "D0AINO01"), aino, { receivedAt });
    assert.equal(direct.conversation.isDirect, true);
    assert.equal(direct.conversation.title, undefined, "Slack's 'directmessage' is not a title");
    assert.equal(direct.author.isChatAdmin, true);
  });

  it("falls back to the envelope id, then to a digest of the payload, for the event id", () => {
    const { trigger_id: _drop, ...payload } = slash("help");
    assert.equal(commandEvent(payload, aino, { receivedAt, envelopeId: "env-1" }).eventId, "command:envelope:env-1");
    const digest = commandEvent(payload, aino, { receivedAt }).eventId;
    assert.match(digest, /^command:sha256:[0-9a-f]{32}$/);
    assert.equal(commandEvent({ ...payload }, aino, { receivedAt }).eventId, digest);
  });

  it("maps a press of a Talkoot button to an action with the core's id and the message to edit", () => {
    const posted = fake.postAsUser("C0GENERAL", "U0OLLI1", "card");
    posted.blocks = [
      {
        type: "actions",
        block_id: "b1",
        elements: [
          { type: "button", action_id: "talkoot:0.0", value: "act-123", text: { type: "plain_text", text: "Join" } },
          { type: "button", action_id: "other-app", value: "x", text: { type: "plain_text", text: "Other" } },
        ],
      },
    ];
    const payload = fake.buildBlockActions(
      "C0GENERAL",
      posted.ts,
      "U0AINO1",
      "talkoot:0.0",
    ) as unknown as BlockActionsPayload;
    const event = actionEvent(payload, aino, { receivedAt });
    assert.ok(event);
    assert.equal(event.actionId, "act-123");
    assert.deepEqual(event.message, { platform: "slack", chatId: "slack:T0KALLIO:C0GENERAL", messageId: posted.ts });
    assert.equal(event.author.id, "slack:T0KALLIO:U0AINO1");
    assert.equal(event.eventId, `action:U0AINO1:${payload.actions[0]!.action_ts}`);

    const ephemeral = { ...payload, container: { ...payload.container, is_ephemeral: true } };
    assert.equal(actionEvent(ephemeral, aino, { receivedAt })?.message, undefined, "ephemeral cards cannot be edited");

    const foreign = fake.buildBlockActions(
      "C0GENERAL",
      posted.ts,
      "U0AINO1",
      "other-app",
    ) as unknown as BlockActionsPayload;
    assert.equal(actionEvent(foreign, aino, { receivedAt }), undefined, "other apps' blocks are not Talkoot's");
  });

  function mention(text: string, threadTs?: string): SlackMessageEvent {
    const body = fake.buildAppMention("C0GENERAL", "U0AINO1", text, threadTs ? { threadTs } : {});
    return body.event as unknown as SlackMessageEvent;
  }

  const context = (isCommand: (name: string) => boolean = (name) => ["task", "help", "link"].includes(name)) => ({
    receivedAt,
    teamId: "T0KALLIO",
    botUserId: fake.botUserId,
    isCommand,
  });

  it("takes '@Talkoot task list' for the command /task list, in its thread", () => {
    const event = messageEvent(mention("task list"), aino, context());
    assert.equal(event?.kind, "command");
    assert.equal(event?.kind === "command" && event.text, "/task list");
    const threaded = messageEvent(mention("/task list", "1700000000.000100"), aino, context());
    assert.equal(threaded?.conversation.threadId, "1700000000.000100");
    assert.equal(messageEvent(mention(""), aino, context())?.kind === "command", true, "a bare mention asks for /help");
  });

  it("leaves a mention that is not a command as a plain message, and ignores what is not addressed to the bot", () => {
    const thanks = messageEvent(mention("thanks!"), aino, context());
    assert.deepEqual([thanks?.kind, thanks?.kind === "message" && thanks.text], ["message", "thanks!"]);
    const chatter: SlackMessageEvent = {
      type: "message",
      user: "U0AINO1",
      text: "task list",
      channel: "C0GENERAL",
      ts: "1.2",
    };
    assert.equal(messageEvent(chatter, aino, context()), undefined);
    const edit = { ...mention("task list"), subtype: "message_changed" };
    assert.equal(messageEvent(edit, aino, context()), undefined);
    const own = { ...mention("task list"), user: fake.botUserId };
    assert.equal(messageEvent(own, aino, context()), undefined);
  });

  it("takes a DM to the bot for a command without a mention, and names one message one event", () => {
    const dm: SlackMessageEvent = {
      type: "message",
      channel_type: "im",
      user: "U0AINO1",
      text: "link K7PQ-4XMT",
      channel: "D0AINO01",
      ts: "1700000000.000200",
    };
    const event = messageEvent(dm, aino, context());
    assert.equal(event?.kind === "command" && event.text, "/link K7PQ-4XMT");
    assert.equal(event?.conversation.isDirect, true);
    assert.equal(event?.eventId, "message:T0KALLIO:D0AINO01:1700000000.000200");
    const asMention = messageEvent(
      { ...dm, type: "app_mention", text: `<@${fake.botUserId}> link K7PQ-4XMT` },
      aino,
      context(),
    );
    assert.equal(asMention?.eventId, event?.eventId, "app_mention and message.im of one message de-duplicate");
  });

  const photo = { filename: "lamp.jpg", mimetype: "image/jpeg", bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]) };

  it("hands a file sent with '@Talkoot request …' to the command, by its file id", () => {
    const { message, files } = fake.postFilesAsUser(
      "C0GENERAL",
      "U0AINO1",
      `<@${fake.botUserId}> request lighting Lamp`,
      [photo],
    );
    const raw = { ...(fake.slackMessage(message) as object), type: "app_mention", channel: "C0GENERAL" };
    const event = messageEvent(
      { ...(raw as SlackMessageEvent), ...filesOf(message.files) },
      aino,
      context(() => true),
    );
    assert.equal(event?.kind, "command");
    assert.equal(event?.kind === "command" && event.text, "/request lighting Lamp");
    assert.deepEqual(event?.file, { ref: files[0]!.id, mimeType: "image/jpeg", size: 4, kind: "document" });
  });

  it("takes a file alone in the DM (file_share) as a message carrying it, never as /help", () => {
    const dm: SlackMessageEvent = {
      type: "message",
      subtype: "file_share",
      channel_type: "im",
      user: "U0AINO1",
      text: "",
      channel: "D0AINO01",
      ts: "1700000000.000300",
      files: [{ id: "F0PHOTO01", mimetype: "image/png", size: 1234, name: "a.png" }],
    };
    const event = messageEvent(dm, aino, context());
    assert.equal(event?.kind, "message");
    assert.deepEqual(event?.file, { ref: "F0PHOTO01", mimeType: "image/png", size: 1234, kind: "document" });
    // A Slack Connect file states its id alone: the adapter asks files.info for the rest.
    const connect = messageEvent(
      { ...dm, files: [{ id: "F0OTHER01", file_access: "check_file_info" }] },
      aino,
      context(),
    );
    assert.deepEqual(connect?.file, { ref: "F0OTHER01", mimeType: "", size: 0, kind: "document" });
    assert.deepEqual(filesOf([{ id: 3 }, "x", null]), {}, "malformed entries are dropped");
  });
});
