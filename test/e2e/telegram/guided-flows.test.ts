// A guided /task add in a Telegram group with privacy mode on, through real
// grammY: each question opens the reply field for the coordinator alone
// (selective force_reply, quoting their message), their replies reach the
// bot as replies to it, choices are buttons, and Create runs the one-line
// command. Someone else's reply is not taken as an answer: with two flows
// open, a reply answers the flow whose question it replies to. A venue sent in
// reply to "Where is it?" is the place.
import assert from "node:assert/strict";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeMessage, FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp, visible } from "./support.js";

const BOT = "talkoot_flows_bot";
const GROUP = -1001000000888;
const ALICE = 301; // created the group
const BOB = 302; // coordinator
const CARL = 303;

forEachDatabase("telegram guided flows", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      privacyMode: true,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: [
        { id: BOB, first_name: "Bob", username: "bob", startedBot: true },
        { id: CARL, first_name: "Carl", username: "carl", startedBot: true },
      ],
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
    await say(fake, GROUP, BOB, `/help@${BOT}`);
    assert.match((await say(fake, GROUP, ALICE, `/role@${BOT} @bob coordinator`)).text, /Bob is now coordinator/);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  /** The bot's messages sent from call index `since` on, once there are `count` of them. */
  const sent = async (since: number, count: number): Promise<FakeMessage[]> => {
    const messages = () =>
      fake.calls
        .slice(since)
        .filter((call) => call.method === "sendMessage" && call.response.status === 200)
        .map((call) => fake.messageAt(GROUP, resultMessage(call).message_id)!);
    await expect.poll(() => messages().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
    return messages();
  };

  /** `userId` replies to the bot's message `to`; resolves with the bot's next `count` messages. */
  const reply = async (userId: number, to: Message | FakeMessage, text: string, count = 1) => {
    const since = fake.calls.length;
    fake.sendText(GROUP, userId, text, { replyTo: to.message_id });
    return sent(since, count);
  };

  const press = async (userId: number, message: FakeMessage, label: string, count = 1) => {
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    assert.ok(button && "callback_data" in button, `no button ${label}`);
    const since = fake.calls.length;
    fake.pressButton(GROUP, message.message_id, userId, button.callback_data);
    return sent(since, count);
  };

  it("asks with a selective force reply and creates the shift from the answers", async () => {
    const since = fake.calls.length;
    const command = fake.sendText(GROUP, BOB, `/task@${BOT} add`);
    // Telegram puts a reply field and buttons on different messages: the question, then its Cancel button.
    const [first, cancel] = await sent(since, 2);
    assert.deepEqual(visible(cancel!).buttons, ["Cancel"]);
    assert.match(visible(first!).text, /Bob What is the shift\?/);
    assert.deepEqual(first!.forceReply, { selective: true, input_field_placeholder: "Your answer" });
    assert.equal(first!.message.reply_to_message?.message_id, command.message!.message_id);

    // Carl's reply to Bob's question is not Bob's answer; words that start like a command are still an answer.
    fake.sendText(GROUP, CARL, "Carl's idea", { replyTo: first!.message_id });
    const [when] = await reply(BOB, first!, "Task force clean-up", 2);
    assert.match(visible(when!).text, /When does it start\?/);
    assert.equal(when!.forceReply?.selective, true);

    // A question with choices: its buttons follow the question too.
    const [slots, choices] = await reply(BOB, when!, "sat 10:00", 2);
    assert.match(visible(slots!).text, /How many people are needed\?/);
    assert.ok(slots!.forceReply);
    assert.deepEqual(visible(choices!).buttons, ["1", "2", "3", "4", "5", "6", "Cancel"]);

    const [where, whereButtons] = await press(BOB, choices!, "4", 2);
    assert.match(visible(where!).text, /Where is it\?/);
    const [preview] = await press(BOB, whereButtons!, "Skip");
    assert.match(visible(preview!).text, /Check before it is created/);
    assert.match(visible(preview!).text, /\/task add "Task force clean-up" --when "sat 10:00" --slots 4/);
    assert.deepEqual(visible(preview!).buttons, ["Create", "Edit", "Cancel"]);

    const [card] = await press(BOB, preview!, "Create");
    assert.match(visible(card!).text, /Task force clean-up/);
    assert.match(visible(card!).text, /0\/4 filled/);
    assert.equal(await tg.app.database.db.guidedFlow.count(), 0);
  });

  it("takes a reply as the answer of the person whose question it replies to, with two flows open", async () => {
    let since = fake.calls.length;
    fake.sendText(GROUP, ALICE, `/task@${BOT} add`);
    const [alices, alicesButtons] = await sent(since, 2);
    assert.match(visible(alices!).text, /Alice What is the shift\?/);
    since = fake.calls.length;
    fake.sendText(GROUP, BOB, `/task@${BOT} add`);
    const [bobs] = await sent(since, 2);
    assert.match(visible(bobs!).text, /Bob What is the shift\?/);
    // Each flow knows its question's messages (the question, then its buttons), once they are posted.
    const stored = async () =>
      (await tg.app.database.db.guidedFlow.findMany({ select: { questionMessageId: true } }))
        .map((f) => f.questionMessageId?.split(",")[0])
        .sort();
    await expect
      .poll(stored, { timeout: 30_000 })
      .toEqual([String(alices!.message_id), String(bobs!.message_id)].sort());

    // Bob answers Alice's question by mistake: not his answer, nor hers. His own reply is his.
    since = fake.calls.length;
    fake.sendText(GROUP, BOB, "Bob's shift", { replyTo: alices!.message_id });
    const [bobsWhen] = await reply(BOB, bobs!, "Bob's shift", 2);
    assert.match(visible(bobsWhen!).text, /Bob When does it start\?/);
    assert.equal((await sent(since, 2)).length, 2, "the mistaken reply got no answer");
    // A reply to the question's buttons, its second message, is an answer to it too.
    const [alicesWhen] = await reply(ALICE, alicesButtons!, "Alice's shift", 2);
    assert.match(visible(alicesWhen!).text, /Alice When does it start\?/);
    await say(fake, GROUP, ALICE, `/cancel@${BOT}`);
    await say(fake, GROUP, BOB, `/cancel@${BOT}`);
  });

  it("takes a venue sent in reply to Where is it? as the place", async () => {
    const since = fake.calls.length;
    fake.sendText(GROUP, BOB, `/task@${BOT} add "Library shift" --slots 2`);
    const [when] = await sent(since, 2);
    const [where] = await reply(BOB, when!, "sat 10:00", 2);
    assert.match(visible(where!).text, /Where is it\?/);
    const venue = { title: "Kallio library", address: "Viides linja 11" };
    const before = fake.calls.length;
    fake.sendLocation(GROUP, BOB, { latitude: 60.1841, longitude: 24.9503, venue }, { replyTo: where!.message_id });
    const [preview] = await sent(before, 1);
    assert.match(
      visible(preview!).text,
      /\/task add "Library shift" --when "sat 10:00" --slots 2 --where "Kallio library, Viides linja 11"/,
    );
    const [card] = await press(BOB, preview!, "Create");
    assert.match(visible(card!).text, /Kallio library, Viides linja 11/);
    assert.equal(await tg.app.database.db.sharedLocation.count(), 0, "an answer, not a shared location");
  });

  it("asks plain questions in a direct chat, buttons on the question itself", async () => {
    fake.sendText(BOB, BOB, "/hours log");
    await expect.poll(() => fake.messagesIn(BOB).filter((m) => m.fromBot).length, { timeout: 30_000 }).toBe(1);
    const [question] = fake.messagesIn(BOB).filter((m) => m.fromBot);
    assert.match(visible(question!).text, /^Which shift was it\?/);
    assert.equal(question!.forceReply, undefined);
    assert.deepEqual(visible(question!).buttons, ["Cancel"]);
    fake.sendText(BOB, BOB, "Made coffee");
    await expect.poll(() => fake.messagesIn(BOB).filter((m) => m.fromBot).length, { timeout: 30_000 }).toBe(2);
    const hours = fake.messagesIn(BOB).filter((m) => m.fromBot)[1]!;
    assert.match(visible(hours).text, /How many hours\?/);
    assert.deepEqual(visible(hours).buttons, ["1", "2", "3", "4", "Cancel"]);
  });
});
