// More commands than Telegram lets a bot answer in a second (30 overall; here
// a pace of 1 a second, so the test stays small and a slow machine still
// handles the commands faster than the replies may go): the replies that would wait
// in grammY's throttler go to the outbox instead, the commands are handled
// (and leave the inbox) without waiting for them, and every reply still
// arrives once, at the pace, with no 429 from Telegram.
import assert from "node:assert/strict";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { startTelegramApp, type TelegramApp, uniqueFirstUpdateId } from "./support.js";

const PEOPLE = Array.from({ length: 10 }, (_, i) => 7_100 + i);
/** One send a second overall; one a second per chat, as Telegram. */
const SLOW_PACE = {
  global: { minTime: 1_000 },
  group: { maxConcurrent: 1, minTime: 1_000 },
  out: { maxConcurrent: 1, minTime: 1_000 },
};

forEachDatabase("telegram replies past the platform's pace", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: "talkoot_pace_bot" });
    for (const id of PEOPLE) fake.addUser({ id, first_name: `Person ${id}`, startedBot: true });
    tg = await startTelegramApp(getDatabase().url, fake, { throttle: SLOW_PACE });
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("queues what would wait, handles every command at once, and delivers each reply once", async () => {
    fake.enforceRateLimits(true);
    const answered = () =>
      fake.callsOf("sendMessage").filter((c) => c.response.status === 200 && PEOPLE.includes(Number(c.params.chat_id)));
    for (const id of PEOPLE) fake.sendText(id, id, "/help");

    // Every command handled (the inbox empties) while most replies are still to go.
    const inbox = tg.app.store.updateInbox;
    const done = () => tg.app.database.db.processedEvent.count({ where: { status: "done" } });
    const doneBefore = await done();
    await expect
      .poll(
        async () => (await done()) >= doneBefore + PEOPLE.length && (await inbox.waiting("telegram")).length === 0,
        { timeout: 30_000 },
      )
      .toBe(true);
    const sentWhenHandled = answered().length;
    assert.ok(
      sentWhenHandled < PEOPLE.length / 2,
      `${sentWhenHandled} replies had gone when the last command was done`,
    );
    const queued = await tg.app.database.db.outboxMessage.count({ where: { purpose: "reply" } });
    assert.ok(queued >= PEOPLE.length / 2, `${queued} replies were queued in the outbox`);

    await expect.poll(() => answered().length, { timeout: 60_000 }).toBe(PEOPLE.length);
    const chats = answered().map((c) => Number(c.params.chat_id));
    assert.deepEqual([...chats].sort(), [...PEOPLE].sort(), "each person answered once");
    for (const call of answered()) assert.match(String(call.params.text), /Talkoot commands/);
    assert.equal(fake.callsOf("sendMessage").filter((c) => c.response.status === 429).length, 0, "no 429");
  });
});
