// Native polls and documents through the running adapter: a non-anonymous
// poll whose answers reach the core as votes (a retraction too), closing it,
// and a CSV with its card as the caption.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { DeliveryError } from "../../../src/core/adapter.js";
import { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { forEachDatabase } from "../../support/databases.js";
import { startTelegramApp, type TelegramApp, uniqueFirstUpdateId } from "./support.js";

const GROUP = -1001000000002;
const ALICE = 201;
const BOB = 202;

forEachDatabase("telegram polls and files", (getDatabase) => {
  let fake: FakeTelegram;
  let tg: TelegramApp;
  const votes: Array<{ identityId: string; chatId: string; pollId: string; options: number[] }> = [];
  const voteWaiters: Array<() => void> = [];

  beforeAll(async () => {
    fake = await FakeTelegram.start({ firstUpdateId: uniqueFirstUpdateId() });
    fake.addChat({ id: GROUP, type: "supergroup", title: "Kallio Friends" });
    fake.addUser({ id: ALICE, first_name: "Alice", username: "alice", startedBot: true });
    fake.addUser({ id: BOB, first_name: "Bob", startedBot: true });
    tg = await startTelegramApp(getDatabase().url, fake, {}, (app) =>
      app.router.onPollVote(async (ctx, pollId, options) => {
        votes.push({ identityId: ctx.identityId, chatId: ctx.chat.id, pollId, options });
        for (const wake of voteWaiters.splice(0)) wake();
      }),
    );
  });

  afterAll(async () => {
    await tg.close();
    await fake.stop();
  });

  const votesReach = async (count: number) => {
    while (votes.length < count) await new Promise<void>((resolve) => voteWaiters.push(resolve));
  };

  it("sends a non-anonymous multi-answer poll; answers become votes in the poll's chat; a retraction is empty", async () => {
    const to = { platform: "telegram", chatId: `telegram:${GROUP}` };
    const { ref, nativePollId } = await tg.adapter.createPoll(to, {
      question: "Which day suits the clean-up?",
      options: ["Saturday", "Sunday", "<Both> & more"],
      multi: true,
      anonymous: false,
    });
    const call = fake.callsOf("sendPoll").at(-1)!;
    assert.equal(call.params.is_anonymous, false);
    assert.equal(call.params.allows_multiple_answers, true);
    assert.equal(ref.chatId, `telegram:${GROUP}`);

    fake.answerPoll(nativePollId, ALICE, [0, 2]);
    fake.answerPoll(nativePollId, BOB, [1]);
    await votesReach(2);
    fake.answerPoll(nativePollId, ALICE, []);
    await votesReach(3);
    const byAlice = votes.filter((v) => v.identityId === `telegram:${ALICE}`).map((v) => v.options);
    assert.deepEqual(byAlice, [[0, 2], []]);
    assert.deepEqual(
      votes.map((v) => v.pollId),
      [nativePollId, nativePollId, nativePollId],
    );
    const chat = await tg.app.store.chats.find(`telegram:${GROUP}`);
    assert.equal(chat?.title, "Kallio Friends");

    await tg.adapter.closePoll(ref);
    await tg.adapter.closePoll(ref); // already closed: still fine
    assert.equal(fake.callsOf("stopPoll").length, 2);
  });

  it("remembers a poll's chat durably, so votes after a restart still map", async () => {
    const to = { platform: "telegram", chatId: `telegram:${GROUP}` };
    const { nativePollId } = await tg.adapter.createPoll(to, {
      question: "Q?",
      options: ["a", "b"],
      multi: false,
      anonymous: false,
    });
    const stored = await tg.app.store.adapterState.get(`telegram:poll:${nativePollId}`);
    assert.deepEqual(JSON.parse(stored ?? "{}"), { chatId: `telegram:${GROUP}`, title: "Kallio Friends" });
  });

  it("refuses a poll Telegram could not show, for good", async () => {
    const to = { platform: "telegram", chatId: `telegram:${GROUP}` };
    const options = Array.from({ length: 11 }, (_, i) => `option ${i}`);
    await assert.rejects(
      tg.adapter.createPoll(to, { question: "Too many?", options, multi: false, anonymous: false }),
      (error) => {
        assert.ok(error instanceof DeliveryError);
        assert.equal(error.permanent, true);
        return true;
      },
    );
  });

  it("sends a file as a document with the card as its caption and the buttons under it", async () => {
    const csv = "task,volunteer\nraking,Alice & Bob\n";
    const refs = await tg.adapter.send(
      { platform: "telegram", chatId: `telegram:${GROUP}` },
      {
        title: "Hours <report>",
        text: "Week 18",
        attachment: { filename: "hours.csv", mimeType: "text/csv", content: csv },
        buttons: [[{ label: "Approve", actionId: "act123", style: "default" }]],
      },
    );
    assert.equal(refs.length, 1);
    const document = fake.documents.at(-1)!;
    assert.equal(document.filename, "hours.csv");
    assert.equal(Buffer.from(document.bytes ?? []).toString("utf8"), csv);
    assert.equal(document.caption, "Hours <report>\nWeek 18");
    const stored = fake.messageAt(GROUP, Number(refs[0]!.messageId));
    assert.deepEqual(
      stored?.reply_markup?.inline_keyboard.flat().map((b) => b.text),
      ["Approve"],
    );
  });

  it("a file whose card is longer than a caption gets the card as messages first", async () => {
    const refs = await tg.adapter.send(
      { platform: "telegram", chatId: `telegram:${GROUP}` },
      { text: "long ".repeat(400), attachment: { filename: "a.txt", mimeType: "text/plain", content: "x" } },
    );
    assert.equal(refs.length, 2);
    assert.equal(fake.documents.at(-1)?.caption, undefined);
  });

  it("edits a document's card through its caption", async () => {
    const to = { platform: "telegram", chatId: `telegram:${GROUP}` };
    const [ref] = await tg.adapter.send(to, {
      text: "v1",
      attachment: { filename: "b.csv", mimeType: "text/csv", content: "a,b\n" },
    });
    // FakeTelegram has no editMessageCaption (it answers 404), so this checks the request the adapter makes.
    await tg.adapter.edit(ref!, { text: "v2 <ok>" }).catch(() => undefined);
    assert.match(
      JSON.stringify(fake.callsOf("editMessageText").at(-1)?.response.body),
      /no text in the message to edit/,
    );
    assert.deepEqual(fake.callsOf("editMessageCaption").at(-1)?.params, {
      chat_id: GROUP,
      message_id: Number(ref!.messageId),
      caption: "v2 &lt;ok&gt;",
      parse_mode: "HTML",
    });
  });

  it("deletes a message, and treats one already gone as deleted", async () => {
    fake.setMember(GROUP, Number(fake.botUser.id), "administrator");
    const [ref] = await tg.adapter.send({ platform: "telegram", chatId: `telegram:${GROUP}` }, { text: "temporary" });
    await tg.adapter.delete(ref!);
    await tg.adapter.delete(ref!);
    assert.equal(fake.messageAt(GROUP, Number(ref!.messageId))?.deleted, true);
  });

  it("an edit that changes nothing is a success", async () => {
    const [ref] = await tg.adapter.send({ platform: "telegram", chatId: `telegram:${GROUP}` }, { text: "same" });
    await tg.adapter.edit(ref!, { text: "same" });
    const last = fake.callsOf("editMessageText").at(-1);
    assert.match(JSON.stringify(last?.response.body), /message is not modified/);
  });
});
