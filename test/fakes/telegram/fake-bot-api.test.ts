// Drives the fake with the real grammY client (and raw fetch for wire-level
// error cases) to show it behaves like the Telegram Bot API.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from "grammy";
import type { Message, Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeTelegram, type RecordedCall } from "./fake-bot-api.js";

const TOKEN = "424242:AAH-fake_token_for_tests_0123456789";
const ALICE = 1001;
const BOB = 1002;
const STRANGER = 1003;
const GROUP = -100200300;

let fake: FakeTelegram;

function newBot(): Bot {
  return new Bot(TOKEN, { client: { apiRoot: fake.apiRoot } });
}

/** Raw Bot API call, for wire-level checks grammY would hide. */
async function raw(
  method: string,
  body: unknown = {},
  token = TOKEN,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${fake.apiRoot}/bot${token}/${method}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Asserts a grammY call fails with Telegram's code and description. */
async function rejectsWith(p: Promise<unknown>, code: number, description: string | RegExp): Promise<GrammyError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof GrammyError, `expected GrammyError, got ${String(caught)}`);
  assert.equal(caught.error_code, code);
  if (typeof description === "string") assert.equal(caught.description, description);
  else assert.match(caught.description, description);
  return caught;
}

/**
 * Starts long polling and waits until the bot is idle in a held getUpdates.
 * The loop's promise is wrapped: returning it bare would make this await it.
 */
async function startPolling(bot: Bot): Promise<{ running: Promise<void> }> {
  const running = bot.start();
  await fake.waitForHeldPoll();
  return { running };
}

function resultOf(call: RecordedCall): Message {
  const body = call.response.body;
  assert.ok(body?.ok, `call ${call.method} failed: ${JSON.stringify(body)}`);
  return body.result as Message;
}

beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN });
  fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", language_code: "fi", startedBot: true });
  fake.addUser({ id: BOB, first_name: "Bob", startedBot: true });
  fake.addUser({ id: STRANGER, first_name: "Stranger" });
  fake.addChat({ id: GROUP, type: "supergroup", title: "Neighbourhood volunteers", username: "talkoot_hood" });
  fake.setMember(GROUP, ALICE, "administrator");
  fake.setMember(GROUP, BOB, "member");
});

afterAll(async () => {
  await fake.stop();
});

describe("long polling with grammY", () => {
  it("getMe, a text command and a callback round trip; offsets confirm updates", async () => {
    const bot = newBot();
    const seen: Update[] = [];
    bot.use((ctx, next) => {
      seen.push(ctx.update);
      return next();
    });
    bot.command("start", (ctx) =>
      ctx.reply("Hello <b>neighbour</b>!", {
        parse_mode: "HTML",
        reply_markup: new InlineKeyboard().text("Volunteer", "join:42"),
      }),
    );
    bot.callbackQuery("join:42", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "Thanks!" });
      await ctx.editMessageText("You joined task 42");
    });
    const { running } = await startPolling(bot);
    assert.equal(bot.botInfo.username, "talkoot_test_bot");
    assert.equal(bot.botInfo.id, 424242);
    assert.equal(fake.callsOf("getMe").length >= 1, true);
    assert.equal(fake.callsOf("deleteWebhook").length >= 1, true);

    const cmd = fake.sendText(ALICE, ALICE, "/start");
    assert.deepEqual(cmd.message?.entities, [{ type: "bot_command", offset: 0, length: 6 }]);
    const sent = resultOf(await fake.waitForCall("sendMessage"));
    assert.equal(sent.text, "Hello neighbour!");
    assert.deepEqual(sent.entities, [{ type: "bold", offset: 6, length: 9 }]);
    const [stored] = fake.messagesIn(ALICE);
    assert.equal(stored?.text, "Hello <b>neighbour</b>!");
    assert.equal(stored?.visibleText, "Hello neighbour!");

    fake.pressButton(ALICE, sent.message_id, ALICE, "join:42");
    await fake.waitForCall("editMessageText");
    const [edited] = fake.messagesIn(ALICE);
    assert.equal(edited?.visibleText, "You joined task 42");
    assert.equal(edited?.edits, 1);
    assert.equal(edited?.reply_markup, undefined, "an edit without reply_markup removes the keyboard");
    const answer = [...fake.callbackAnswers.values()][0];
    assert.equal(answer?.text, "Thanks!");
    assert.equal(seen.length, 2);
    assert.equal(seen[1]?.callback_query?.message?.message_id, sent.message_id);

    // The next poll after each batch carries offset = last update_id + 1.
    await fake.waitForHeldPoll();
    const lastId = seen[1]?.update_id ?? 0;
    const started = Date.now();
    await bot.stop();
    await running;
    assert.ok(Date.now() - started < 1000, "bot.stop() returns promptly");
    const polls = fake.callsOf("getUpdates");
    const final = polls.filter((c) => c.response.status === 200).at(-1);
    assert.deepEqual(final?.params, { offset: lastId + 1, limit: 1 });
    assert.equal(fake.pendingUpdateCount, 0);
    // The aborted poll shows as client-closed (status 0), or as 409 if grammY's
    // final getUpdates overtook the close of the aborted one.
    assert.ok(polls.some((c) => c.response.status === 0 || c.response.status === 409));
  });

  it("getUpdates: unconfirmed updates come back, offset forgets, limit and allowed_updates apply", async () => {
    const u1 = fake.sendText(BOB, BOB, "one");
    const u2 = fake.sendText(BOB, BOB, "two");
    let r = await raw("getUpdates", { limit: 1 });
    assert.deepEqual(
      (r.json.result as Update[]).map((u) => u.update_id),
      [u1.update_id],
    );
    r = await raw("getUpdates", {});
    assert.deepEqual(
      (r.json.result as Update[]).map((u) => u.update_id),
      [u1.update_id, u2.update_id],
    );
    r = await raw("getUpdates", { offset: u2.update_id });
    assert.deepEqual(
      (r.json.result as Update[]).map((u) => u.update_id),
      [u2.update_id],
    );
    assert.equal(fake.confirmedOffset, u2.update_id, "u1 is confirmed");
    r = await raw("getUpdates", { offset: u2.update_id + 1 });
    assert.deepEqual(r.json.result, []);

    // A redelivery repeats the same object and update_id.
    const again = fake.redeliver(u1.update_id);
    assert.equal(again, u1);
    r = await raw("getUpdates", { offset: u2.update_id + 1 });
    assert.deepEqual(
      (r.json.result as Update[]).map((u) => u.update_id),
      [u1.update_id],
    );

    // allowed_updates filters updates created afterwards, and persists.
    r = await raw("getUpdates", { offset: u2.update_id + 1, allowed_updates: ["callback_query"] });
    const dropped = fake.sendText(BOB, BOB, "not wanted");
    r = await raw("getUpdates", { offset: u2.update_id + 1 });
    assert.deepEqual(r.json.result, []);
    assert.ok(fake.droppedUpdates.includes(dropped));
    await raw("getUpdates", { allowed_updates: [] });
  });

  it("a second getUpdates terminates the held one with 409 Conflict", async () => {
    const first = raw("getUpdates", { timeout: 5 });
    await fake.waitForHeldPoll();
    const second = await raw("getUpdates", { timeout: 0 });
    assert.equal(second.status, 200);
    const r = await first;
    assert.equal(r.status, 409);
    assert.deepEqual(r.json, {
      ok: false,
      error_code: 409,
      description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
    });
  });
});

