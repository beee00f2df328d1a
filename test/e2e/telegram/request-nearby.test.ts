// The guided /request's "📍 Nearby", through grammY against the fake Bot API
// in a privacy-mode group: a resident shares a location in reply to "Where
// is it?", which answers it, so the request being filed has a place; its preview then offers
// "📍 Nearby", which lists the open requests around that place, each with a
// "+1" button; pressing one backs that request (the presser is thanked in
// the button's answer) and edits the list in place with the new count.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeMessage, FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp, visible } from "./support.js";

const BOT = "talkoot_nearby_bot";
const GROUP = -1001000000991;
const OFFICIALS = -1001000000992;
const ALICE = 991;
const BOB = 992;

forEachDatabase("telegram: the guided request's Nearby button", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      privacyMode: true,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: [{ id: BOB, first_name: "Bob", username: "bob", startedBot: true }],
    });
    fake.addChat({ id: OFFICIALS, type: "supergroup", title: "City lighting team" });
    fake.setMember(OFFICIALS, ALICE, "creator");
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
    const code = /Invite code: (\S+)/.exec((await say(fake, GROUP, ALICE, `/setup@${BOT} invite`)).text)![1]!;
    await say(fake, OFFICIALS, ALICE, `/setup@${BOT} join ${code} --officials`);
    await say(fake, GROUP, ALICE, `/setup@${BOT} category add lighting "Street lighting"`);
    await say(fake, OFFICIALS, ALICE, `/setup@${BOT} contact add "City lighting" --categories lighting`);
    const filed = await say(
      fake,
      GROUP,
      ALICE,
      `/request@${BOT} lighting Lamp dark at the library --at 60.1841,24.9503`,
    );
    assert.match(filed.text, /Request K-1001/);
  });

  afterAll(async () => {
    await tg?.close();
    await fake?.stop();
  });

  /** The bot's messages sent from call index `since` on, once there are `count` of them. */
  const sent = async (since: number, count: number): Promise<FakeMessage[]> => {
    const messages = () =>
      fake.calls
        .slice(since)
        .filter(
          (call) =>
            call.method === "sendMessage" &&
            String(call.params.chat_id) === String(GROUP) &&
            call.response.status === 200,
        )
        .map((call) => fake.messageAt(GROUP, resultMessage(call).message_id)!);
    await expect.poll(() => messages().length, { timeout: 30_000 }).toBeGreaterThanOrEqual(count);
    return messages();
  };

  /** `userId` presses `label` on `message`; returns the press's callback query id. */
  const press = (userId: number, message: FakeMessage, label: string): string => {
    const button = message.reply_markup?.inline_keyboard.flat().find((b) => b.text === label);
    assert.ok(button && "callback_data" in button, `no button ${label} in ${JSON.stringify(visible(message))}`);
    const update = fake.pressButton(GROUP, message.message_id, userId, button.callback_data);
    return update.callback_query!.id;
  };

  /** What the bot answered a press with (its toast), once it has. */
  const answerOf = async (queryId: string): Promise<string | undefined> => {
    await expect.poll(() => fake.callbackAnswers.has(queryId), { timeout: 30_000 }).toBe(true);
    return fake.callbackAnswers.get(queryId)?.text;
  };

  it("offers the open requests near the shared place, and +1 backs one instead of filing again", async () => {
    let since = fake.calls.length;
    fake.sendText(GROUP, BOB, `/request@${BOT} lighting`);
    const [describe] = await sent(since, 2);
    assert.match(visible(describe!).text, /Describe the problem/);

    since = fake.calls.length;
    fake.sendText(GROUP, BOB, "Lamp by the library is out", { replyTo: describe!.message_id });
    const [where, whereButtons] = await sent(since, 2);
    assert.match(visible(where!).text, /Where is it\?/);

    // Telegram's own way to say where: a location, in reply to the question, answers it.
    assert.deepEqual(visible(whereButtons!).buttons, ["Skip", "Cancel"]);
    since = fake.calls.length;
    fake.sendLocation(GROUP, BOB, { latitude: 60.1843, longitude: 24.9503 }, { replyTo: where!.message_id });
    const [photo, photoButtons] = await sent(since, 2);
    assert.match(visible(photo!).text, /Add a photo\?/);
    since = fake.calls.length;
    press(BOB, photoButtons!, "Skip");
    const [preview] = await sent(since, 1);
    assert.match(visible(preview!).text, /Check before it is created/);
    assert.deepEqual(visible(preview!).buttons, ["Create", "Edit", "Cancel", "📍 Nearby"]);

    since = fake.calls.length;
    press(BOB, preview!, "📍 Nearby");
    const [list] = await sent(since, 1);
    assert.match(visible(list!).text, /1 open request within 1 km/);
    assert.match(visible(list!).text, /K-1001 · 20 m · Street lighting · Lamp dark at the library · \+0/);
    assert.deepEqual(visible(list!).buttons, ["+1 K-1001"]);

    const backed = press(BOB, list!, "+1 K-1001");
    assert.equal(await answerOf(backed), "Thanks: 1 neighbour now backs K-1001.");
    await expect
      .poll(() => fake.messageAt(GROUP, list!.message_id)?.visibleText, { timeout: 30_000 })
      .toMatch(/K-1001 · 20 m · Street lighting · Lamp dark at the library · \+1/);
    // Its author cannot back it; the list stays as it was.
    const own = press(ALICE, fake.messageAt(GROUP, list!.message_id)!, "+1 K-1001");
    assert.match((await answerOf(own)) ?? "", /You filed K-1001 yourself/);

    // The preview still files the new one, if it is another problem after all.
    since = fake.calls.length;
    press(BOB, preview!, "Create");
    const [receipt] = await sent(since, 1);
    assert.match(visible(receipt!).text, /Request K-1002/);
  });
});
