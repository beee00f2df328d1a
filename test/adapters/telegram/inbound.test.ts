// Telegram updates as neutral events: ids, commands in groups, mentions,
// button presses, poll answers, and what is ignored.
import assert from "node:assert/strict";
import type { Message, Update } from "grammy/types";
import { describe, it } from "vitest";
import { commandTextOf } from "../../../adapters/telegram/command-text.js";
import { ANONYMOUS_ADMIN_BOT_ID, type MapContext, mapUpdate } from "../../../adapters/telegram/inbound.js";
import type { Conversation } from "../../../src/core/events.js";

const bot = { id: 999, username: "TalkootBot" };
const at = new Date("2025-05-01T10:00:00Z");
const context: MapContext = { bot, receivedAt: at };
const group = { id: -100123, type: "supergroup" as const, title: "Kallio" };
const alice = {
  id: 42,
  is_bot: false,
  first_name: "Alice",
  last_name: "Virtanen",
  username: "alice",
  language_code: "fi",
};

function commandEntity(text: string) {
  const length = /^\/\S+/.exec(text)?.[0].length ?? 0;
  return length ? [{ type: "bot_command" as const, offset: 0, length }] : [];
}

function messageUpdate(text: string, extra: Partial<Message> = {}, chat: Message["chat"] = group): Update {
  return {
    update_id: 7001,
    message: {
      message_id: 5,
      date: 1,
      chat,
      from: alice,
      text,
      entities: commandEntity(text),
      ...extra,
    } as Message,
  } as Update;
}