describe("wire-level errors", () => {
  it("a wrong token gets 401 Unauthorized, an unknown method 404", async () => {
    const bad = await raw("getMe", {}, "1:wrong");
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, { ok: false, error_code: 401, description: "Unauthorized" });
    const missing = await raw("sendTelepathy", {});
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { ok: false, error_code: 404, description: "Not Found" });
    const bot = new Bot("1:wrong", { client: { apiRoot: fake.apiRoot } });
    await rejectsWith(bot.api.getMe(), 401, "Unauthorized");
  });

  it("accepts form-encoded parameters and case-insensitive method names", async () => {
    const res = await fetch(`${fake.apiRoot}/bot${TOKEN}/SENDMESSAGE`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ chat_id: String(BOB), text: "form *body*", parse_mode: "Markdown" }),
    });
    const json = (await res.json()) as { ok: boolean; result: Message };
    assert.equal(json.ok, true);
    assert.equal(json.result.text, "form body");
  });
});

describe("sendMessage validation", () => {
  it("rejects broken HTML with Telegram's parser errors and accepts escaped HTML", async () => {
    const bot = newBot();
    const html = (text: string) => bot.api.sendMessage(BOB, text, { parse_mode: "HTML" });
    const prefix = "Bad Request: can't parse entities: ";
    await rejectsWith(html("<b>bold"), 400, `${prefix}Can't find end tag corresponding to start tag b`);
    await rejectsWith(html("<x>hi</x>"), 400, `${prefix}Unsupported start tag "x" at byte offset 0`);
    await rejectsWith(html("2 < 3"), 400, `${prefix}Unsupported start tag "" at byte offset 2`);
    await rejectsWith(
      html("<b>a</i>"),
      400,
      `${prefix}Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`,
    );
    await rejectsWith(html("ä<u>x"), 400, `${prefix}Can't find end tag corresponding to start tag u`);
    await rejectsWith(html("Tom & Jerry"), 400, /^Bad Request: can't parse entities: Unescaped "&" at byte offset 4/);

    const ok = await html(
      '2 &lt; 3 &amp;&amp; <a href="https://example.org/?a=1&amp;b=2">link</a> <tg-spoiler>s</tg-spoiler> &#128512;',
    );
    assert.equal(ok.text, "2 < 3 && link s 😀");
    assert.deepEqual(ok.entities, [
      { type: "text_link", offset: 9, length: 4, url: "https://example.org/?a=1&b=2" },
      { type: "spoiler", offset: 14, length: 1 },
    ]);
    const quote = await html('<blockquote expandable>long</blockquote><pre><code class="language-ts">x</code></pre>');
    assert.deepEqual(quote.entities, [
      { type: "expandable_blockquote", offset: 0, length: 4 },
      { type: "pre", offset: 4, length: 1, language: "ts" },
    ]);
  });

  it("enforces MarkdownV2 escaping", async () => {
    const bot = newBot();
    const md = (text: string) => bot.api.sendMessage(BOB, text, { parse_mode: "MarkdownV2" });
    await rejectsWith(
      md("Task done."),
      400,
      "Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'",
    );
    await rejectsWith(
      md("*bold"),
      400,
      "Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0",
    );
    const ok = await md("*Task* done\\. See [site](https://example.org/a\\)b)\n>quoted");
    assert.equal(ok.text, "Task done. See site\nquoted");
    assert.deepEqual(ok.entities, [
      { type: "bold", offset: 0, length: 4 },
      { type: "text_link", offset: 15, length: 4, url: "https://example.org/a)b" },
      { type: "blockquote", offset: 20, length: 6 },
    ]);
    const stored = fake.messagesIn(BOB).at(-1);
    assert.equal(stored?.visibleText, "Task done. See site\nquoted");
  });

  it("limits text to 4096 UTF-16 units after entity parsing", async () => {
    const bot = newBot();
    await rejectsWith(bot.api.sendMessage(BOB, "x".repeat(4097)), 400, "Bad Request: message is too long");
    await rejectsWith(bot.api.sendMessage(BOB, "😀".repeat(2049)), 400, "Bad Request: message is too long");
    const okLong = await bot.api.sendMessage(BOB, `<b>${"x".repeat(4096)}</b>`, { parse_mode: "HTML" });
    assert.equal(okLong.text?.length, 4096);
    await rejectsWith(bot.api.sendMessage(BOB, "  \n "), 400, "Bad Request: message text is empty");
    const trimmed = await bot.api.sendMessage(BOB, "  padded \n");
    assert.equal(trimmed.text, "padded");
  });

  it("validates inline keyboards: callback_data is 1-64 bytes, one action per button, at most 100 buttons", async () => {
    const bot = newBot();
    const send = (kb: InlineKeyboard) => bot.api.sendMessage(BOB, "pick", { reply_markup: kb });
    await rejectsWith(send(new InlineKeyboard().text("A", "d".repeat(65))), 400, "Bad Request: BUTTON_DATA_INVALID");
    // 33 two-byte characters: 33 characters but 66 bytes.
    await rejectsWith(send(new InlineKeyboard().text("A", "ä".repeat(33))), 400, "Bad Request: BUTTON_DATA_INVALID");
    await send(new InlineKeyboard().text("A", "ä".repeat(32)));
    await rejectsWith(
      bot.api.sendMessage(BOB, "pick", { reply_markup: { inline_keyboard: [[{ text: "no action" } as never]] } }),
      400,
      "Bad Request: can't parse InlineKeyboardButton: Text buttons are not allowed in the inline keyboard",
    );
    const many = new InlineKeyboard();
    for (let i = 0; i < 101; i++) many.text(`b${i}`, `d${i}`).row();
    await rejectsWith(send(many), 400, "Bad Request: reply markup is too long");
  });

  it("checks chats: unknown chat, a user who never started the bot, @username", async () => {
    const bot = newBot();
    await rejectsWith(bot.api.sendMessage(999_999, "hi"), 400, "Bad Request: chat not found");
    await rejectsWith(bot.api.sendMessage("@nobody_here", "hi"), 400, "Bad Request: chat not found");
    await rejectsWith(
      bot.api.sendMessage(STRANGER, "hi"),
      403,
      "Forbidden: bot can't initiate conversation with a user",
    );
    const viaName = await bot.api.sendMessage("@talkoot_hood", "hello group");
    assert.equal(viaName.chat.id, GROUP);
    fake.setBlocked(BOB);
    await rejectsWith(bot.api.sendMessage(BOB, "hi"), 403, "Forbidden: bot was blocked by the user");
    fake.setBlocked(BOB, false);
  });

  it("a group upgraded to a supergroup: two service messages, then 400 with migrate_to_chat_id on the old id", async () => {
    const bot = newBot();
    const small = -4321;
    const big = -1004321;
    fake.addChat({ id: small, type: "group", title: "Small group" });
    fake.setMember(small, ALICE, "creator");
    const before = await bot.api.sendMessage(small, "before the upgrade");
    const { from, to } = fake.upgradeToSupergroup(small, big, ALICE);
    assert.equal(from.message?.chat.id, small);
    assert.equal(from.message?.migrate_to_chat_id, big);
    assert.equal(to.message?.chat.type, "supergroup");
    assert.equal(to.message?.migrate_from_chat_id, small);
    const refused = await rejectsWith(
      bot.api.sendMessage(small, "hi"),
      400,
      "Bad Request: group chat was upgraded to a supergroup chat",
    );
    assert.equal(refused.parameters.migrate_to_chat_id, big);
    await rejectsWith(bot.api.editMessageText(small, before.message_id, "edited"), 400, /upgraded to a supergroup/);
    // History and members moved along: the old message can be edited under the new id.
    await bot.api.editMessageText(big, before.message_id, "edited");
    assert.equal((await bot.api.sendMessage(big, "after")).chat.type, "supergroup");
  });

  it("the bot removed, banned, or added back: my_chat_member, and 403 while it is out", async () => {
    const bot = newBot();
    const chat = -1009876;
    fake.addChat({ id: chat, type: "supergroup", title: "Team" });
    fake.setMember(chat, ALICE, "creator");
    const left = fake.setBotMembership(chat, "left", ALICE);
    assert.equal(left.my_chat_member?.old_chat_member.status, "member");
    assert.equal(left.my_chat_member?.new_chat_member.status, "left");
    assert.equal(left.my_chat_member?.new_chat_member.user.id, fake.botUser.id);
    await rejectsWith(bot.api.sendMessage(chat, "hi"), 403, "Forbidden: bot is not a member of the supergroup chat");
    fake.setBotMembership(chat, "kicked", ALICE);
    await rejectsWith(bot.api.sendMessage(chat, "hi"), 403, "Forbidden: bot was kicked from the supergroup chat");
    const back = fake.setBotMembership(chat, "member", ALICE);
    assert.equal(back.my_chat_member?.old_chat_member.status, "kicked");
    assert.equal((await bot.api.sendMessage(chat, "back")).text, "back");
  });

  it("edits: not found, not modified, markup edits; message ids increase per chat", async () => {
    const bot = newBot();
    const a = await bot.api.sendMessage(GROUP, "first", { reply_markup: new InlineKeyboard().text("x", "x") });
    const b = await bot.api.sendMessage(GROUP, "second");
    assert.equal(b.message_id, a.message_id + 1);
    await rejectsWith(bot.api.editMessageText(GROUP, 9999, "nope"), 400, "Bad Request: message to edit not found");
    await rejectsWith(
      bot.api.editMessageText(GROUP, a.message_id, "first", { reply_markup: new InlineKeyboard().text("x", "x") }),
      400,
      "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
    );
    await bot.api.editMessageReplyMarkup(GROUP, a.message_id, { reply_markup: new InlineKeyboard().text("y", "y") });
    const stored = fake.messagesIn(GROUP).find((m) => m.message_id === a.message_id);
    assert.deepEqual(stored?.reply_markup, { inline_keyboard: [[{ text: "y", callback_data: "y" }]] });
    assert.equal(stored?.edits, 1);
    await bot.api.deleteMessage(GROUP, b.message_id);
    await rejectsWith(bot.api.deleteMessage(GROUP, b.message_id), 400, "Bad Request: message to delete not found");
    assert.ok(!fake.messagesIn(GROUP).some((m) => m.message_id === b.message_id));
  });

  it("answerCallbackQuery accepts a query once", async () => {
    const bot = newBot();
    const m = await bot.api.sendMessage(BOB, "vote", { reply_markup: new InlineKeyboard().text("yes", "v:yes") });
    const u = fake.pressButton(BOB, m.message_id, BOB, "v:yes");
    const id = u.callback_query?.id ?? "";
    assert.equal(
      u.callback_query?.chat_instance,
      fake.pressButton(BOB, m.message_id, BOB, "v:yes").callback_query?.chat_instance,
    );
    await bot.api.answerCallbackQuery(id);
    const tooOld = "Bad Request: query is too old and response timeout expired or query ID is invalid";
    await rejectsWith(bot.api.answerCallbackQuery(id), 400, tooOld);
    await rejectsWith(bot.api.answerCallbackQuery("123"), 400, tooOld);
    // Unanswered queries expire (15 s of fake time by default).
    const late = fake.pressButton(BOB, m.message_id, BOB, "v:yes");
    fake.advanceTime(16_000);
    await rejectsWith(bot.api.answerCallbackQuery(late.callback_query?.id ?? ""), 400, tooOld);
    await raw("getUpdates", { offset: late.update_id + 1 });
  });
});

describe("rate limits", () => {
  it("an injected 429 reaches grammY as GrammyError with parameters.retry_after", async () => {
    const bot = newBot();
    fake.fail("sendMessage", { code: 429, retryAfter: 7 });
    const err = await rejectsWith(bot.api.sendMessage(BOB, "hi"), 429, "Too Many Requests: retry after 7");
    assert.equal(err.parameters.retry_after, 7);
    const call = fake.callsOf("sendMessage").at(-1);
    assert.equal(call?.response.status, 429);
    // consumed: the next call goes through
    await bot.api.sendMessage(BOB, "hi again");
    fake.fail("getChat", { code: 502, description: "Bad Gateway" }, 2);
    await rejectsWith(bot.api.getChat(GROUP), 502, "Bad Gateway");
    await rejectsWith(bot.api.getChat(GROUP), 502, "Bad Gateway");
    assert.equal((await bot.api.getChat(GROUP)).id, GROUP);
  });

  it("enforceRateLimits: 1 message/s per private chat, 20/min per group, on the fake clock", async () => {
    const bot = newBot();
    fake.enforceRateLimits(true);
    try {
      await bot.api.sendMessage(BOB, "one");
      const err = await rejectsWith(bot.api.sendMessage(BOB, "two"), 429, "Too Many Requests: retry after 1");
      assert.equal(err.parameters.retry_after, 1);
      fake.advanceTime(1000);
      await bot.api.sendMessage(BOB, "two");
      for (let i = 0; i < 20; i++) await bot.api.sendMessage(GROUP, `n${i}`);
      const groupErr = await rejectsWith(
        bot.api.sendMessage(GROUP, "n20"),
        429,
        /^Too Many Requests: retry after \d+$/,
      );
      assert.ok((groupErr.parameters.retry_after ?? 0) >= 1);
      fake.advanceTime(60_000);
      await bot.api.sendMessage(GROUP, "n20");
    } finally {
      fake.enforceRateLimits(false);
    }
  });
});

describe("polls, documents, commands, members", () => {
  it("poll round trip: sendPoll, poll_answer via long polling, stopPoll", async () => {
    const bot = newBot();
    // The handler answers with a message, so the test can wait for a recorded call.
    bot.on("poll_answer", (ctx) =>
      ctx.api.sendMessage(GROUP, `vote ${ctx.pollAnswer.user?.id ?? 0}: ${ctx.pollAnswer.option_ids.join(",")}`),
    );
    const { running } = await startPolling(bot);
    const sent = await bot.api.sendPoll(
      GROUP,
      "Which day suits the clean-up?",
      [{ text: "Saturday" }, { text: "Sunday" }],
      {
        is_anonymous: false,
      },
    );
    const pollId = sent.poll.id;
    assert.equal(sent.poll.is_anonymous, false);
    assert.deepEqual(
      sent.poll.options.map((o) => [o.text, o.voter_count]),
      [
        ["Saturday", 0],
        ["Sunday", 0],
      ],
    );
    fake.answerPoll(pollId, ALICE, [1]);
    fake.answerPoll(pollId, BOB, [0]);
    await fake.waitForCall("sendMessage", (p) => p.text === `vote ${BOB}: 0`);
    assert.ok(fake.callsOf("sendMessage").some((c) => c.params.text === `vote ${ALICE}: 1`));
    const stopped = await bot.api.stopPoll(GROUP, sent.message_id);
    assert.equal(stopped.is_closed, true);
    assert.equal(stopped.total_voter_count, 2);
    assert.deepEqual(
      stopped.options.map((o) => o.voter_count),
      [1, 1],
    );
    await rejectsWith(bot.api.stopPoll(GROUP, sent.message_id), 400, "Bad Request: poll has already been closed");
    await rejectsWith(
      bot.api.sendPoll(GROUP, "One option?", [{ text: "only" }]),
      400,
      "Bad Request: poll must have at least 2 option",
    );
    await bot.stop();
    await running;
  });

  it("sendDocument uploads multipart/form-data; the fake records filename and bytes", async () => {
    const bot = newBot();
    const csv = "task,volunteer\nraking,Alice\n";
    const m = await bot.api.sendDocument(GROUP, new InputFile(Buffer.from(csv), "report.csv"), {
      caption: "<b>Weekly</b> report",
      parse_mode: "HTML",
    });
    assert.equal(m.document?.file_name, "report.csv");
    assert.equal(m.document?.mime_type, "text/csv");
    assert.equal(m.caption, "Weekly report");
    const doc = fake.documents.at(-1);
    assert.equal(doc?.filename, "report.csv");
    assert.equal(Buffer.from(doc?.bytes ?? []).toString(), csv);
    const call = fake.callsOf("sendDocument").at(-1);
    assert.match(String(call?.params.document), /^attach:\/\//);
    assert.equal(Object.values(call?.files ?? {})[0]?.filename, "report.csv");
    // resending by file_id reuses the stored file
    const again = await bot.api.sendDocument(BOB, m.document?.file_id ?? "");
    assert.equal(again.document?.file_id, m.document?.file_id);
    await rejectsWith(
      bot.api.sendDocument(BOB, new InputFile(Buffer.from("x"), "a.txt"), { caption: "c".repeat(1025) }),
      400,
      "Bad Request: message caption is too long",
    );
  });

  it("setMyCommands validates and stores per language and scope", async () => {
    const bot = newBot();
    await bot.api.setMyCommands([{ command: "start", description: "Aloita" }], { language_code: "fi" });
    await bot.api.setMyCommands([{ command: "tasks", description: "Open tasks" }], {
      scope: { type: "all_group_chats" },
    });
    assert.deepEqual(await bot.api.getMyCommands({ language_code: "fi" }), [
      { command: "start", description: "Aloita" },
    ]);
    assert.deepEqual(await bot.api.getMyCommands(), []);
    assert.deepEqual(fake.commandsFor("", { type: "all_group_chats" }), [
      { command: "tasks", description: "Open tasks" },
    ]);
    await rejectsWith(
      bot.api.setMyCommands([{ command: "Start", description: "x" }]),
      400,
      "Bad Request: BOT_COMMAND_INVALID",
    );
    await rejectsWith(
      bot.api.setMyCommands([{ command: "start", description: "" }]),
      400,
      "Bad Request: command description must be non-empty",
    );
  });

  it("getChatMember returns the registered status; unknown users are not found", async () => {
    const bot = newBot();
    const admin = await bot.api.getChatMember(GROUP, ALICE);
    assert.equal(admin.status, "administrator");
    assert.equal(admin.user.first_name, "Alice");
    assert.equal((await bot.api.getChatMember(GROUP, BOB)).status, "member");
    assert.equal((await bot.api.getChatMember(GROUP, STRANGER)).status, "left");
    await rejectsWith(bot.api.getChatMember(GROUP, 777), 400, "Bad Request: user not found");
    const chat = await bot.api.getChat(GROUP);
    assert.equal(chat.type, "supergroup");
    assert.equal(chat.title, "Neighbourhood volunteers");
  });
});

describe("webhook mode", () => {
  it("posts updates with the secret header; getUpdates conflicts; rejected deliveries stay pending", async () => {
    const bot = newBot();
    bot.on("message:text", (ctx) => ctx.reply(`pong: ${ctx.message.text}`));
    const secret = "s3cret_Token-1";
    const server = http.createServer(webhookCallback(bot, "http", { secretToken: secret }));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      await rejectsWith(
        bot.api.setWebhook(url, { secret_token: "bad token!" }),
        400,
        "Bad Request: secret token contains unallowed characters",
      );
      assert.equal(await bot.api.setWebhook(url, { secret_token: secret }), true);
      const setCall = fake.callsOf("setWebhook").at(-1);
      assert.equal(setCall?.response.body?.ok === true && setCall.response.body.description, "Webhook was set");

      const update = fake.sendText(ALICE, ALICE, "ping");
      const delivery = await fake.deliveryOf(update);
      assert.equal(delivery.status, 200);
      assert.equal(delivery.secretToken, secret);
      const reply = await fake.waitForCall("sendMessage", (p) => p.text === "pong: ping");
      assert.equal(resultOf(reply).chat.id, ALICE);

      const poll = await raw("getUpdates", {});
      assert.equal(poll.status, 409);
      assert.equal(
        poll.json.description,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );

      // A wrong secret: grammY answers 401, Telegram keeps the update and records the error.
      await bot.api.setWebhook(url, { secret_token: "other_secret" });
      const rejected = fake.sendText(ALICE, ALICE, "lost?");
      assert.equal((await fake.deliveryOf(rejected)).status, 401);
      const info = await bot.api.getWebhookInfo();
      assert.equal(info.url, url);
      assert.equal(info.pending_update_count, 1);
      assert.equal(info.last_error_message, "Wrong response from the webhook: 401 Unauthorized");

      // Back to polling: the undelivered update waits for getUpdates.
      await bot.api.deleteWebhook();
      const r = await raw("getUpdates", {});
      assert.deepEqual(
        (r.json.result as Update[]).map((u) => u.update_id),
        [rejected.update_id],
      );
      await raw("getUpdates", { offset: rejected.update_id + 1 });
    } finally {
      await bot.api.deleteWebhook();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });
});

describe("webhook concurrency", () => {
  it("posts up to max_connections updates at once to grammY's webhookCallback, and the rest as those finish", async () => {
    const local = await FakeTelegram.start();
    local.addUser({ id: ALICE, first_name: "Alice" });
    const bot = new Bot(local.token, { client: { apiRoot: local.apiRoot } });
    let running = 0;
    let mostAtOnce = 0;
    const handled: string[] = [];
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    bot.on("message:text", async (ctx) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await released;
      handled.push(ctx.message.text);
      running--;
    });
    const server = http.createServer(webhookCallback(bot, "http"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, {
        max_connections: 3,
      });
      assert.equal((await bot.api.getWebhookInfo()).max_connections, 3);
      for (let i = 1; i <= 7; i++) local.sendText(ALICE, ALICE, `u${i}`);
      // Three handlers hold their requests open: the fake has posted exactly three.
      await expect.poll(() => running, { timeout: 10_000 }).toBe(3);
      assert.equal(local.webhookDeliveries.length, 0);
      assert.equal((await bot.api.getWebhookInfo()).pending_update_count, 7);
      release();
      await expect.poll(() => local.webhookDeliveries.length, { timeout: 10_000 }).toBe(7);
      assert.equal(mostAtOnce, 3);
      assert.deepEqual([...handled].sort(), ["u1", "u2", "u3", "u4", "u5", "u6", "u7"]);
      assert.ok(local.webhookDeliveries.every((d) => d.status === 200));
      assert.equal((await bot.api.getWebhookInfo()).pending_update_count, 0);
    } finally {
      await local.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  });
});

describe("group privacy mode", () => {
  it("delivers only commands for this bot, mentions and replies to the bot", async () => {
    const local = await FakeTelegram.start({ privacyMode: true });
    try {
      local.addUser({ id: ALICE, first_name: "Alice" });
      local.addChat({ id: GROUP, type: "group", title: "Street" });
      const bot = new Bot(local.token, { client: { apiRoot: local.apiRoot } });
      assert.equal((await bot.api.getMe()).can_read_all_group_messages, false);
      const plain = local.sendText(GROUP, ALICE, "just chatting");
      const other = local.sendText(GROUP, ALICE, "/start@some_other_bot");
      const cmd = local.sendText(GROUP, ALICE, "/tasks@talkoot_test_bot now");
      assert.deepEqual(cmd.message?.entities, [{ type: "bot_command", offset: 0, length: 23 }]);
      const mention = local.sendText(GROUP, ALICE, "hey @talkoot_test_bot");
      const mine = await bot.api.sendMessage(GROUP, "question?");
      const reply = local.sendText(GROUP, ALICE, "answer", { replyTo: mine.message_id });
      const got = (await bot.api.getUpdates()).map((u) => u.update_id);
      assert.deepEqual(got, [cmd.update_id, mention.update_id, reply.update_id]);
      assert.deepEqual(local.droppedUpdates, [plain, other]);
    } finally {
      await local.stop();
    }
  });
});

describe("force reply", () => {
  it("keeps a selective ForceReply with its placeholder, and a reply to it reaches a bot in privacy mode", async () => {
    const local = await FakeTelegram.start({ privacyMode: true });
    try {
      local.addUser({ id: ALICE, first_name: "Alice" });
      local.addChat({ id: GROUP, type: "group", title: "Street" });
      const bot = new Bot(local.token, { client: { apiRoot: local.apiRoot } });
      const command = local.sendText(GROUP, ALICE, "/task@talkoot_test_bot add");
      const question = await bot.api.sendMessage(GROUP, "What is the shift?", {
        reply_parameters: { message_id: command.message!.message_id },
        reply_markup: { force_reply: true, selective: true, input_field_placeholder: "Your answer" },
      });
      // Telegram does not echo a ForceReply in the Message; the fake keeps it for tests.
      assert.equal(question.reply_markup, undefined);
      assert.deepEqual(local.messageAt(GROUP, question.message_id)?.forceReply, {
        selective: true,
        input_field_placeholder: "Your answer",
      });
      const answer = local.sendText(GROUP, ALICE, "Park clean-up", { replyTo: question.message_id });
      const got = (await bot.api.getUpdates()).map((u) => u.update_id);
      assert.deepEqual(got, [command.update_id, answer.update_id]);
    } finally {
      await local.stop();
    }
  });

  it("refuses a ForceReply that is not force_reply: true, or a placeholder past 64 characters", async () => {
    const bot = newBot();
    await assert.rejects(
      bot.api.sendMessage(GROUP, "q", { reply_markup: { force_reply: false } as never }),
      /can't parse reply keyboard markup/,
    );
    await assert.rejects(
      bot.api.sendMessage(GROUP, "q", { reply_markup: { force_reply: true, input_field_placeholder: "x".repeat(65) } }),
      /input_field_placeholder/,
    );
  });
});

describe("files and locations users send", () => {
  it("a captioned photo: sizes smallest first, caption entities, getFile then the file endpoint serves the bytes", async () => {
    const bot = newBot();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x01, 0x02, 0xff, 0xd9]);
    const sent = fake.sendPhoto(GROUP, ALICE, { bytes, caption: "/request lamps broken" });
    const message = sent.message!;
    assert.equal(message.text, undefined);
    assert.equal(message.caption, "/request lamps broken");
    assert.deepEqual(message.caption_entities, [{ type: "bot_command", offset: 0, length: 8 }]);
    const sizes = message.photo!;
    assert.equal(sizes.length, 2);
    assert.ok(sizes[0]!.width < sizes[1]!.width, "the thumbnail comes first");
    const largest = sizes.at(-1)!;
    const file = await bot.api.getFile(largest.file_id);
    assert.equal(file.file_id, largest.file_id);
    assert.equal(file.file_unique_id, largest.file_unique_id);
    assert.equal(file.file_size, bytes.length);
    assert.match(file.file_path ?? "", /^photos\/file_\d+\.jpg$/);
    const download = await fetch(`${fake.apiRoot}/file/bot${TOKEN}/${file.file_path}`);
    assert.equal(download.status, 200);
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), bytes);
    // A wrong token or an unknown path: 404, as api.telegram.org answers.
    assert.equal((await fetch(`${fake.apiRoot}/file/bot1:wrong/${file.file_path}`)).status, 404);
    assert.equal((await fetch(`${fake.apiRoot}/file/bot${TOKEN}/photos/nothing.jpg`)).status, 404);
  });

  it("getFile refuses an unknown file_id; a document keeps its name, type and size", async () => {
    const bot = newBot();
    await rejectsWith(bot.api.getFile("AgACAgQAAxkBnotreal"), 400, "Bad Request: invalid file_id");
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const sent = fake.sendDocument(BOB, BOB, { bytes, fileName: "lamp.png", caption: "/request lamps out" });
    const document = sent.message!.document!;
    assert.equal(document.file_name, "lamp.png");
    assert.equal(document.mime_type, "image/png");
    assert.equal(document.file_size, 4);
    const file = await bot.api.getFile(document.file_id);
    assert.match(file.file_path ?? "", /^documents\/file_\d+\.png$/);
    assert.deepEqual(fake.userFileBytes(document.file_id), bytes);
  });

  it("a location and a venue; in privacy mode a location reaches the bot only as a reply to it", async () => {
    const venue = fake.sendLocation(BOB, BOB, {
      latitude: 60.1841,
      longitude: 24.9503,
      venue: { title: "Kallio library", address: "Viides linja 11" },
    });
    assert.deepEqual(venue.message!.location, { latitude: 60.1841, longitude: 24.9503 });
    assert.deepEqual(venue.message!.venue, {
      location: { latitude: 60.1841, longitude: 24.9503 },
      title: "Kallio library",
      address: "Viides linja 11",
    });
    const local = await FakeTelegram.start({ privacyMode: true });
    try {
      local.addUser({ id: ALICE, first_name: "Alice" });
      local.addChat({ id: GROUP, type: "group", title: "Street" });
      const bot = new Bot(local.token, { client: { apiRoot: local.apiRoot } });
      const plain = local.sendLocation(GROUP, ALICE, { latitude: 60.1, longitude: 24.9 });
      const mine = await bot.api.sendMessage(GROUP, "Where is it?");
      const reply = local.sendLocation(GROUP, ALICE, { latitude: 60.1, longitude: 24.9 }, { replyTo: mine.message_id });
      const photo = local.sendPhoto(GROUP, ALICE, { bytes: new Uint8Array([1]), caption: "/request hole" });
      const got = (await bot.api.getUpdates()).map((u) => u.update_id);
      assert.deepEqual(got, [reply.update_id, photo.update_id]);
      assert.deepEqual(local.droppedUpdates, [plain]);
    } finally {
      await local.stop();
    }
  });
});

