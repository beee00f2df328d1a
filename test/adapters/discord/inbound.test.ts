// Interactions and gateway events as neutral events. Pure.
import { describe, expect, it } from "vitest";
import { chatIdOf, parseChatId, parseIdentityId, targetChannelOf } from "../../../adapters/discord/ids.js";
import {
  authorOf,
  commandEvent,
  conversationOf,
  type InteractionFacts,
  isChatAdmin,
  type MessageFacts,
  messageEvent,
  pollVoteEvent,
  suggestQuery,
} from "../../../adapters/discord/inbound.js";
import type { CommandSpec } from "../../../src/core/commands.js";
import { typedCommands } from "../../../src/core/typed-commands.js";

const receivedAt = new Date("2026-12-01T10:00:00Z");
const facts = (over: Partial<InteractionFacts> = {}): InteractionFacts => ({
  id: "1300",
  guildId: "100",
  channelId: "200",
  threadParentId: null,
  channelName: "general",
  user: { id: "42", username: "aino", globalName: "Aino" },
  memberPermissions: "0",
  locale: "fi",
  receivedAt,
  ...over,
});

const run = async () => {};
const COMMANDS: CommandSpec[] = [
  {
    name: "task",
    summary: "s",
    subcommands: {
      add: {
        usage: "u",
        min: 1,
        max: 1,
        rest: true,
        params: [{ name: "title", description: "d" }],
        flags: { when: { kind: "string", description: "d" }, slots: { kind: "int", description: "d" } },
        file: { name: "photo", description: "d" },
        run,
      },
    },
  },
  {
    name: "role",
    summary: "s",
    fallback: {
      usage: "u",
      min: 2,
      max: 2,
      params: [
        { name: "user", kind: "user", description: "d" },
        { name: "role", description: "d" },
      ],
      run,
    },
  },
];

