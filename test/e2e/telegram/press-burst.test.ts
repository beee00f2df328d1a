// A burst of presses behind a busy bot, end to end (the real adapter, the
// real app, the fake Bot API): the burst is taken in at once though only a few
// updates are held in memory (the rest parked in the inbox), every press is
// answered "kept" within its deadline counted from intake, each press is
// answered once, and every vote counts once when the bot catches up.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp } from "./support.js";
import { type TestFeatureControls, testFeature } from "./test-feature.js";

const BOT = "talkoot_burst_bot";
const GROUP = -1001000000555;
const ALICE = 501;
const FIRST_VOTER = 5_000;
const VOTERS = 24;
const KEPT = "Talkoot is catching up: your press is kept and goes through in a moment.";

forEachDatabase("telegram press burst", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;
  let controls: TestFeatureControls;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: Array.from({ length: VOTERS }, (_, i) => ({ id: FIRST_VOTER + i, first_name: `Voter ${i}` })),
    });
    const test = testFeature();
    controls = test.controls;
    tg = await startTelegramApp(
      getDatabase().url,
      fake,
      // One update at a time, and at most four held: the rest of the burst is parked.
      { callbackAnswerDeadlineMs: 1_000, maxUpdatesInFlight: 1, maxUpdatesHeld: 4 },
      (app) => app.router.use(test.feature),
    );
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("answers every press of a burst within its deadline while the bot is busy, once, and counts every vote once", async () => {
    const card = resultMessage((await say(fake, GROUP, ALICE, "/card")).call);
    const slow = card.reply_markup!.inline_keyboard[0]![1]!;
    const poll = await say(fake, GROUP, ALICE, '/poll "Which day?" "Sat" "Sun"');
    const pollId = resultMessage(poll.call).message_id;
    const sat = fake.messageAt(GROUP, pollId)!.reply_markup!.inline_keyboard.flat()[0]! as { callback_data: string };

    const readBack = vi.spyOn(tg.app.store.updateInbox, "read");
    // The one handler slot is taken by a press that waits until the test lets it go.
    fake.pressButton(GROUP, card.message_id, ALICE, "callback_data" in slow ? slow.callback_data : "");
    const presses = Array.from({ length: VOTERS }, (_, i) =>
      fake.pressButton(GROUP, pollId, FIRST_VOTER + i, sat.callback_data),
    );
    const queryIds = new Set(presses.map((press) => press.callback_query!.id));
    const answersTo = () =>
      fake.calls.filter((c) => c.method === "answerCallbackQuery" && queryIds.has(String(c.params.callback_query_id)));

    // Taken in at once: Telegram holds nothing back, and every press is answered while none is handled.
    await expect.poll(() => fake.pendingUpdateCount, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => answersTo().length, { timeout: 30_000 }).toBe(VOTERS);
    for (const answer of answersTo()) {
      assert.equal(answer.params.text, KEPT);
      assert.equal(answer.response.status, 200);
    }
    const waiting = await tg.app.store.updateInbox.waitingIds("telegram");
    for (const press of presses)
      assert.ok(waiting.includes(String(press.update_id)), "kept in the inbox until handled");

    controls.releaseSlow();
    const since = fake.calls.length;
    fake.sendText(GROUP, ALICE, "/poll close 1");
    await fake.waitFor(
      (c) =>
        c.method === "editMessageText" &&
        fake.calls.indexOf(c) >= since &&
        c.params.message_id === pollId &&
        new RegExp(`“Sat” wins with ${VOTERS} votes`).test(String(c.params.text)),
      30_000,
    );
    // Most of the burst was parked, and read back from the inbox when its turn came.
    const parked = new Set(readBack.mock.calls.flatMap(([, ids]) => ids));
    assert.ok(presses.filter((press) => parked.has(String(press.update_id))).length >= VOTERS - 4);
    // Each press was answered once: the kept answer, and none when its vote was counted.
    assert.equal(answersTo().length, VOTERS);
    await expect.poll(() => tg.app.store.updateInbox.waitingIds("telegram"), { timeout: 30_000 }).toEqual([]);
  });
});
