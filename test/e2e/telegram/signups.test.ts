// Issue 20's sign-ups on Telegram, end to end through grammY: a Maybe press
// is answered and counted apart on the card (no place taken), a Join press
// turns it into a sign-up, a note given with /task join reaches the
// coordinator's roster, never the card, and a role's own Join button fills
// that role's slots.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, say, startTelegramApp, type TelegramApp, visible } from "./support.js";

const BOT = "talkoot_signups_bot";
const GROUP = -1001000000921;
const ALICE = 301; // created the group
const BOB = 302; // coordinator
const CARL = 303;

forEachDatabase("telegram sign-ups", (getDatabase) => {
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

  const card = (title: string) =>
    fake
      .messagesIn(GROUP)
      .findLast(
        (m) => m.text?.includes(title) && m.reply_markup?.inline_keyboard.flat().some((b) => b.text.startsWith("Join")),
      )!;
  const press = async (title: string, user: number, label: string) => {
    const message = card(title);
    const button = message.reply_markup!.inline_keyboard.flat().find((b) => b.text === label) as {
      callback_data: string;
    };
    const update = fake.pressButton(GROUP, message.message_id, user, button.callback_data);
    await fake.waitFor(
      (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === update.callback_query!.id,
    );
    return { messageId: message.message_id, toast: fake.callbackAnswers.get(update.callback_query!.id)?.text };
  };

  it("a Maybe press is counted apart from the slots; Join turns it into a sign-up", async () => {
    await say(fake, GROUP, BOB, `/task@${BOT} add "Park clean-up" --when "sat 10:00" --until "12:00" --slots 1`);
    assert.deepEqual(visible(card("Park clean-up")).buttons, ["Join", "Maybe", "Leave"]);

    const maybe = await press("Park clean-up", CARL, "Maybe");
    assert.equal(maybe.toast, "You're a maybe");
    await fake.waitFor((c) => c.method === "editMessageText" && /Maybe/.test(String(c.params.text)));
    assert.match(visible(fake.messageAt(GROUP, maybe.messageId)!).text, /0\/1 filled\nMaybe: 1/);

    const joined = await press("Park clean-up", CARL, "Join");
    assert.equal(joined.toast, "You're in");
    await fake.waitFor((c) => c.method === "editMessageText" && /1\/1 filled/.test(String(c.params.text)));
    const text = visible(fake.messageAt(GROUP, joined.messageId)!).text;
    assert.doesNotMatch(text, /Maybe: /);
    assert.match(text, /In: Carl/);
  });

  it("a note with a sign-up reaches the coordinator's roster, not the card", async () => {
    const taskId = /#(\d+)/.exec(visible(card("Park clean-up")).text)?.[1];
    assert.ok(taskId);
    const noted = await say(fake, GROUP, CARL, `/task join ${taskId} --note "can bring a van"`);
    assert.match(noted.text, /Noted for the coordinators of “Park clean-up”/);
    assert.doesNotMatch(visible(card("Park clean-up")).text, /van/);
    const roster = await say(fake, GROUP, BOB, `/task roster ${taskId}`);
    assert.match(roster.text, /1\. Carl \(@carl\) · “can bring a van”/);
  });

  it("a role's Join button fills that role's slots", async () => {
    await say(fake, GROUP, BOB, `/task@${BOT} add "Food bank" --when "sun 10:00" --roles "driver:1, sorter:2"`);
    assert.deepEqual(visible(card("Food bank")).buttons, ["Join as driver", "Join as sorter", "Maybe", "Leave"]);
    const joined = await press("Food bank", CARL, "Join as sorter");
    assert.equal(joined.toast, "You're in as sorter");
    await fake.waitFor(
      (c) =>
        c.method === "editMessageText" &&
        /sorter/.test(String(c.params.text)) &&
        /1\/2 filled/.test(String(c.params.text)),
    );
    const text = visible(fake.messageAt(GROUP, joined.messageId)!).text;
    assert.match(text, /driver: 0\/1 filled\nsorter: 1\/2 filled/);
    assert.match(text, /In: Carl \(sorter\)/);
  });
});
