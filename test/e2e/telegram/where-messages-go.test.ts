// Where each message belongs, on Telegram through grammY against the fake
// Bot API: an edit of a shift with 20 volunteers (none of whom started the
// bot) is one group message that mentions them all, not twenty; and on a new
// install (no officials' chat, no admin's direct chat) a request's card is
// not posted in the residents' group: the resident gets the receipt, the
// admin a one-line warning after their next command.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, say, startTelegramApp, type TelegramApp } from "./support.js";

const BOT = "talkoot_where_bot";
const GROUP = -1001000000888;
const ALICE = 401; // created the group
const VOLUNTEERS = Array.from({ length: 20 }, (_, i) => 501 + i);

forEachDatabase("telegram: where messages go", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: VOLUNTEERS.map((id) => ({ id, first_name: `Vol${id}` })),
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("tells 20 volunteers of a shift edit in at most 2 group messages that mention each of them", async () => {
    await say(fake, GROUP, ALICE, '/task add "Beach clean-up" --when "sat 10:00" --slots 30');
    for (const id of VOLUNTEERS) await say(fake, GROUP, id, "/task join 1");
    const since = fake.calls.length;
    await say(fake, GROUP, ALICE, '/task edit 1 --where "Hietaniemi beach"');
    const changed = (c: (typeof fake.calls)[number]) =>
      c.method === "sendMessage" &&
      fake.calls.indexOf(c) >= since &&
      String(c.params.chat_id) === String(GROUP) &&
      /has changed/.test(String(c.params.text));
    // Wait until every volunteer is mentioned, then count the messages it took.
    await fake.waitFor(
      () =>
        VOLUNTEERS.every((id) =>
          fake.calls.some((c) => changed(c) && String(c.params.text).includes(`tg://user?id=${id}"`)),
        ),
      10_000,
    );
    const notices = fake.calls.filter(changed);
    assert.ok(notices.length <= 2, `${notices.length} group messages`);
    assert.ok(notices.every((c) => c.response.status === 200));
  });

  it("keeps an unrouted request's card out of the residents' group and warns the admin once", async () => {
    /** Sends `text` and waits for the bot's message in the group that matches `answer`. */
    const ask = (user: number, text: string, answer: RegExp) => {
      const from = fake.calls.length;
      fake.sendText(GROUP, user, text);
      return fake.waitFor(
        (c) =>
          c.method === "sendMessage" &&
          fake.calls.indexOf(c) >= from &&
          String(c.params.chat_id) === String(GROUP) &&
          answer.test(String(c.params.text)),
      );
    };
    await ask(ALICE, '/setup category add roads "Roads and streets"', /Category roads/);
    const since = fake.calls.length;
    await ask(VOLUNTEERS[0]!, "/request roads Deep pothole", /Request K-1001/);
    // The warning follows the admin's next command as its own line.
    await ask(ALICE, "/help", /Request K-1001 reached nobody/);
    // Nothing about K-1001 but the receipt went to the group, and nothing waits to go anywhere.
    const db = tg.app.database.db;
    assert.equal(await db.requestCard.count(), 0);
    assert.equal(await db.outboxMessage.count({ where: { status: "pending" } }), 0);
    const aboutIt = fake.calls
      .slice(since)
      .filter((c) => c.method === "sendMessage" && /K-1001/.test(String(c.params.text)));
    assert.equal(aboutIt.length, 2, aboutIt.map((c) => String(c.params.text)).join("\n---\n"));
    // Once: the admin's next command has no warning.
    const next = fake.calls.length;
    await ask(ALICE, "/task list", /shift/i);
    await ask(ALICE, "/poll list", /poll/i);
    assert.ok(!fake.calls.slice(next).some((c) => /reached nobody/.test(String(c.params.text ?? ""))));
  });
});
