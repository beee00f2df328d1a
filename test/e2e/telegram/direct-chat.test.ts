// Personal commands in a volunteer's private chat with the bot, through the
// real grammY client against the fake Bot API: they run for the person's
// community, ask which one when there are several, and the private chat can
// never become a community's home.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { say, startTelegramApp, type TelegramApp, uniqueFirstUpdateId } from "./support.js";

const BOT = "talkoot_dm_bot";
const KALLIO = -1001000000881;
const VALLILA = -1001000000882;
const ALICE = 301; // created Kallio's group
const VERA = 302; // created Vallila's group
const CARL = 303; // in Kallio only
const DAVE = 304; // in both

forEachDatabase("telegram personal commands in a private chat", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: BOT });
    fake.addChat({ id: KALLIO, type: "supergroup", title: "Kallio Friends" });
    fake.addChat({ id: VALLILA, type: "supergroup", title: "Vallila Helpers" });
    for (const [id, name] of [
      [ALICE, "alice"],
      [VERA, "vera"],
      [CARL, "carl"],
      [DAVE, "dave"],
    ] as const) {
      fake.addUser({ id, first_name: name[0]!.toUpperCase() + name.slice(1), username: name, startedBot: true });
    }
    fake.setMember(KALLIO, ALICE, "creator");
    fake.setMember(VALLILA, VERA, "creator");
    for (const user of [CARL, DAVE]) fake.setMember(KALLIO, user, "member");
    fake.setMember(VALLILA, DAVE, "member");
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, KALLIO, ALICE, `/setup@${BOT} community Kallio`);
    await say(fake, VALLILA, VERA, `/setup@${BOT} community Vallila`);
    await say(fake, KALLIO, ALICE, `/task@${BOT} add "Park clean-up" --when "sat 10:00" --slots 3`);
    await say(fake, KALLIO, CARL, `/task@${BOT} join 1`);
    await say(fake, KALLIO, DAVE, `/help@${BOT}`);
    await say(fake, VALLILA, DAVE, `/help@${BOT}`);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("runs /task list mine, /task reminders off and /hours log in the private chat", async () => {
    const mine = await say(fake, CARL, CARL, "/task list mine");
    assert.equal(mine.update.message?.chat.type, "private");
    assert.match(mine.text, /Your shifts[\s\S]*#1 · .* · Park clean-up/);
    assert.match((await say(fake, CARL, CARL, "/task reminders off")).text, /^I won't send you shift reminders/);
    assert.match(
      (await say(fake, CARL, CARL, "/hours log 90 min --task 1")).text,
      /^Logged 1\.5 h for #1 Park clean-up/,
    );
  });

  it("asks which community when the person has several; --community answers", async () => {
    assert.equal(
      (await say(fake, DAVE, DAVE, "/hours log 1")).text,
      "You are in several communities: Kallio, Vallila. Say which one with --community, e.g. --community Kallio",
    );
    assert.match((await say(fake, DAVE, DAVE, "/hours log 1 --community Vallila")).text, /^Logged 1 h on /);
  });

  it("refuses to make the private chat a community's home", async () => {
    assert.match(
      (await say(fake, CARL, CARL, "/setup community Carl's own")).text,
      /^A direct chat with the bot can't be a community's home/,
    );
    assert.equal(await getDatabase().db.community.count({ where: { name: "Carl's own" } }), 0);
  });
});