describe("mapUpdate: messages", () => {
  it("maps a group command with namespaced ids, the update_id as event id, and an admin look-up", () => {
    const mapped = mapUpdate(messageUpdate("/setup community Kallio"), context);
    assert.equal(mapped.kind, "event");
    if (mapped.kind !== "event") return;
    const { event } = mapped;
    assert.equal(event.kind, "command");
    assert.equal(event.kind === "command" && event.text, "/setup community Kallio");
    assert.equal(event.platform, "telegram");
    assert.equal(event.eventId, "7001");
    assert.deepEqual(event.conversation, {
      platform: "telegram",
      chatId: "telegram:-100123",
      isDirect: false,
      title: "Kallio",
    });
    assert.deepEqual(event.author, {
      id: "telegram:42",
      name: "Alice Virtanen",
      handle: "alice",
      locale: "fi",
      isChatAdmin: false,
    });
    assert.equal(event.receivedAt, at);
    assert.deepEqual(mapped.adminCheck, { chatId: -100123, userId: 42 });
  });

  it("in a private chat, the user is the chat's admin and nothing is looked up", () => {
    const mapped = mapUpdate(messageUpdate("/lang fi", {}, { id: 42, type: "private", first_name: "Alice" }), context);
    assert.equal(mapped.kind, "event");
    if (mapped.kind !== "event") return;
    assert.equal(mapped.event.conversation.isDirect, true);
    assert.equal(mapped.event.conversation.chatId, "telegram:42");
    assert.equal(mapped.event.author.isChatAdmin, true);
    assert.equal(mapped.adminCheck, undefined);
  });

  it("strips @ThisBot from a command (any case) and ignores a command for another bot", () => {
    const ours = mapUpdate(messageUpdate("/help@talkootbot role"), context);
    assert.equal(ours.kind === "event" && ours.event.kind === "command" && ours.event.text, "/help role");
    const theirs = mapUpdate(messageUpdate("/help@OtherBot"), context);
    assert.deepEqual(theirs, { kind: "ignored", reason: "a command for another bot" });
  });

  it("with a list of known commands, leaves a bare unknown group command to other bots", () => {
    const known = { ...context, isCommand: (name: string) => name === "help" };
    assert.equal(mapUpdate(messageUpdate("/help"), known).kind, "event");
    assert.deepEqual(mapUpdate(messageUpdate("/weather"), known), {
      kind: "ignored",
      reason: "unknown command /weather, perhaps for another bot",
    });
    // Addressed to this bot, or in a private chat: answered, so the user learns it is unknown.
    assert.equal(mapUpdate(messageUpdate("/weather@TalkootBot"), known).kind, "event");
    const dm = { id: 42, type: "private" as const, first_name: "Alice" };
    assert.equal(mapUpdate(messageUpdate("/weather", {}, dm), known).kind, "event");
  });

  it("keeps the thread of a forum topic", () => {
    const mapped = mapUpdate(messageUpdate("/help", { is_topic_message: true, message_thread_id: 77 }), context);
    assert.equal(mapped.kind === "event" && mapped.event.conversation.threadId, "77");
    const reply = mapUpdate(messageUpdate("/help", { message_thread_id: 5 }), context);
    assert.equal(reply.kind === "event" && reply.event.conversation.threadId, undefined);
  });

  it("ignores group chatter, but takes a DM, a mention of the bot and a reply to it as messages", () => {
    assert.equal(mapUpdate(messageUpdate("nice weather"), context).kind, "ignored");
    const dm = mapUpdate(messageUpdate("hello", {}, { id: 42, type: "private", first_name: "Alice" }), context);
    assert.equal(dm.kind === "event" && dm.event.kind, "message");
    const mention = mapUpdate(
      messageUpdate("@TalkootBot /help", { entities: [{ type: "mention", offset: 0, length: 11 }] }),
      context,
    );
    assert.equal(mention.kind === "event" && mention.event.kind === "message" && mention.event.text, "/help");
    assert.ok(mention.kind === "event" && mention.adminCheck, "a command by mention needs the admin look-up too");
    const reply = mapUpdate(
      messageUpdate("thanks", {
        reply_to_message: {
          message_id: 1,
          date: 1,
          chat: group,
          from: { ...bot, is_bot: true, first_name: "Bot" },
        } as never,
      }),
      context,
    );
    assert.equal(reply.kind === "event" && reply.event.kind, "message");
  });

  it("names the person's message, and keeps the words of a reply to the bot that reads as a command", () => {
    const known = { ...context, isCommand: (name: string) => name === "task" };
    const toBot = {
      reply_to_message: { message_id: 1, date: 1, chat: group, from: { ...bot, is_bot: true, first_name: "Bot" } },
    } as never;
    const answer = mapUpdate(messageUpdate("Task force clean-up", toBot), known);
    assert.ok(answer.kind === "event" && answer.event.kind === "command");
    assert.equal(answer.event.text, "/Task force clean-up");
    // The core may take these words as an answer to the bot's question instead.
    assert.equal(answer.event.spokenText, "Task force clean-up");
    assert.deepEqual(answer.event.source, { platform: "telegram", chatId: "telegram:-100123", messageId: "5" });
    // And the question it answers, so the core can tell whose it is.
    assert.deepEqual(answer.event.repliesTo, { platform: "telegram", chatId: "telegram:-100123", messageId: "1" });
    const typed = mapUpdate(messageUpdate("/task list"), known);
    assert.ok(typed.kind === "event" && typed.event.kind === "command");
    assert.equal(typed.event.spokenText, undefined);
    assert.equal(typed.event.repliesTo, undefined);
    // A forum topic's messages all "reply" to its first message: no reply to anything.
    const topic = { id: -100123, type: "supergroup" as const, title: "Kallio", is_forum: true as const };
    const inTopic = mapUpdate(
      messageUpdate("thanks @TalkootBot", {
        is_topic_message: true,
        message_thread_id: 77,
        entities: [{ type: "mention", offset: 7, length: 11 }],
        reply_to_message: { message_id: 77, date: 1, chat: topic, from: alice } as never,
      }),
      context,
    );
    assert.ok(inTopic.kind === "event" && inTopic.event.kind === "message");
    assert.equal(inTopic.event.repliesTo, undefined);
  });

  it("ignores other bots, channel posts on a group's behalf, and non-text messages", () => {
    const fromBot = messageUpdate("/help", { from: { id: 5, is_bot: true, first_name: "Other" } });
    assert.equal(mapUpdate(fromBot, context).kind, "ignored");
    const asChannel = messageUpdate("/help", { sender_chat: { id: -100999, type: "channel", title: "News" } });
    assert.equal(mapUpdate(asChannel, context).kind, "ignored");
    const sticker = {
      update_id: 1,
      message: { message_id: 1, date: 1, chat: group, from: alice, sticker: {} },
    } as unknown as Update;
    assert.equal(mapUpdate(sticker, context).kind, "ignored");
  });

  it("an anonymous group admin speaks as the group, and is an admin", () => {
    const update = messageUpdate("/setup community Kallio", {
      from: { id: ANONYMOUS_ADMIN_BOT_ID, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
      sender_chat: group,
    });
    const mapped = mapUpdate(update, context);
    assert.equal(mapped.kind, "event");
    if (mapped.kind !== "event") return;
    assert.equal(mapped.event.author.id, "telegram:-100123");
    assert.equal(mapped.event.author.isChatAdmin, true);
    assert.equal(mapped.adminCheck, undefined);
  });

  it("ignores update kinds it does not handle", () => {
    const update = { update_id: 3, chat_join_request: {} } as unknown as Update;
    assert.deepEqual(mapUpdate(update, context), { kind: "ignored", reason: "update type chat_join_request" });
  });
});

describe("mapUpdate: changes to the chat itself", () => {
  const oldGroup = { id: -4001, type: "group" as const, title: "Kallio" };

  it("a group upgraded to a supergroup moves the chat, from either service message", () => {
    const moved = {
      kind: "chatChange",
      change: { kind: "moved", platform: "telegram", fromChatId: "telegram:-4001", toChatId: "telegram:-100123" },
    };
    const inOld = {
      update_id: 8,
      message: { message_id: 9, date: 1, chat: oldGroup, from: alice, migrate_to_chat_id: -100123 },
    };
    const inNew = {
      update_id: 9,
      message: { message_id: 1, date: 1, chat: group, from: alice, migrate_from_chat_id: -4001 },
    };
    assert.deepEqual(mapUpdate(inOld as Update, context), moved);
    assert.deepEqual(mapUpdate(inNew as Update, context), moved);
  });

  function botMembership(status: string, chat: object = group, userId = bot.id): Update {
    const member = (s: string) => ({ status: s, user: { id: userId, is_bot: true, first_name: "Talkoot" } });
    return {
      update_id: 10,
      my_chat_member: {
        chat,
        from: alice,
        date: 1,
        old_chat_member: member("member"),
        new_chat_member: member(status),
      },
    } as unknown as Update;
  }

  it("the bot removed or banned makes the chat unreachable; added back, reachable", () => {
    const change = (u: Update) => {
      const mapped = mapUpdate(u, context);
      return mapped.kind === "chatChange" ? mapped.change : mapped;
    };
    assert.deepEqual(change(botMembership("left")), {
      kind: "unreachable",
      platform: "telegram",
      chatId: "telegram:-100123",
      reason: "removed",
    });
    assert.deepEqual(change(botMembership("kicked")), {
      kind: "unreachable",
      platform: "telegram",
      chatId: "telegram:-100123",
      reason: "kicked",
    });
    assert.deepEqual(change(botMembership("member")), {
      kind: "reachable",
      platform: "telegram",
      chatId: "telegram:-100123",
    });
    assert.deepEqual(change(botMembership("administrator")), {
      kind: "reachable",
      platform: "telegram",
      chatId: "telegram:-100123",
    });
  });

  it("a private chat's block, or someone else's membership, is not a chat change", () => {
    const dm = { id: 42, type: "private" as const, first_name: "Alice" };
    assert.equal(mapUpdate(botMembership("kicked", dm), context).kind, "ignored");
    assert.equal(mapUpdate(botMembership("left", group, 77), context).kind, "ignored");
  });
});

describe("commandTextOf: text mentions", () => {
  it("turns a text_mention into the neutral <@telegram:ID>, keeping the rest", () => {
    const text = "/role Olga Virtanen official";
    const result = commandTextOf(
      text,
      [
        { type: "bot_command", offset: 0, length: 5 },
        { type: "text_mention", offset: 6, length: 13, user: { id: 77, is_bot: false, first_name: "Olga" } },
      ],
      "TalkootBot",
    );
    assert.deepEqual(result, {
      kind: "command",
      text: "/role <@telegram:77> official",
      name: "role",
      addressed: false,
    });
  });

  it("measures offsets in UTF-16 units, as Telegram does", () => {
    const text = "/role@TalkootBot 😀 Åsa coordinator";
    const result = commandTextOf(
      text,
      [
        { type: "bot_command", offset: 0, length: 16 },
        { type: "text_mention", offset: 20, length: 3, user: { id: 8, is_bot: false, first_name: "Åsa" } },
      ],
      "TalkootBot",
    );
    assert.deepEqual(result, {
      kind: "command",
      text: "/role 😀 <@telegram:8> coordinator",
      name: "role",
      addressed: true,
    });
  });

  it("is not a command unless the text starts with one", () => {
    assert.deepEqual(commandTextOf("see /help", [{ type: "bot_command", offset: 4, length: 5 }], "b"), {
      kind: "notCommand",
    });
  });
});

describe("mapUpdate: button presses and poll answers", () => {
  const botMessage = {
    message_id: 31,
    date: 1,
    chat: group,
    from: { ...bot, is_bot: true, first_name: "Bot" },
    text: "card",
  };

  it("a callback query is an action: data is the actionId, the message is the button's", () => {
    const update = {
      update_id: 8001,
      callback_query: { id: "cq1", from: alice, chat_instance: "1", data: "a7Kx", message: botMessage },
    } as Update;
    const mapped = mapUpdate(update, context);
    assert.equal(mapped.kind, "event");
    if (mapped.kind !== "event") return;
    assert.equal(mapped.event.kind, "action");
    if (mapped.event.kind !== "action") return;
    assert.equal(mapped.event.actionId, "a7Kx");
    assert.equal(mapped.event.eventId, "8001");
    assert.deepEqual(mapped.event.message, { platform: "telegram", chatId: "telegram:-100123", messageId: "31" });
    assert.equal(mapped.adminCheck, undefined, "a press needs no getChatMember");
  });

  it("a press on an inaccessible (old) message still maps; one from an inline message is ignored", () => {
    const old = {
      update_id: 8002,
      callback_query: {
        id: "cq2",
        from: alice,
        chat_instance: "1",
        data: "x",
        message: { chat: group, message_id: 3, date: 0 },
      },
    } as Update;
    const mapped = mapUpdate(old, context);
    assert.equal(mapped.kind === "event" && mapped.event.kind === "action" && mapped.event.message?.messageId, "3");
    const inline = {
      update_id: 8003,
      callback_query: { id: "cq3", from: alice, chat_instance: "1", data: "x" },
    } as Update;
    assert.deepEqual(mapUpdate(inline, context), {
      kind: "ignored",
      reason: "callback from an inline message",
    });
  });

  it("a poll answer is a pollVote in the chat the poll was sent to; an empty answer retracts", () => {
    const pollConversation: Conversation = { platform: "telegram", chatId: "telegram:-100123", isDirect: false };
    const update = {
      update_id: 9001,
      poll_answer: {
        poll_id: "5000000000000000001",
        user: alice,
        option_ids: [0, 2],
        option_persistent_ids: ["0", "2"],
      },
    } as Update;
    const mapped = mapUpdate(update, { ...context, pollConversation });
    assert.equal(mapped.kind, "event");
    if (mapped.kind !== "event" || mapped.event.kind !== "pollVote") return assert.fail("not a vote");
    assert.equal(mapped.event.nativePollId, "5000000000000000001");
    assert.deepEqual(mapped.event.optionIndexes, [0, 2]);
    assert.equal(mapped.event.conversation, pollConversation);
    assert.equal(mapped.adminCheck, undefined);
    const retract = {
      update_id: 9002,
      poll_answer: { ...update.poll_answer!, option_ids: [], option_persistent_ids: [] },
    };
    const retracted = mapUpdate(retract as Update, { ...context, pollConversation });
    assert.deepEqual(
      retracted.kind === "event" && retracted.event.kind === "pollVote" && retracted.event.optionIndexes,
      [],
    );
    assert.equal(mapUpdate(update, context).kind, "ignored", "a poll this bot did not send has no chat");
  });
});

/** A message without text: a photo, a document or a location. */
function mediaUpdate(content: Partial<Message>, chat: Message["chat"] = group): Update {
  return { update_id: 7101, message: { message_id: 9, date: 1, chat, from: alice, ...content } as Message } as Update;
}

const aliceChat = { id: 42, type: "private" as const, first_name: "Alice" };

describe("mapUpdate: photos, files and locations", () => {
  it("a photo captioned with a command is that command with the largest size as its file", () => {
    const caption = "/request@TalkootBot lamps broken";
    const mapped = mapUpdate(
      mediaUpdate({
        caption,
        caption_entities: [{ type: "bot_command", offset: 0, length: 19 }],
        photo: [
          { file_id: "small", file_unique_id: "s", width: 90, height: 68, file_size: 900 },
          { file_id: "large", file_unique_id: "l", width: 1280, height: 960, file_size: 180_000 },
        ],
      }),
      context,
    );
    assert.equal(mapped.kind, "event");
    if (mapped.kind !== "event" || mapped.event.kind !== "command") return;
    assert.equal(mapped.event.text, "/request lamps broken");
    assert.deepEqual(mapped.event.file, { ref: "large", mimeType: "image/jpeg", size: 180_000, kind: "photo" });
    assert.deepEqual(mapped.adminCheck, { chatId: -100123, userId: 42 });
  });

  it("an image sent as a file keeps its own type; a file without a command caption is ignored unless said to the bot", () => {
    const document = {
      file_id: "doc",
      file_unique_id: "d",
      file_name: "lamp.png",
      mime_type: "image/png",
      file_size: 5,
    };
    const mapped = mapUpdate(
      mediaUpdate({ caption: "/request hole", caption_entities: commandEntity("/request hole"), document }),
      context,
    );
    assert.ok(mapped.kind === "event" && mapped.event.kind === "command");
    assert.deepEqual(mapped.event.file, { ref: "doc", mimeType: "image/png", size: 5, kind: "document" });
    assert.equal(mapUpdate(mediaUpdate({ caption: "look at this", document }), context).kind, "ignored");
    assert.equal(mapUpdate(mediaUpdate({ document }), context).kind, "ignored");

    // In the direct chat, or as a reply to the bot's question in a group, it may answer a guided flow's photo question.
    const direct = mapUpdate(mediaUpdate({ document }, aliceChat), context);
    assert.ok(direct.kind === "event" && direct.event.kind === "message");
    assert.equal(direct.event.text, "");
    assert.deepEqual(direct.event.file, { ref: "doc", mimeType: "image/png", size: 5, kind: "document" });
    const question = { message_id: 3, date: 1, chat: group, from: { id: bot.id, is_bot: true, first_name: "Talkoot" } };
    const photo = [{ file_id: "p", file_unique_id: "p", width: 800, height: 600, file_size: 70_000 }];
    const reply = mapUpdate(
      mediaUpdate({ photo, caption: "the lamp", reply_to_message: question } as Partial<Message>),
      context,
    );
    assert.ok(reply.kind === "event" && reply.event.kind === "message");
    assert.equal(reply.event.text, "the lamp");
    assert.deepEqual(reply.event.file, { ref: "p", mimeType: "image/jpeg", size: 70_000, kind: "photo" });
  });

  it("a location in the direct chat, or in a group as a reply to the bot, is a location event; a venue keeps its name and address", () => {
    const location = { latitude: 60.1841, longitude: 24.9503 };
    const direct = mapUpdate(mediaUpdate({ location }, aliceChat), context);
    assert.ok(direct.kind === "event" && direct.event.kind === "location");
    assert.deepEqual(direct.event.place, { lat: 60.1841, long: 24.9503 });
    assert.equal(direct.adminCheck, undefined);

    const botMessage = {
      message_id: 3,
      date: 1,
      chat: group,
      from: { id: bot.id, is_bot: true, first_name: "Talkoot" },
    };
    const venue = { location, title: "Kallio library", address: "Viides linja 11" };
    const reply = mapUpdate(
      mediaUpdate({ location, venue, reply_to_message: botMessage } as Partial<Message>),
      context,
    );
    assert.ok(reply.kind === "event" && reply.event.kind === "location");
    assert.equal(reply.event.repliesTo?.messageId, "3");
    assert.deepEqual(reply.event.place, {
      lat: 60.1841,
      long: 24.9503,
      venue: { title: "Kallio library", address: "Viides linja 11" },
    });
    // Shared with the group, not with the bot: not ours.
    assert.equal(mapUpdate(mediaUpdate({ location }), context).kind, "ignored");
  });
});