describe("mentions and deep links", () => {
  it("marks @usernames with mention entities, as Telegram does, but not a command's @BotName", async () => {
    const update = fake.sendText(GROUP, ALICE, "hey @talkoot_test_bot, ask @alice; /help@talkoot_test_bot");
    assert.deepEqual(update.message?.entities, [
      { type: "mention", offset: 4, length: 17 },
      { type: "mention", offset: 27, length: 6 },
      { type: "bot_command", offset: 35, length: 22 },
    ]);
    assert.deepEqual(fake.sendText(GROUP, ALICE, "mail me at x@talkoot_test_bot").message?.entities, undefined);
  });

  it("sends /start <payload> for t.me links, in the private chat or (startgroup) the group, and refuses what Telegram cannot carry", async () => {
    const bot = newBot();
    const direct = fake.openStartLink(ALICE, "join_K7PQ-4XMT");
    assert.equal(direct.message?.chat.id, ALICE);
    assert.equal(direct.message?.text, "/start join_K7PQ-4XMT");
    assert.deepEqual(direct.message?.entities, [{ type: "bot_command", offset: 0, length: 6 }]);
    const group = fake.startGroupLink(GROUP, ALICE, "Ab_9-z");
    assert.equal(group.message?.text, "/start@talkoot_test_bot Ab_9-z");
    const ids = (await bot.api.getUpdates({ offset: direct.update_id })).map((u) => u.update_id);
    assert.ok(ids.includes(direct.update_id) && ids.includes(group.update_id));
    assert.throws(() => fake.openStartLink(ALICE, "has space"), /carries no deep-link payload/);
    assert.throws(() => fake.startGroupLink(GROUP, ALICE, "x".repeat(65)), /carries no deep-link payload/);
  });
});

describe("shutdown", () => {
  it("fake.stop() answers a held poll and leaves no sockets or servers open", async () => {
    const local = await FakeTelegram.start();
    const bot = new Bot(local.token, { client: { apiRoot: local.apiRoot } });
    const held = fetch(`${local.apiRoot}/bot${local.token}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ timeout: 30 }),
    });
    await local.waitForHeldPoll();
    assert.equal((await bot.api.getMe()).is_bot, true);
    await local.stop();
    const res = await held;
    assert.deepEqual(await res.json(), { ok: true, result: [] });

    // Stop the shared fake too (the suite's `after` tolerates a second stop);
    // keep-alive sockets of grammY and fetch are closed by the server side.
    await fake.stop();
    const tcp = (): string[] =>
      process.getActiveResourcesInfo().filter((r) => r === "TCPServerWrap" || r === "TCPSocketWrap");
    for (let i = 0; i < 100 && tcp().length > 0; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(tcp(), []);
  });
});
