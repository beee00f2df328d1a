// Quick polls on Telegram, end to end: a poll with buttons (a press is
// answered at once and counted; closing edits the card to the final result
// and posts a summary), and a native Telegram poll (sendPoll; poll_answer
// votes go into the same tally; closing stops it).
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { fakeWithGroup, say, startTelegramApp, type TelegramApp } from "./support.js";

const BOT = "talkoot_polls_bot";
const GROUP = -1001000000888;
const ALICE = 401; // created the group
const CARL = 402;
const OLGA = 403;

forEachDatabase("telegram polls", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;

  beforeAll(async () => {
    fake = await fakeWithGroup({
      bot: BOT,
      group: GROUP,
      creator: { id: ALICE, first_name: "Alice", username: "alice", startedBot: true },
      members: [
        { id: CARL, first_name: "Carl", username: "carl", startedBot: true },
        { id: OLGA, first_name: "Olga" },
      ],
    });
    tg = await startTelegramApp(getDatabase().url, fake);
    await say(fake, GROUP, ALICE, `/setup@${BOT} community Kallio`);
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  it("a button poll: presses are answered and counted, closing shows the final result and a summary", async () => {
    const posted = await say(fake, GROUP, ALICE, '/poll "Which day?" "Sat" "Sun"');
    assert.match(posted.text, /Which day\?/);
    const messageId = (posted.call.response.body as { result: { message_id: number } }).result.message_id;
    const keyboard = fake.messageAt(GROUP, messageId)!.reply_markup!.inline_keyboard.flat() as {
      text: string;
      callback_data: string;
    }[];
    assert.deepEqual(
      keyboard.map((b) => b.text),
      ["Sat", "Sun", "Results"],
    );
    for (const voter of [CARL, OLGA]) {
      const press = fake.pressButton(GROUP, messageId, voter, keyboard[0]!.callback_data);
      await fake.waitFor(
        (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === press.callback_query!.id,
      );
    }
    const since = fake.calls.length;
    await say(fake, GROUP, ALICE, "/poll close 1");
    // The reply points to the card, which the close edits to show the result: the result appears once.
    const summary = await fake.waitFor(
      (c) =>
        c.method === "sendMessage" &&
        fake.calls.indexOf(c) >= since &&
        /The final result is on the poll's card/.test(String(c.params.text)),
    );
    assert.equal(String(summary.params.chat_id), String(GROUP));
    assert.doesNotMatch(String(summary.params.text), /wins with/);
    await fake.waitFor(
      (c) =>
        c.method === "editMessageText" &&
        c.params.message_id === messageId &&
        /“Sat” wins with 2 votes/.test(String(c.params.text)),
    );
    const final = await fake.waitFor(
      (c) =>
        c.method === "editMessageText" && c.params.message_id === messageId && /closed/.test(String(c.params.text)),
    );
    assert.match(String(final.params.text), /2/);
  });

  it("a native poll: sendPoll, poll answers in the same tally, stopPoll at close", async () => {
    await say(fake, GROUP, ALICE, '/poll "Coffee or tea?" "Coffee" "Tea" --native');
    const sent = await fake.waitFor((c) => c.method === "sendPoll" && c.response.status === 200);
    assert.equal(sent.params.is_anonymous, false, "non-anonymous, so Telegram reports each answer");
    const poll = (sent.response.body as { result: { poll: { id: string } } }).result.poll;
    fake.answerPoll(poll.id, CARL, [1]);
    fake.answerPoll(poll.id, OLGA, [1]);
    fake.answerPoll(poll.id, OLGA, []); // a retraction
    fake.answerPoll(poll.id, OLGA, [0]);
    // Each voter's answers run in order in their own lane; wait until both final choices are stored.
    const db = getDatabase().db;
    const deadline = Date.now() + 5_000;
    for (;;) {
      const votes = await db.vote.findMany({ where: { pollId: 2 }, orderBy: { optionId: "asc" } });
      if (new Set(votes.map((v) => v.optionId)).size === 2 && votes.length === 2) break;
      assert.ok(Date.now() < deadline, `votes stored: ${JSON.stringify(votes)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const since = fake.calls.length;
    await say(fake, GROUP, ALICE, "/poll close 2");
    await fake.waitFor((c) => c.method === "stopPoll" && fake.calls.indexOf(c) >= since);
    const summary = await fake.waitFor(
      (c) => c.method === "sendMessage" && fake.calls.indexOf(c) >= since && /tie between/.test(String(c.params.text)),
    );
    assert.match(String(summary.params.text), /1 vote each/);
  });

  it("--max 2: a third press is refused with a toast naming the limit, and nothing changes", async () => {
    const posted = await say(fake, GROUP, ALICE, '/poll "Two evenings?" "Mon" "Tue" "Wed" --multi --max 2');
    assert.match(posted.text, /Choose up to 2\./);
    const messageId = (posted.call.response.body as { result: { message_id: number } }).result.message_id;
    const keyboard = fake.messageAt(GROUP, messageId)!.reply_markup!.inline_keyboard.flat() as {
      callback_data: string;
    }[];
    const press = async (index: number) => {
      const sent = fake.pressButton(GROUP, messageId, CARL, keyboard[index]!.callback_data);
      const answer = await fake.waitFor(
        (c) => c.method === "answerCallbackQuery" && c.params.callback_query_id === sent.callback_query!.id,
      );
      return String(answer.params.text);
    };
    assert.equal(await press(0), "You voted for Mon.");
    assert.equal(await press(1), "Added Tue. Your choices: Mon, Tue.");
    assert.equal(await press(2), "Poll #3 takes up to 2 choices. Take one back first, then choose another.");
    const db = getDatabase().db;
    const options = await db.pollOption.findMany({ where: { pollId: 3 }, orderBy: { position: "asc" } });
    const votes = await db.vote.findMany({ where: { pollId: 3 } });
    assert.deepEqual(votes.map((v) => options.find((o) => o.id === v.optionId)?.text).sort(), ["Mon", "Tue"]);
  });
});
