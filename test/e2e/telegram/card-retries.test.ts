// A reply or a first card the platform refuses for a while (a connection
// reset, an nginx 502 after auto-retry gave up) is not lost: it goes through
// the outbox, and a card's place is recorded once it lands, so later changes
// (a sign-up, the poll's close) still edit it.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it, vi } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, resultMessage, say, startTelegramApp, type TelegramApp, visible } from "./support.js";

const BOT = "talkoot_cards_bot";
const GROUP = -1001000000999;
const ALICE = 501; // created the group
const CARL = 502;

forEachDatabase("telegram cards refused for a while", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: [{ id: CARL, first_name: "Carl", username: "carl", startedBot: true }],
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  const failedSends = () => fake.callsOf("sendMessage").filter((c) => c.response.status !== 200).length;

  it("a reply lost to a connection reset arrives through the outbox", async () => {
    const failedBefore = failedSends();
    fake.fail("sendMessage", { code: "network" });
    const answer = await say(fake, GROUP, ALICE, "/help");
    assert.match(answer.text, /^Talkoot commands/);
    assert.equal(failedSends(), failedBefore + 1);
  });

  it("a task card lost to a reset lands later, and a sign-up after that edits it", async () => {
    const sentReplies = () => tg.app.database.db.outboxMessage.count({ where: { purpose: "reply", status: "sent" } });
    const repliesBefore = await sentReplies();
    fake.fail("sendMessage", { code: "network" });
    const posted = await say(
      fake,
      GROUP,
      ALICE,
      `/task@${BOT} add "Park clean-up" --when "sat 10:00" --until "12:00" --slots 1`,
    );
    assert.match(posted.text, /0\/1 filled/);
    const messageId = resultMessage(posted.call).message_id;
    const taskId = /#(\d+)/.exec(posted.text)?.[1];
    assert.ok(taskId);
    // The fake has answered the outbox's send; the row records it a moment later.
    // (A sign-up in that moment skips the copy, and the card's resync job edits it 30 s on.)
    await vi.waitFor(async () => assert.ok((await sentReplies()) > repliesBefore, "the card's outbox row is sent"), {
      timeout: 20_000,
    });
    const since = fake.calls.length;
    await say(fake, GROUP, CARL, `/task join ${taskId}`);
    // Longer than the resync job's 30 s: the sign-up may come in the moment above, and then that job edits the card.
    await fake.waitFor(
      (c) =>
        c.method === "editMessageText" &&
        fake.calls.indexOf(c) >= since &&
        c.params.message_id === messageId &&
        c.response.status === 200,
      45_000,
    );
    assert.match(visible(fake.messageAt(GROUP, messageId)!).text, /1\/1 filled/);
  });

  it("a poll card lost to a 502 lands later, and the close edits it to the result", async () => {
    // Auto-retry makes 3 attempts at a 5xx; the fourth failure reaches the core.
    fake.fail("sendMessage", { code: 502, description: "Bad Gateway", html: true }, 4);
    const posted = await say(fake, GROUP, ALICE, '/poll "Which day?" "Sat" "Sun"');
    assert.match(posted.text, /Which day\?/);
    const messageId = resultMessage(posted.call).message_id;
    const pollId = /#(\d+)/.exec(posted.text)?.[1] ?? "1";
    const since = fake.calls.length;
    await say(fake, GROUP, ALICE, `/poll close ${pollId}`);
    await fake.waitFor(
      (c) =>
        c.method === "editMessageText" &&
        fake.calls.indexOf(c) >= since &&
        c.params.message_id === messageId &&
        /closed/i.test(String(c.params.text)),
    );
  });

  it("a send whose outbox lease is lost makes no Bot API call, nor a retry after a 429", async () => {
    const group = { platform: "telegram", chatId: `telegram:${GROUP}` };
    const sends = () => fake.callsOf("sendMessage").length;
    const before = sends();
    const lost = new AbortController();
    lost.abort(new Error("lease lost"));
    await assert.rejects(tg.adapter.send(group, { text: "late" }, { signal: lost.signal }));
    assert.equal(sends(), before);

    fake.fail("sendMessage", { code: 429, retryAfter: 2 });
    const lease = new AbortController();
    const sending = tg.adapter.send(group, { text: "in a while" }, { signal: lease.signal });
    await fake.waitFor((c) => c.method === "sendMessage" && c.response.status === 429);
    lease.abort(new Error("lease lost"));
    await assert.rejects(sending);
    assert.equal(sends(), before + 1, "auto-retry does not try again for a lost lease");
  });
});
