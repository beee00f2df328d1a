// Where each message belongs, on Telegram through grammY against the fake
// Bot API: an edit of a shift with 20 volunteers (none of whom started the
// bot) is one group message that mentions them all, not twenty.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { say, startTelegramApp, type TelegramApp, uniqueFirstUpdateId } from "./support.js";

const BOT = "talkoot_where_bot";
const GROUP = -1001000000888;
const ALICE = 401; // created the group
const VOLUNTEERS = Array.from({ length: 20 }, (_, i) => 501 + i);

forEachDatabase("telegram: where messages go", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId(), botUsername: BOT });
    fake.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    fake.setMember(GROUP, ALICE, "creator");
    for (const id of VOLUNTEERS) {
      fake.addUser({ id, first_name: `Vol${id}` });
      fake.setMember(GROUP, id, "member");
    }
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
});
