// Chats that change under the bot, through real grammY against the fake Bot
// API: a group upgraded to a supergroup (a new chat id), and the bot removed
// from a chat and added back.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { resultMessage, say, startTelegramApp, type TelegramApp, uniqueFirstUpdateId, waitForSent } from "./support.js";

const HOME = -1003000000001;
/** A plain group (Telegram's small kind), upgraded during the test. */
const OFFICIALS_GROUP = -3000002;
const OFFICIALS_SUPERGROUP = -1003000000002;
const OTHER_GROUP = -3000003;
const OTHER_SUPERGROUP = -1003000000003;
const ALICE = 501;
const BOB = 502;
const BOT = "talkoot_test_bot";

const tg = (id: number) => `telegram:${id}`;
/** Telegram's per-group send limit may hold an outbox row back about a second. */
const WAIT = { timeout: 30_000, interval: 50 };

function world(fake: FakeTelegram): void {
  fake.addChat({ id: HOME, type: "supergroup", title: "Kallio" });
  fake.addChat({ id: OFFICIALS_GROUP, type: "group", title: "City lighting team" });
  fake.addChat({ id: OTHER_GROUP, type: "group", title: "Vallila" });
  fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
  fake.addUser({ id: BOB, first_name: "Bob", username: "bob", startedBot: true });
  for (const chat of [HOME, OFFICIALS_GROUP, OTHER_GROUP]) {
    fake.setMember(chat, ALICE, "creator");
    fake.setMember(chat, BOB, "member");
  }
}

