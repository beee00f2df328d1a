// Telegram's privacy mode (issue 17): the bot sees only commands, mentions
// and replies to it, so someone who only talks is unknown to it. `/role @bob
// coordinator` for such a person says so and how to proceed, and the admin
// can answer one of Bob's messages with `/role coordinator`. The real grammY
// against the fake Bot API with privacy mode on (it drops other group talk,
// as Telegram does), on both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { resultMessage, say, startTelegramApp, type TelegramApp, uniqueFirstUpdateId, waitForSent } from "./support.js";

const BOT = "talkoot_privacy_bot";
const GROUP = -1001000000901;
const ALICE = 901;
const BOB = 902;

forEachDatabase("telegram privacy mode", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: BOT, privacyMode: true });
    fake.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", language_code: "en", startedBot: true });
    fake.addUser({ id: BOB, first_name: "Bob", username: "bob", language_code: "en" });
    fake.setMember(GROUP, ALICE, "creator");
    fake.setMember(GROUP, BOB, "member");
    tg = await startTelegramApp(getDatabase().url, fake);
    assert.match((await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`)).text, /is set up/);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("/role for someone the bot has not seen explains privacy mode and the two ways on", async () => {
    const talk = fake.sendText(GROUP, BOB, "I can help on Saturday!");
    assert.ok(fake.droppedUpdates.includes(talk), "Telegram keeps plain talk from the bot");
    const { text } = await say(fake, GROUP, ALICE, `/role@${BOT} @bob coordinator`);
    assert.match(text, /I have not seen “@bob” yet: with privacy mode on, I see only commands and replies/);
    assert.match(
      text,
      /send any command here \(for example \/help\), or reply to one of their messages with \/role coordinator/,
    );
  });

  it("gives the role to the person whose message the admin answers with /role coordinator", async () => {
    const talk = fake.sendText(GROUP, BOB, "Count me in for the clean-up.");
    const bobsMessage = talk.message!.message_id;
    const since = fake.calls.length;
    fake.sendText(GROUP, ALICE, `/role@${BOT} coordinator`, { replyTo: bobsMessage });
    const answer = resultMessage(await waitForSent(fake, since, GROUP)).text ?? "";
    assert.equal(answer, "Bob is now coordinator in “Kallio”.");
    // And by name from now on, since the bot knows Bob.
    assert.match((await say(fake, GROUP, ALICE, `/role@${BOT} @bob official`)).text, /^Bob is now official/);
  });

  it("a one-word /role that answers no one's message still asks for the user", async () => {
    const { text } = await say(fake, GROUP, ALICE, `/role@${BOT} coordinator`);
    assert.match(text, /\/role <user> coordinator\|official\|admin\|member/);
  });
});
