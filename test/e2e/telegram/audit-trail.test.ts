// /setup audit and /privacy on Telegram end to end: the real grammY client
// and the real core against the fake Bot API. The audit trail reaches only
// the admin's private chat, never the group; a member is refused.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, say, startTelegramApp, type TelegramApp } from "./support.js";

const BOT = "talkoot_audit_bot";
const GROUP = -1001000000019;
const ALICE = 1901; // created the group
const BOB = 1902; // a member

forEachDatabase("telegram audit trail and privacy notice", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", language_code: "en", startedBot: true },
      members: [{ id: BOB, first_name: "Bob", username: "bob", language_code: "fi", startedBot: true }],
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    // Alice has a private chat with the bot; that is where a secret-like answer can go.
    await say(fake, ALICE, ALICE, "/start");
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
    await say(fake, GROUP, BOB, "/help");
    await say(fake, GROUP, ALICE, `/role@${BOT} @bob coordinator`);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  const groupTexts = () => fake.messagesIn(GROUP).map((m) => m.text ?? "");

  it("refuses a member", async () => {
    const { text } = await say(fake, GROUP, BOB, `/setup@${BOT} audit`);
    assert.match(text, /ylläpitäjän|admin/i);
    assert.ok(groupTexts().every((t) => !t.includes("role.set")));
  });

  it("sends the admin the trail in their private chat, and nothing of it to the group", async () => {
    const { text } = await say(fake, GROUP, ALICE, `/setup@${BOT} audit --action role`, ALICE);
    assert.match(text, /Audit trail of “Kallio” \(1 entry\)/);
    assert.match(text, / · Alice · role\.set Bob: member → coordinator/);
    assert.ok(groupTexts().every((t) => !t.includes("role.set")));
  });

  it("/privacy answers in the group, in the reader's language", async () => {
    await say(fake, GROUP, BOB, `/lang@${BOT} fi --me`);
    const { text } = await say(fake, GROUP, BOB, `/privacy@${BOT}`);
    assert.match(text, /Tietosi Talkoossa/);
    assert.match(text, /\/mydata/);
    assert.match(text, /kysy yhteisösi ylläpitäjältä/);
  });
});
