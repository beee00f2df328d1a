// The volunteer-task flow on Telegram, end to end: a coordinator posts a
// one-slot shift in a group, a Join press fills it (the callback query is
// answered and the card edited in place), a second Join wait-lists, and a
// leave promotes the waiting person, who is told in the group with a mention
// (they never started the bot) through the outbox.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
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

const BOT = "talkoot_tasks_bot";
const GROUP = -1001000000777;
const ALICE = 201; // created the group
const BOB = 202; // coordinator
const CARL = 203;
const OLGA = 204; // never started the bot

forEachDatabase("telegram tasks", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: [
        { id: BOB, first_name: "Bob", username: "bob", startedBot: true },
        { id: CARL, first_name: "Carl", username: "carl", startedBot: true },
        { id: OLGA, first_name: "Olga" },
      ],
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
    await say(fake, GROUP, BOB, "/help");
    assert.match((await say(fake, GROUP, ALICE, "/role @bob coordinator")).text, /Bob is now coordinator/);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  const card = () =>
    fake.messagesIn(GROUP).findLast((m) => m.reply_markup?.inline_keyboard.flat().some((b) => b.text === "Join"))!;
  const button = (label: string) =>
    card()
      .reply_markup!.inline_keyboard.flat()
      .find((b) => b.text === label) as { text: string; callback_data: string };

  it("posts a shift card with Join and Leave buttons", async () => {
    const reply = await say(
      fake,
      GROUP,
      BOB,
      `/task@${BOT} add "Park clean-up" --when "sat 10:00" --until "12:00" --slots 1`,
    );
    assert.match(reply.text, /Park clean-up/);
    assert.match(reply.text, /0\/1 filled/);
    assert.deepEqual(visible(card()).buttons, ["Join", "Maybe", "Leave"]);
  });

  it("a Join press is answered with a toast and edits the card in place; a second Join wait-lists", async () => {
    const messageId = card().message_id;
    const first = fake.pressButton(GROUP, messageId, CARL, button("Join").callback_data);
    await fake.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === first.callback_query!.id,
    );
    assert.equal(fake.callbackAnswers.get(first.callback_query!.id)?.text, "You're in");
    await fake.waitFor((c) => c.method === "editMessageText" && /1\/1 filled/.test(String(c.params.text)));
    assert.match(visible(fake.messageAt(GROUP, messageId)!).text, /1\/1 filled/);

    const second = fake.pressButton(GROUP, messageId, OLGA, button("Join").callback_data);
    await fake.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === second.callback_query!.id,
    );
    assert.match(fake.callbackAnswers.get(second.callback_query!.id)?.text ?? "", /wait-list, number 1/);
    await fake.waitFor((c) => c.method === "editMessageText" && /1 on the wait-list/.test(String(c.params.text)));
  });

  it("a leave promotes the waiting person, told in the group with a mention", async () => {
    const taskId = /#(\d+)/.exec(visible(card()).text)?.[1];
    assert.ok(taskId);
    const since = fake.calls.length;
    await say(fake, GROUP, CARL, `/task leave ${taskId}`);
    const notice = await fake.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        fake.calls.indexOf(c) >= since &&
        /place opened up/.test(String(c.params.text)) &&
        String(c.params.text).includes(`tg://user?id=${OLGA}`),
      5_000,
    );
    assert.equal(String(notice.params.chat_id), String(GROUP));
  });

  it("/task calendar mine in the group sends the private feed link to the asker's DM only", async () => {
    // Carl has written to the bot before, so it knows his private chat.
    await say(fake, CARL, CARL, "/help");
    const since = fake.calls.length;
    fake.sendText(GROUP, CARL, `/task@${BOT} calendar mine`);
    const call = await waitForSent(fake, since, CARL);
    assert.match(resultMessage(call).text ?? "", /^Your own calendar feed is at \/cal\/[A-Za-z0-9_-]+\.ics /);
    const inGroup = fake.calls.slice(since).filter((c) => String(c.params.chat_id) === String(GROUP));
    for (const c of inGroup) assert.doesNotMatch(String(c.params.text ?? ""), /\/cal\//);
  });

  it("/task roster --csv sends the coordinator a CSV document with the sign-ups", async () => {
    const taskId = /#(\d+)/.exec(visible(card()).text)?.[1];
    assert.ok(taskId);
    const refused = await say(fake, GROUP, CARL, `/task roster ${taskId} --csv`);
    assert.match(refused.text, /coordinator/);
    const since = fake.calls.length;
    fake.sendText(GROUP, BOB, `/task roster ${taskId} --csv`);
    await waitForSent(fake, since, GROUP, "sendDocument");
    const document = fake.documents.at(-1)!;
    assert.equal(document.filename, `roster-${taskId}.csv`);
    const csv = Buffer.from(document.bytes ?? []).toString("utf8");
    assert.ok(csv.startsWith("\uFEFFstatus,position,name,platform,username,signed up,note,no-shows,role\r\n"), csv);
    // Olga was promoted from the wait-list when Carl left; she has no username.
    assert.match(csv, /\r\nsigned up,1,Olga,telegram,,\d{4}-\d{2}-\d{2} \d{2}:\d{2},,0,\r\n$/);
  });

  it("shows a title with a right-to-left override without the override on the card", async () => {
    const since = fake.calls.length;
    fake.sendText(GROUP, BOB, '/task add "Meet \u202Eevah\u202C ok" --when "sun 10:00" --where "\u2067Hall\u2069"');
    const posted = await fake.waitFor(
      (c) => c.method === "sendMessage" && fake.calls.indexOf(c) >= since && /Meet/.test(String(c.params.text)),
    );
    const text = String(posted.params.text);
    assert.match(text, /Meet evah ok/);
    assert.match(text, /Hall/);
    assert.doesNotMatch(text, /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/);
  });
});
