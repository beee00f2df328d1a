// Addressing the bot in a Telegram group without a slash (issue 17): "@Bot
// help", "hey @Bot help" and "help" in reply to one of the bot's messages run
// the command as "/help" does; other words said to the bot, and plain group
// talk, stay ignored. The real grammY against the fake Bot API (which marks
// @mentions with `mention` entities, as Telegram does), on both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp, waitForSent } from "./support.js";

const BOT = "talkoot_addr_bot";
const GROUP = -1001000000801;
const ALICE = 801;

forEachDatabase("telegram addressing", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", language_code: "en", startedBot: true },
    });
    tg = await startTelegramApp(getDatabase().url, fake);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  /** The bot's texts in the group sent after call index `since`. */
  const answersSince = (since: number): string[] =>
    fake.calls
      .slice(since)
      .filter((c) => c.method === "sendMessage" && c.params.chat_id === GROUP && c.response.status === 200)
      .map((c) => resultMessage(c).text ?? "");

  it("runs '@Bot help' as /help", async () => {
    const { text } = await say(fake, GROUP, ALICE, `@${BOT} help`);
    assert.match(text, /^Talkoot commands\n/);
  });

  it("runs a mention that is not first: 'hey @Bot help'", async () => {
    const { text } = await say(fake, GROUP, ALICE, `hey @${BOT}, help setup`);
    assert.match(text, /^\/setup\n/);
  });

  it("runs 'help' said in reply to one of the bot's messages", async () => {
    const ours = fake.messagesIn(GROUP).at(-1)!;
    const since = fake.calls.length;
    fake.sendText(GROUP, ALICE, "help", { replyTo: ours.message_id });
    const answer = resultMessage(await waitForSent(fake, since, GROUP));
    assert.match(answer.text ?? "", /^Talkoot commands\n/);
  });

  it("leaves talk alone: a reply that is no command, a mention with no command, chatter", async () => {
    const ours = fake.messagesIn(GROUP).at(-1)!;
    const since = fake.calls.length;
    fake.sendText(GROUP, ALICE, "thanks, that helps!", { replyTo: ours.message_id });
    fake.sendText(GROUP, ALICE, `thanks @${BOT}`);
    fake.sendText(GROUP, ALICE, "help me carry the sofa on Saturday?");
    // Updates of one chat are handled in order: once this is answered, the three before it were handled.
    await say(fake, GROUP, ALICE, `/help@${BOT} lang`);
    assert.equal(answersSince(since).length, 1, answersSince(since).join("\n---\n"));
  });
});
