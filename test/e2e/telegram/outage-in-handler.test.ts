// PostgreSQL goes away after the router claimed a press, inside its handler
// (real Telegram SDK, the fake Bot API, the bot's connections cut through a
// proxy): no "try again" line or alert (the press hears it is kept), nothing acknowledged that was not
// handled, and once the database is back every press counts exactly once.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it, vi } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { proxyInFrontOf, type TcpProxy } from "../../support/tcp-proxy.js";
import { fakeWithGroup, say, startTelegramApp, type TelegramApp } from "./support.js";

const BOT = "outage_in_handler_bot";
const GROUP = -1001000000091;
const ALICE = 9101;
const VOTERS = [9111, 9112, 9113, 9114, 9115, 9116];

forEachDatabase("telegram presses when the database goes away inside the handler", (getDatabase, provider) => {
  // SQLite is a file in the process; it does not go away like a server.
  if (provider !== "postgresql") {
    it.skip("PostgreSQL only", () => {});
    return;
  }
  let fake: FakeTelegram;
  let tg: TelegramApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: VOTERS.map((id) => ({ id, first_name: `Voter${id}`, startedBot: true })),
    });
    const proxied = await proxyInFrontOf(getDatabase().url);
    proxy = proxied.proxy;
    tg = await startTelegramApp(proxied.url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
  });

  afterAll(async () => {
    proxy.resume();
    await tg.close();
    await fake.stop();
    await proxy.close();
  });

  it("counts every press once after the cut heals, with no error shown", async () => {
    const posted = await say(fake, GROUP, ALICE, '/poll "Which day?" "Sat" "Sun"');
    const messageId = (posted.call.response.body as { result: { message_id: number } }).result.message_id;
    const sat = fake.messageAt(GROUP, messageId)?.reply_markup?.inline_keyboard.flat()[0] as { callback_data: string };
    const poll = await getDatabase().db.poll.findFirstOrThrow({ where: { question: "Which day?" } });

    // The first press's handler cuts the database after its claim, as it resolves who pressed.
    const directory = tg.app.store.directory;
    const resolve = directory.resolve.bind(directory);
    let cut = false;
    let failedInside = 0;
    vi.spyOn(directory, "resolve").mockImplementation(async (...args) => {
      if (!cut) {
        cut = true;
        proxy.pause();
      }
      return resolve(...args).catch((error: unknown) => {
        failedInside++;
        throw error;
      });
    });
    const since = fake.calls.length;
    for (const voter of VOTERS) fake.pressButton(GROUP, messageId, voter, sat.callback_data);
    await vi.waitFor(() => assert.ok(failedInside >= 1), { timeout: 30_000 });
    proxy.resume();

    await vi.waitFor(
      async () => assert.equal(await getDatabase().db.vote.count({ where: { pollId: poll.id } }), VOTERS.length),
      { timeout: 90_000, interval: 200 },
    );
    await vi.waitFor(async () => assert.deepEqual(await tg.app.store.updateInbox.waiting("telegram"), []), {
      timeout: 60_000,
    });
    await fake.waitForHeldPoll();
    assert.equal(fake.pendingUpdateCount, 0);
    // Once each: no redelivery took a vote back (a press toggles).
    assert.equal(await getDatabase().db.vote.count({ where: { pollId: poll.id } }), VOTERS.length);
    const after = fake.calls.slice(since);
    assert.equal(
      after.filter((call) => call.method === "answerCallbackQuery" && call.params.show_alert === true).length,
      0,
      "no error alert",
    );
    // The press caught in the cut was not left spinning: it heard that it is kept.
    assert.ok(
      after.some(
        (call) => call.method === "answerCallbackQuery" && /your press is kept/.test(String(call.params.text)),
      ),
      "the catching-up toast",
    );
    assert.equal(
      after.filter((call) => call.method === "sendMessage" && /incident|went wrong/i.test(String(call.params.text)))
        .length,
      0,
      "no error line",
    );
  });
});
