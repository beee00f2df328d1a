// /mydata and /forgetme on Telegram, end to end through grammY and the fake
// Bot API: asked in a group by someone who never wrote to the bot (a bot
// cannot open a private chat), the answer is a deep link; pressing Start
// runs /mydata in the private chat, where the export arrives as a JSON document;
// /forgetme in the private chat shows an Erase me button, and pressing it
// erases the person and edits the prompt in place.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp, waitForSent } from "./support.js";

const BOT = "talkoot_privacy_bot";
const GROUP = -1001000000919;
const ALICE = 201;
const ZELDA = 209;

forEachDatabase("telegram privacy", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;
  let payload: string;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: [{ id: ZELDA, first_name: "Zelda", last_name: "Zorn", username: "zeldaz", startedBot: true }],
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
    await say(fake, GROUP, ZELDA, "/help");
    assert.match((await say(fake, GROUP, ALICE, "/role @zeldaz coordinator")).text, /is now coordinator/);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("/mydata in the group, before she wrote to the bot, answers with a link to her private chat", async () => {
    const { text } = await say(fake, GROUP, ZELDA, `/mydata@${BOT}`);
    assert.match(text, /I give this only privately\. .*https:\/\/t\.me\/talkoot_privacy_bot\?start=[\w-]+/);
    assert.equal(fake.documents.length, 0, "no data in the group");
    payload = /\?start=([\w-]+)/.exec(text)![1]!;
  });

  it("pressing Start there sends the export as a JSON document in her private chat", async () => {
    const since = fake.calls.length;
    fake.sendText(ZELDA, ZELDA, `/start ${payload}`);
    await waitForSent(fake, since, ZELDA, "sendDocument");
    // The command was sent in the group, so a line says where its answer went.
    assert.equal(resultMessage(await waitForSent(fake, since, ZELDA)).text, "I sent your data to our direct chat.");
    const doc = fake.documents.findLast((d) => d.chatId === ZELDA);
    assert.ok(doc, "a document reached her private chat");
    assert.match(doc.filename, /^talkoot-mydata-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(Buffer.from(doc.bytes ?? []).toString("utf8"));
    assert.equal(exported.format, "talkoot.mydata/1");
    assert.deepEqual(
      exported.people.identities.map((i: { id: string; handle: string }) => [i.id, i.handle]),
      [[`telegram:${ZELDA}`, "zeldaz"]],
    );
    assert.deepEqual(
      exported.communities.memberships.map((m: { community: string; role: string }) => [m.community, m.role]),
      [["Kallio", "coordinator"]],
    );
  });

  it("/forgetme asks with a button in her private chat; pressing it erases her and says so in place", async () => {
    const asked = await say(fake, ZELDA, ZELDA, "/forgetme");
    assert.match(asked.text, /This cannot be undone/);
    const prompt = fake.messagesIn(ZELDA).findLast((m) => m.reply_markup?.inline_keyboard.flat().length)!;
    const button = prompt.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Erase me") as {
      callback_data: string;
    };
    const since = fake.calls.length;
    const press = fake.pressButton(ZELDA, prompt.message_id, ZELDA, button.callback_data);
    await fake.waitFor(
      (c) =>
        c.method === "editMessageText" && String(c.params.chat_id) === String(ZELDA) && fake.calls.indexOf(c) >= since,
    );
    await fake.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === press.callback_query!.id,
    );
    assert.match(
      fake.messagesIn(ZELDA).find((m) => m.message_id === prompt.message_id)?.visibleText ?? "",
      /You are erased/,
    );
    const db = tg.app.database.db;
    assert.equal(await db.identity.count({ where: { id: `telegram:${ZELDA}` } }), 0);
    assert.equal(await db.person.count({ where: { displayName: { contains: "Zelda" } } }), 0);
    assert.equal(await db.chat.count({ where: { id: `telegram:${ZELDA}` } }), 0);
  });
});
