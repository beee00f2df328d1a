// Telegram deep links end to end (issue 17): `t.me/<bot>?start=<payload>` and
// `?startgroup=<payload>` send `/start <payload>`. `/start` alone greets and
// lists the commands; a payload names what it is for (an invite code, a link
// code, a parked command) and is never read as a command name, a flag, or
// lower-cased. The real grammY against the fake Bot API, on both databases.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { resultMessage, say, startTelegramApp, type TelegramApp, uniqueFirstUpdateId, waitForSent } from "./support.js";

const BOT = "talkoot_deep_bot";
const HOME = -1001000000701;
const OTHER = -1001000000702;
const ALICE = 701;
const BOB = 702;

forEachDatabase("telegram deep links", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: BOT });
    fake.addChat({ id: HOME, type: "supergroup", title: "Kallio Friends" });
    fake.addChat({ id: OTHER, type: "supergroup", title: "Kallio Street Team" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", language_code: "en", startedBot: true });
    fake.addUser({ id: BOB, first_name: "Bob", username: "bob", language_code: "en", startedBot: true });
    fake.setMember(HOME, ALICE, "creator");
    fake.setMember(OTHER, ALICE, "creator");
    tg = await startTelegramApp(getDatabase().url, fake);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  /** What the bot answers in `chatId` to an update the fake injected. */
  const answerTo = async (inject: () => unknown, chatId: number): Promise<string> => {
    const since = fake.calls.length;
    inject();
    return resultMessage(await waitForSent(fake, since, chatId)).text ?? "";
  };

  describe("/start", () => {
    it("alone greets the person and lists the commands", async () => {
      const { text } = await say(fake, ALICE, ALICE, "/start");
      assert.match(text, /^Talkoot commands\nHello Alice! I am Talkoot\.\n/);
      assert.match(text, /\/help — /);
      assert.match(text, /\/setup — /);
    });

    it("with a payload that names nothing greets too: the payload is no command name", async () => {
      const text = await answerTo(() => fake.startGroupLink(HOME, ALICE, "Setup"), HOME);
      assert.match(text, /Hello Alice! I am Talkoot\./);
      assert.doesNotMatch(text, /There is no command|\/setup \[/);
    });

    it("never reads a payload as a flag", async () => {
      const text = await answerTo(() => fake.openStartLink(ALICE, "--Xy_z9"), ALICE);
      assert.doesNotMatch(text, /--Xy_z9|unknown option|Unknown flag/i);
      assert.match(text, /has expired or is not yours/);
    });
  });

  describe("payloads that name an action", () => {
    it("join_<code> from ?startgroup links the group with the invite code", async () => {
      assert.match((await say(fake, HOME, ALICE, `/setup@${BOT} community Kallio`)).text, /is set up/);
      const invite = (await say(fake, HOME, ALICE, `/setup@${BOT} invite`)).text;
      const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(invite)?.[1];
      assert.ok(code, invite);
      const text = await answerTo(() => fake.startGroupLink(OTHER, ALICE, `join_${code}`), OTHER);
      assert.equal(text, "This chat is now linked to “Kallio”.");
    });

    it("link_<code> from ?start joins the account to the code's owner", async () => {
      const issued = (await say(fake, ALICE, ALICE, "/link")).text;
      const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(issued)?.[1];
      assert.ok(code, issued);
      const text = await answerTo(() => fake.openStartLink(BOB, `link_${code}`), BOB);
      assert.match(text, /^Done: your accounts are now one person/);
    });

    it("a parked command's id keeps its case", async () => {
      // A payload that differs from a parked id only in case resumes nothing.
      const lower = await answerTo(() => fake.openStartLink(BOB, "abcdefghijklmnop"), BOB);
      assert.match(lower, /has expired or is not yours/);
    });
  });
});