describe("Discord inbound", () => {
  it("turns a slash command's options into the canonical line", () => {
    const event = commandEvent(
      facts(),
      "task",
      [
        {
          name: "add",
          type: 1,
          options: [
            { name: "title", type: 3, value: "Sorting" },
            { name: "when", type: 3, value: "sat 10" },
            { name: "slots", type: 4, value: 4 },
          ],
        } as never,
      ],
      typedCommands(COMMANDS),
    );
    expect(event).toMatchObject({
      kind: "command",
      platform: "discord",
      eventId: "1300",
      text: '/task add Sorting --when "sat 10" --slots 4',
      conversation: { chatId: "discord:100:200", isDirect: false, title: "general" },
      author: { id: "discord:42", name: "Aino", handle: "aino", isChatAdmin: false, locale: "fi" },
    });
  });

  it("writes a chosen user as the neutral mention", () => {
    const event = commandEvent(
      facts(),
      "role",
      [
        { name: "user", type: 6, value: "77" },
        { name: "role", type: 3, value: "coordinator" },
      ] as never,
      typedCommands(COMMANDS),
    );
    expect(event.text).toBe("/role <@discord:77> coordinator");
  });

  it("hands a file given in the attachment option to the core beside the line, by its CDN URL", () => {
    const url = "https://cdn.discordapp.com/ephemeral-attachments/1/555/lamp.jpg?ex=6a&is=69&hm=ab&";
    const options = [
      {
        name: "add",
        type: 1,
        options: [
          { name: "title", type: 3, value: "Lamp" },
          { name: "photo", type: 11, value: "555" },
        ],
      },
    ] as never;
    const attachments = { "555": { id: "555", url, size: 1234, content_type: "image/jpeg" } };
    const event = commandEvent(facts(), "task", options, typedCommands(COMMANDS), attachments);
    expect(event.text).toBe("/task add Lamp");
    expect(event.file).toEqual({ ref: url, mimeType: "image/jpeg", size: 1234, kind: "document" });
    expect(commandEvent(facts(), "task", options, typedCommands(COMMANDS)).file).toBeUndefined();
  });

  const said = (over: Partial<MessageFacts> = {}): MessageFacts => ({
    id: "900",
    guildId: "100",
    channelId: "200",
    threadParentId: null,
    content: "<@1> request lighting Lamp",
    author: { id: "42", username: "aino", globalName: "Aino" },
    isGuildAdmin: false,
    mentionsBot: true,
    attachments: [],
    receivedAt,
    ...over,
  });
  const isCommand = (name: string) => ["request", "help"].includes(name);
  const photo = {
    id: "777",
    url: "https://cdn.discordapp.com/attachments/200/777/a.jpg?ex=1&is=1&hm=ab&",
    size: 9,
    content_type: "image/jpeg",
  };

  it("takes '@Talkoot request …' with an image for the command with its file, where it was said", () => {
    const event = messageEvent(said({ attachments: [photo] }), "1", isCommand);
    expect(event).toMatchObject({
      kind: "command",
      text: "/request lighting Lamp",
      eventId: "message:900",
      source: { platform: "discord", chatId: "discord:100:200", messageId: "900" },
      conversation: { chatId: "discord:100:200", isDirect: false, botSeesOnlyAddressed: true },
      author: { id: "discord:42", name: "Aino", isChatAdmin: false },
      file: { ref: photo.url, mimeType: "image/jpeg", size: 9, kind: "document" },
    });
  });

  it("takes an image alone, or words that are no command, as a message; in a DM without a mention", () => {
    const alone = messageEvent(said({ content: "<@1>", attachments: [photo] }), "1", isCommand);
    expect(alone).toMatchObject({ kind: "message", text: "", file: { ref: photo.url } });
    const words = messageEvent(said({ content: "<@!1> Lamp flickering" }), "1", isCommand);
    expect(words).toMatchObject({ kind: "message", text: "Lamp flickering" });
    const dm = messageEvent(said({ guildId: null, content: "help", mentionsBot: false }), "1", isCommand);
    expect(dm).toMatchObject({
      kind: "command",
      text: "/help",
      conversation: { isDirect: true },
      author: { isChatAdmin: true },
    });
  });

  it("ignores what is not said to the bot: unaddressed chatter, bots, webhooks, the bot itself", () => {
    expect(
      messageEvent(said({ mentionsBot: false, content: "request lighting Lamp" }), "1", isCommand),
    ).toBeUndefined();
    expect(messageEvent(said({ author: { id: "5", username: "other", bot: true } }), "1", isCommand)).toBeUndefined();
    expect(messageEvent(said({ webhookId: "8" }), "1", isCommand)).toBeUndefined();
    expect(messageEvent(said({ author: { id: "1", username: "talkoot" } }), "1", isCommand)).toBeUndefined();
    expect(messageEvent(said({ content: "thanks <@1>" }), "1", isCommand)).toBeUndefined();
  });

  it("hands an undeclared command to the core as it was named", () => {
    expect(commandEvent(facts(), "gone", [], typedCommands(COMMANDS)).text).toBe("/gone");
  });

  it("counts Manage Server and Administrator as chat admin, and anyone in a DM", () => {
    expect(isChatAdmin({ guildId: "1", memberPermissions: String(1n << 5n) })).toBe(true);
    expect(isChatAdmin({ guildId: "1", memberPermissions: String(1n << 3n) })).toBe(true);
    expect(isChatAdmin({ guildId: "1", memberPermissions: String((1n << 11n) | (1n << 10n)) })).toBe(false);
    expect(isChatAdmin({ guildId: "1", memberPermissions: null })).toBe(false);
    expect(isChatAdmin({ guildId: null, memberPermissions: null })).toBe(true);
  });

  it("keeps a thread in its channel's chat, and a DM as a direct chat", () => {
    expect(conversationOf(facts({ channelId: "300", threadParentId: "200" }))).toMatchObject({
      chatId: "discord:100:200",
      threadId: "300",
    });
    expect(conversationOf(facts({ guildId: null, channelId: "900" }))).toMatchObject({
      chatId: "discord:dm:900",
      isDirect: true,
    });
    expect(authorOf(facts({ nick: "Ainska" })).name).toBe("Ainska");
  });

  it("asks the core about the focused option", () => {
    const query = suggestQuery(facts(), "task", [
      { name: "join", type: 1, options: [{ name: "task", type: 3, value: "sor", focused: true }] },
    ] as never);
    expect(query).toMatchObject({ path: ["task", "join"], option: "task", typed: "sor" });
  });

  it("turns a poll vote into one answer added or taken back, counted from 0", () => {
    const packet = { user_id: "42", channel_id: "200", message_id: "555", guild_id: "100", answer_id: 2 };
    const add = pollVoteEvent(packet, "add", { sequence: 7, threadParentId: null, userName: "Aino", receivedAt });
    expect(add).toMatchObject({
      kind: "pollVote",
      nativePollId: "discord:555",
      optionIndexes: [1],
      change: "add",
      conversation: { chatId: "discord:100:200" },
      author: { id: "discord:42", name: "Aino" },
    });
    const remove = pollVoteEvent(packet, "remove", { sequence: 8, threadParentId: null, userName: "Aino", receivedAt });
    expect(remove.change).toBe("remove");
    expect(remove.eventId).not.toBe(add.eventId);
  });

  it("namespaces ids and reads them back", () => {
    expect(chatIdOf("1", "2")).toBe("discord:1:2");
    expect(parseChatId("discord:dm:9")).toEqual({ guildId: null, channelId: "9" });
    expect(parseChatId("slack:T1:C2")).toBeUndefined();
    expect(parseIdentityId("discord:42")).toBe("42");
    expect(targetChannelOf("discord:1:2", "3")).toBe("3");
  });
});
