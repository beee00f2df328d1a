// Talkoot on Telegram end to end: the real grammY client and the real core
// (buildApp, on SQLite and PostgreSQL) against the fake Bot API, in a group
// (commands with @BotName) and in private chats.
import assert from "node:assert/strict";
import { Api } from "grammy";
import type { Message, Update } from "grammy/types";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import {
  fakeWithGroup,
  resultMessage,
  say,
  startTelegramApp,
  type TelegramApp,
  visible,
  waitForSent,
} from "./support.js";
import { type TestFeatureControls, testFeature } from "./test-feature.js";

/** A message as an update carries it (never a channel post). */
type UserMessage = NonNullable<Update["message"]>;

const BOT = "talkoot_test_bot";
const GROUP = -1001000000001;
const ALICE = 101; // created the group
const BOB = 102; // a member
const OLGA = 103; // a member without a username
const CARL = 104; // has never written to the bot

forEachDatabase("telegram end to end", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;
  let controls: TestFeatureControls;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", language_code: "en", startedBot: true },
      members: [
        { id: BOB, first_name: "Bob", username: "bob", startedBot: true },
        { id: OLGA, first_name: "Olga", last_name: "Virtanen", language_code: "fi" },
        { id: CARL, first_name: "Carl", username: "carl" },
      ],
    });
    const test = testFeature();
    controls = test.feature && test.controls;
    tg = await startTelegramApp(getDatabase().url, fake, { callbackAnswerDeadlineMs: 1_000 }, (app) =>
      app.router.use(test.feature),
    );
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  // Read back through the Bot API: FakeTelegram.commandsFor() looks the default scope up under
  // another key than setMyCommands stores it (a fake bug, reported), so it always answers [].
  const menuOf = (languageCode: "" | "fi" | "sv") =>
    new Api(fake.token, { apiRoot: fake.apiRoot }).getMyCommands(languageCode ? { language_code: languageCode } : {});

  describe("start-up", () => {
    it("is ready, polls with the allowed updates, and publishes the command menu per language", async () => {
      assert.equal(tg.adapter.isReady(), true);
      await say(fake, ALICE, ALICE, "/start");
      const firstPoll = fake.callsOf("getUpdates")[0];
      assert.deepEqual(firstPoll?.params.allowed_updates, [
        "message",
        "callback_query",
        "poll_answer",
        "my_chat_member",
      ]);
      const english = await menuOf("");
      // Exactly the router's visible commands, whatever features are loaded.
      const visibleCommands = tg.app.router
        .listCommands()
        .filter((c) => !c.hidden)
        .map((c) => c.name);
      assert.deepEqual(
        english.map((c) => c.command),
        visibleCommands,
      );
      for (const name of ["help", "setup", "role", "lang", "link"]) assert.ok(visibleCommands.includes(name), name);
      assert.ok(!english.some((c) => c.command === "card"), "hidden commands stay out of the menu");
      assert.match(english.find((c) => c.command === "lang")?.description ?? "", /Choose the language/);
      assert.match((await menuOf("fi")).find((c) => c.command === "setup")?.description ?? "", /Ota keskustelu/);
      assert.match((await menuOf("sv")).find((c) => c.command === "help")?.description ?? "", /\S/);
    });
  });

  describe("in a group, with @BotName", () => {
    it("/help lists the commands, as HTML with a bold title", async () => {
      const { text, call } = await say(fake, GROUP, BOB, `/help@${BOT}`);
      assert.match(text, /^Talkoot commands\n/);
      for (const command of ["/setup", "/role", "/lang", "/link", "/help"]) assert.ok(text.includes(command), command);
      assert.equal(call.params.parse_mode, "HTML");
      assert.equal(resultMessage(call).entities?.[0]?.type, "bold");
    });

    it("leaves commands for other bots alone: /cmd@OtherBot, and a bare command it does not know", async () => {
      const since = fake.calls.length;
      fake.sendText(GROUP, BOB, "/help@some_other_bot");
      fake.sendText(GROUP, BOB, "/weather Helsinki");
      // The next command's answer proves the earlier one was read and passed over.
      const { text } = await say(fake, GROUP, BOB, "/help@talkoot_test_bot setup");
      assert.match(text, /setup/);
      const answers = fake.calls.slice(since).filter((c) => c.method === "sendMessage");
      assert.equal(answers.length, 1);
      // Addressed to this bot, an unknown command gets its one clear line.
      const unknown = await say(fake, GROUP, BOB, `/weather@${BOT}`);
      assert.match(unknown.text, /weather/);
    });

    it("/setup community is refused to a member and done for the group's creator", async () => {
      const refused = await say(fake, GROUP, BOB, `/setup@${BOT} community Kallio`);
      assert.match(refused.text, /That needs the chat admin role here/);
      const lookups = fake.callsOf("getChatMember").length;
      const done = await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
      assert.match(done.text, /“Kallio” is set up, and this chat is its home\. You are its admin\./);
      assert.equal(fake.callsOf("getChatMember").length, lookups + 1);
    });

    it("/setup invite prints a code; the admin look-up is cached", async () => {
      const lookups = fake.callsOf("getChatMember").length;
      const { text } = await say(fake, GROUP, ALICE, `/setup@${BOT} invite`);
      assert.match(text, /^Invite code: [A-Z0-9]{4}-[A-Z0-9]{4} \(valid for 7 days, once\)/);
      assert.equal(fake.callsOf("getChatMember").length, lookups, "alice's status came from the cache");
    });

    it("/role by @username, and by a text mention of a user without one", async () => {
      // Members are the people who have spoken in the community's chat.
      await say(fake, GROUP, OLGA, "/help");
      await say(fake, GROUP, BOB, "/help");
      const byHandle = await say(fake, GROUP, ALICE, `/role@${BOT} @bob coordinator`);
      assert.equal(byHandle.text, "Bob is now coordinator in “Kallio”.");

      const since = fake.calls.length;
      const text = "/role@talkoot_test_bot Olga Virtanen official";
      fake.inject({
        message: {
          message_id: 9001,
          date: Math.floor(Date.now() / 1000),
          chat: { id: GROUP, type: "supergroup", title: "Kallio Friends" },
          from: { id: ALICE, is_bot: false, first_name: "Alice", username: "alice" },
          text,
          entities: [
            { type: "bot_command", offset: 0, length: 22 },
            { type: "text_mention", offset: 23, length: 13, user: { id: OLGA, is_bot: false, first_name: "Olga" } },
          ],
        } as UserMessage,
      });
      const reply = resultMessage(await waitForSent(fake, since, GROUP));
      assert.equal(reply.text, "Olga Virtanen is now official in “Kallio”.");
    });

    it("/lang fi switches the group to Finnish; /lang en back", async () => {
      const fi = await say(fake, GROUP, ALICE, `/lang@${BOT} fi`);
      assert.equal(fi.text, "Tämä keskustelu puhuu nyt suomea.");
      const help = await say(fake, GROUP, BOB, "/help");
      assert.match(help.text, /^Talkoot-komennot\n/);
      const en = await say(fake, GROUP, ALICE, `/lang@${BOT} en`);
      assert.equal(en.text, "This chat now speaks English.");
    });

    it("/link from someone the bot cannot write to privately is refused in the group, with a deep link and no code", async () => {
      const codesBefore = await tg.app.database.db.oneTimeCode.count({ where: { kind: "link" } });
      const { text, call } = await say(fake, GROUP, CARL, `/link@${BOT}`);
      assert.match(text, /^Carl I give this only privately\. .*https:\/\/t\.me\/talkoot_test_bot\?start=[\w-]+/);
      // The deep link's random payload may contain a code-like run of letters; look outside it.
      assert.doesNotMatch(text.replace(/\?start=[\w-]+/, ""), /link code|[A-Z0-9]{4}-[A-Z0-9]{4}/);
      const mention = resultMessage(call).entities?.find((e) => e.type === "text_link");
      assert.equal(mention && "url" in mention && mention.url, `tg://user?id=${CARL}`);
      assert.equal(
        await tg.app.database.db.oneTimeCode.count({ where: { kind: "link" } }),
        codesBefore,
        "no code made",
      );
      const payload = /\?start=([\w-]+)/.exec(text)![1]!;

      // Someone else's /start with the same payload resumes nothing.
      const stranger = await say(fake, OLGA, OLGA, `/start ${payload}`);
      assert.doesNotMatch(stranger.text, /link code/);
      assert.match(stranger.text, /vanhentunut tai se ei ole sinun/);

      // Carl presses Start: Telegram sends /start <payload> in his private chat, and the code arrives there.
      const since = fake.calls.length;
      const resumed = await say(fake, CARL, CARL, `/start ${payload}`);
      assert.match(resumed.text, /^Your link code: [A-Z0-9]{4}-[A-Z0-9]{4} \(valid for 10 minutes\)/);
      const inGroup = fake.calls
        .slice(since)
        .filter((c) => c.method === "sendMessage" && c.params.chat_id === GROUP)
        .map((c) => resultMessage(c).text ?? "");
      assert.deepEqual(inGroup, [], "nothing more in the group");
      for (const m of fake.messagesIn(GROUP)) assert.doesNotMatch(m.text ?? "", /link code/);

      // The payload works once.
      const again = await say(fake, CARL, CARL, `/start ${payload}`);
      assert.match(again.text, /has expired or is not yours/);
    });

    it("answers in the forum topic a command came from", async () => {
      const since = fake.calls.length;
      fake.inject({
        message: {
          message_id: 9002,
          date: Math.floor(Date.now() / 1000),
          chat: { id: GROUP, type: "supergroup", title: "Kallio Friends", is_forum: true },
          from: { id: BOB, is_bot: false, first_name: "Bob", username: "bob" },
          text: "/help",
          entities: [{ type: "bot_command", offset: 0, length: 5 }],
          is_topic_message: true,
          message_thread_id: 77,
        } as UserMessage,
      });
      const call = await waitForSent(fake, since, GROUP);
      assert.equal(call.params.message_thread_id, 77);
    });
  });

  describe("in a private chat", () => {
    it("/help and /link answer in the DM; a code from one account links another", async () => {
      const help = await say(fake, ALICE, ALICE, "/help");
      assert.match(help.text, /^Talkoot commands/);
      const issued = await say(fake, ALICE, ALICE, "/link");
      const code = /Your link code: (\S+)/.exec(issued.text)?.[1];
      assert.ok(code, issued.text);
      const linked = await say(fake, BOB, BOB, `/link ${code}`);
      assert.equal(linked.text, "Done: your accounts are now one person (telegram).");
    });

    it("/lang fi sets the private chat's language; /setup invite and /role say the chat is not a community's", async () => {
      const fi = await say(fake, OLGA, OLGA, "/lang fi");
      assert.equal(fi.text, "Tämä keskustelu puhuu nyt suomea.");
      const help = await say(fake, OLGA, OLGA, "/help");
      assert.match(help.text, /^Talkoot-komennot/);
      const invite = await say(fake, OLGA, OLGA, "/setup invite");
      const role = await say(fake, OLGA, OLGA, "/role @bob admin");
      for (const line of [invite.text, role.text]) assert.doesNotMatch(line, /Invite code|is now/);
      assert.equal(invite.text, role.text, "the same one line: this chat belongs to no community");
    });

    it("/link in the group goes to the DM of someone who has written to the bot", async () => {
      const since = fake.calls.length;
      fake.sendText(GROUP, ALICE, `/link@${BOT}`);
      const call = await waitForSent(fake, since, ALICE);
      assert.match(resultMessage(call).text ?? "", /^Your link code: /);
      assert.equal(
        fake.calls.slice(since).filter((c) => c.method === "sendMessage" && c.params.chat_id === GROUP).length,
        0,
      );
    });
  });

  describe("buttons", () => {
    it("a press is answered with the toast and the card is edited in place", async () => {
      const { call } = await say(fake, GROUP, ALICE, "/card");
      const card = resultMessage(call);
      const markup = card.reply_markup?.inline_keyboard[0];
      assert.deepEqual(
        markup?.map((b) => b.text),
        ["Count", "Slow"],
      );
      assert.equal(markup?.[0] && "style" in markup[0] && markup[0].style, "primary");
      const data = markup?.[0] && "callback_data" in markup[0] ? markup[0].callback_data : "";
      const since = fake.calls.length;
      const press = fake.pressButton(GROUP, card.message_id, BOB, data);
      const answer = await fake.waitForCall(
        "answerCallbackQuery",
        (p) => p.callback_query_id === press.callback_query?.id,
      );
      assert.equal(answer.params.text, "Counted 1");
      assert.equal(answer.response.status, 200);
      const edit = await fake.waitFor((c) => c.method === "editMessageText" && fake.calls.indexOf(c) >= since);
      assert.equal(edit.response.status, 200);
      const shown = fake.messagesIn(GROUP).find((m) => m.message_id === card.message_id)!;
      assert.deepEqual(visible(shown), { text: "Counter\ncount 1", buttons: ["Count", "Slow"] });
      assert.equal(shown.edits, 1);
      assert.equal(controls.presses, 1);
      // Telegram retries a press it thinks was lost: one effect.
      fake.redeliver(press.update_id);
      await say(fake, GROUP, ALICE, "/help setup"); // same lane order: the redelivery was handled first
      assert.equal(controls.presses, 1);
      assert.equal(fake.messagesIn(GROUP).find((m) => m.message_id === card.message_id)?.edits, 1);
    });

    it("a slow press is answered once the deadline passes, saying it is kept", async () => {
      const { call } = await say(fake, GROUP, ALICE, "/card");
      const card = resultMessage(call);
      const slow = card.reply_markup?.inline_keyboard[0]?.[1];
      const data = slow && "callback_data" in slow ? slow.callback_data : "";
      const pressedAt = fake.now();
      const press = fake.pressButton(GROUP, card.message_id, BOB, data);
      const answer = await fake.waitForCall(
        "answerCallbackQuery",
        (p) => p.callback_query_id === press.callback_query?.id,
      );
      controls.releaseSlow();
      assert.equal(answer.params.text, "Talkoot is catching up: your press is kept and goes through in a moment.");
      assert.equal(answer.response.status, 200);
      // This suite sets the deadline to 1 s (2 s by default): not before it.
      const waited = answer.at - pressedAt;
      assert.ok(waited >= 900, `answered after ${waited} ms`);
    });
  });

  describe("user text", () => {
    it("<b>, & and a 5,000-character description are shown as typed, never as markup", async () => {
      const typed = "<b>Tom & Jerry</b> &amp; <i>x";
      const since = fake.calls.length;
      fake.sendText(GROUP, BOB, `/describe ${typed}`);
      await fake.waitFor(
        (c) =>
          c.method === "sendMessage" &&
          fake.calls.indexOf(c) >= since &&
          String((c.response.body?.ok && (c.response.body.result as Message).text) || "").includes("footer"),
      );
      const sends = fake.calls.slice(since).filter((c) => c.method === "sendMessage");
      assert.ok(sends.length >= 2, "the card is laid out over several messages");
      for (const send of sends) assert.equal(send.response.status, 200, JSON.stringify(send.response.body));
      const texts = sends.map((c) => resultMessage(c).text ?? "");
      for (const text of texts) assert.ok(text.length <= 4096);
      assert.ok(texts[0]!.startsWith(`Request: ${typed}\n${typed}\n\nDescription: ${typed}`));
      assert.ok(texts.at(-1)!.endsWith(`footer ${typed}`));
      // Only our own tags became entities: bold title and labels, the code block, the italic footer.
      const entityTypes = new Set(sends.flatMap((c) => (resultMessage(c).entities ?? []).map((e) => e.type)));
      assert.deepEqual([...entityTypes].sort(), ["bold", "italic", "pre"]);
    });
  });
});
