// A press that waits in the queue behind the in-flight cap is answered within
// the deadline counted from when it was queued, not from when its turn comes
// (issue 16: under a burst, presses waited for a handler slot unanswered and
// Telegram's spinner ran out). Its effect still happens, from the inbox.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp } from "./support.js";
import { type TestFeatureControls, testFeature } from "./test-feature.js";

const GROUP = -1001000000016;
const ALICE = 1601;
const BOB = 1602;

forEachDatabase("telegram presses queued behind the cap", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;
  let controls: TestFeatureControls;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: "talkoot_queue_bot",
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", language_code: "en", startedBot: true },
      members: [{ id: BOB, first_name: "Bob", username: "bob", startedBot: true }],
    });
    const test = testFeature();
    controls = test.controls;
    // One update at a time, so a second press waits for the first.
    tg = await startTelegramApp(
      getDatabase().url,
      fake,
      { callbackAnswerDeadlineMs: 1_000, maxUpdatesInFlight: 1 },
      (app) => app.router.use(test.feature),
    );
  });

  afterAll(async () => {
    controls.releaseSlow();
    await tg.close();
    await fake.stop();
  });

  it("answers a queued press with the 'kept' toast while the slot is taken, then counts it", async () => {
    const { call } = await say(fake, GROUP, ALICE, "/card");
    const card = resultMessage(call);
    const [count, slow] = card.reply_markup?.inline_keyboard[0] ?? [];
    const dataOf = (button: typeof count) => (button && "callback_data" in button ? button.callback_data : "");
    const slowPress = fake.pressButton(GROUP, card.message_id, ALICE, dataOf(slow));
    // The slow press holds the only slot; Bob's press queues behind it.
    await fake.waitForCall("answerCallbackQuery", (p) => p.callback_query_id === slowPress.callback_query?.id);
    const queued = fake.pressButton(GROUP, card.message_id, BOB, dataOf(count));
    const answer = await fake.waitForCall(
      "answerCallbackQuery",
      (p) => p.callback_query_id === queued.callback_query?.id,
    );
    // Answered while the slow press still held the slot: its turn had not come.
    assert.equal(controls.presses, 0);
    assert.equal(answer.params.text, "Talkoot is catching up: your press is kept and goes through in a moment.");
    assert.equal(answer.response.status, 200);
    controls.releaseSlow();
    await expect.poll(() => controls.presses, { timeout: 30_000 }).toBe(1);
  });
});