forEachDatabase("telegram chats that change", (getDatabase) => {
  let fake: FakeTelegram;
  let bot: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
    world(fake);
    bot = await startTelegramApp(getDatabase().url, fake);
    // Alice's direct chat is known to the bot: admins' notices go there.
    await say(fake, ALICE, ALICE, "/help");
    await say(fake, HOME, ALICE, `/setup@${BOT} community Kallio`);
    const invite = await say(fake, HOME, ALICE, `/setup@${BOT} invite`);
    const code = /Invite code: (\S+)/.exec(invite.text)![1]!;
    await say(fake, OFFICIALS_GROUP, ALICE, `/setup@${BOT} join ${code} --officials`);
    await say(fake, HOME, ALICE, `/setup@${BOT} category add lighting "Street lighting"`);
    const contact = await say(
      fake,
      OFFICIALS_GROUP,
      ALICE,
      `/setup@${BOT} contact add "City lighting" --categories lighting`,
    );
    assert.match(contact.text, /City lighting/);
  });

  afterAll(async () => {
    await bot?.close();
    await fake?.stop();
  });

  /** A notice queued for the officials' chat ends as a dead letter that says why. */
  async function queueAndExpectDeadLetter(text: string): Promise<void> {
    const id = await bot.app.outbox.enqueue(
      { platform: "telegram", chatId: tg(OFFICIALS_SUPERGROUP) },
      { text },
      "test",
    );
    await vi.waitFor(async () => {
      const row = await bot.app.database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
      assert.equal(row.status, "dead");
      assert.match(row.lastError ?? "", /chat unreachable \(kicked\)/);
    }, WAIT);
  }

  describe("a group upgraded to a supergroup", () => {
    it("keeps its community and admin when the bot gets the service messages", async () => {
      await say(fake, OTHER_GROUP, ALICE, `/setup@${BOT} community Vallila`);
      fake.upgradeToSupergroup(OTHER_GROUP, OTHER_SUPERGROUP, ALICE);
      await vi.waitFor(async () => {
        const moved = await bot.app.store.chats.find(tg(OTHER_SUPERGROUP));
        assert.ok(moved?.communityId, "the supergroup took the group's community");
      }, WAIT);
      assert.equal(await bot.app.store.chats.find(tg(OTHER_GROUP)), undefined);
      const status = await say(fake, OTHER_SUPERGROUP, ALICE, `/setup@${BOT} status`);
      assert.match(status.text, /Vallila/);
    });

    it("moves routing, cards and queued messages when a send is answered 400 with migrate_to_chat_id", async () => {
      // The bot missed the service messages (it was offline): it learns of the move from the 400.
      fake.upgradeToSupergroup(OFFICIALS_GROUP, OFFICIALS_SUPERGROUP, ALICE, { updates: false });
      const since = fake.calls.length;
      const receipt = await say(fake, HOME, BOB, "/request lighting Streetlight out at the corner");
      assert.match(receipt.text, /Sent to\s*:?\s*City lighting/);
      const card = await waitForSent(fake, since, OFFICIALS_SUPERGROUP);
      assert.match(resultMessage(card).text ?? "", /Streetlight out/);
      const refused = fake.calls
        .slice(since)
        .find((c) => c.method === "sendMessage" && String(c.params.chat_id) === String(OFFICIALS_GROUP));
      assert.equal(refused?.response.status, 400, "the first try went to the old id");

      const db = bot.app.database.db;
      const contact = await db.contact.findFirstOrThrow({ where: { name: "City lighting" } });
      assert.equal(contact.chatId, tg(OFFICIALS_SUPERGROUP));
      const cards = await db.requestCard.findMany({});
      assert.ok(cards.length > 0 && cards.every((c) => c.chatId === tg(OFFICIALS_SUPERGROUP)));
      assert.equal(await db.outboxMessage.count({ where: { status: "dead" } }), 0, "nothing dead-lettered");
      const chat = await bot.app.store.chats.find(tg(OFFICIALS_SUPERGROUP));
      assert.equal(chat?.role, "officials");

      // The officials act from the new id, and the card there is edited.
      const beforeAck = fake.calls.length;
      const ack = await say(fake, OFFICIALS_SUPERGROUP, ALICE, `/request@${BOT} ack K-1001 On it`);
      assert.match(ack.text, /acknowledged/);
      const edit = await waitForSent(fake, beforeAck, OFFICIALS_SUPERGROUP, "editMessageText", 30_000);
      assert.equal(String(edit.params.message_id), String(resultMessage(card).message_id));
    });
  });

  describe("the bot removed from a chat", () => {
    it("marks the chat unreachable, tells the admin once, routes to the fallback, shows it in /setup status", async () => {
      const since = fake.calls.length;
      fake.setBotMembership(OFFICIALS_SUPERGROUP, "kicked", ALICE);
      const notice = await waitForSent(fake, since, ALICE);
      assert.match(resultMessage(notice).text ?? "", /can no longer post in “City lighting team” of “Kallio”/);
      // A second report of the same removal tells nobody again.
      fake.setBotMembership(OFFICIALS_SUPERGROUP, "kicked", ALICE);

      const beforeRequest = fake.calls.length;
      const receipt = await say(fake, HOME, BOB, "/request lighting Another lamp is out");
      assert.doesNotMatch(receipt.text, /City lighting\b(?! team)/, "never 'sent to' a chat that cannot receive it");
      assert.match(receipt.text, /the community's admins/);
      const toAdmin = await waitForSent(fake, beforeRequest, ALICE);
      assert.match(resultMessage(toAdmin).text ?? "", /Another lamp is out/);

      const status = await say(fake, HOME, ALICE, `/setup@${BOT} status`);
      assert.match(
        status.text,
        /⚠ telegram · City lighting team \(officials\): the bot cannot post here \(the bot was banned\)/,
      );

      const told = fake.calls
        .slice(since)
        .filter(
          (c) =>
            c.method === "sendMessage" &&
            String(c.params.chat_id) === String(ALICE) &&
            /can no longer post/.test(String(c.params.text)),
        );
      assert.equal(told.length, 1, "the admin is told once");
      assert.equal(
        fake.calls.slice(since).filter((c) => String(c.params.chat_id) === String(OFFICIALS_SUPERGROUP)).length,
        0,
        "nothing is sent to the chat the bot was removed from",
      );
    });

    it("dead-letters what is queued for the unreachable chat, with the reason, without trying", async () => {
      await queueAndExpectDeadLetter("queued for a chat the bot left");
    });

    it("is reachable again when the bot is added back, and the admin is told", async () => {
      const since = fake.calls.length;
      fake.setBotMembership(OFFICIALS_SUPERGROUP, "member", ALICE);
      const notice = await waitForSent(fake, since, ALICE);
      assert.match(resultMessage(notice).text ?? "", /can post in “City lighting team” of “Kallio” again/);
      const receipt = await say(fake, HOME, BOB, "/request lighting Third lamp");
      assert.match(receipt.text, /City lighting/);
      const card = await waitForSent(fake, since, OFFICIALS_SUPERGROUP);
      assert.match(resultMessage(card).text ?? "", /Third lamp/);
    });

    it("learns of a removal it was not told about from the 403, and tells the admin", async () => {
      // Kicked while the update was lost: the next send answers 403 "bot was kicked".
      fake.setMember(OFFICIALS_SUPERGROUP, fake.botUser.id, "kicked");
      const since = fake.calls.length;
      await queueAndExpectDeadLetter("a notice to the officials");
      const notice = await waitForSent(fake, since, ALICE);
      assert.match(resultMessage(notice).text ?? "", /can no longer post in “City lighting team”/);
      const chat = await bot.app.store.chats.find(tg(OFFICIALS_SUPERGROUP));
      assert.equal(chat?.unreachableReason, "kicked");
    });
  });
});
