// In a group, answers arrive as replies to the questions (Telegram's privacy
// mode lets only those through): a reply answers the flow whose question it
// replies to, so two people's flows never mix. The question's message id is
// kept on the flow once it is posted, also when the outbox posts it later.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { REPLY_HOLD_MS } from "../../../src/domain/held-reply.js";
import { forEachDatabase } from "../../support/databases.js";
import type { RequestsTestApp } from "../requests/harness.js";
import { cancelFlows, newestIn, startGroupFlows } from "./group-harness.js";

forEachDatabase("guided flows answered by replies in a group", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startGroupFlows(getDatabase().url, clock);
    assert.match(await h.say(h.tg, "kallio", "alice", "/role @bob coordinator"), /bob is now coordinator/);
  });
  afterAll(() => h.close());
  afterEach(async () => {
    vi.restoreAllMocks();
    await cancelFlows(h);
  });

  const newest = () => newestIn(h);
  const storedQuestion = async (who: string) => {
    const person = await h.db.identity.findFirstOrThrow({ where: { id: `tg:${who}` } });
    return (await h.db.guidedFlow.findFirstOrThrow({ where: { personId: person.personId } })).questionMessageId;
  };

  it("takes a reply as the answer of the person whose question it replies to", async () => {
    await h.tg.command("kallio", "alice", "/task add");
    const alices = newest();
    assert.match(alices.message.text, /What is the shift\?/);
    await h.tg.command("kallio", "bob", '/task add --when "sun 12:00"');
    const bobs = newest();
    assert.equal(await storedQuestion("alice"), alices.id);
    assert.equal(await storedQuestion("bob"), bobs.id);

    // Alice replies to Bob's question: not her answer, and not his either.
    const sent = h.tg.sent.length;
    assert.equal((await h.tg.message("kallio", "alice", "Alice's words", { repliesTo: bobs.id })).status, "ignored");
    assert.equal(h.tg.sent.length, sent);

    await h.tg.message("kallio", "bob", "Bob's shift", { repliesTo: bobs.id });
    assert.match(newest().message.text, /How many people are needed\?/);
    const bobsNext = newest();
    await h.tg.message("kallio", "alice", "Alice's shift", { repliesTo: alices.id });
    assert.match(newest().message.text, /When does it start\?/);
    // Bob's answer to his own older question is not taken either: his open question is the newer one.
    assert.equal((await h.tg.message("kallio", "bob", "3", { repliesTo: bobs.id })).status, "ignored");
    await h.tg.message("kallio", "bob", "3", { repliesTo: bobsNext.id });
    assert.match(newest().message.text, /Where is it\?/);
  });

  it("tells a group how to answer where the bot hears only mentions; a direct chat needs no such line", async () => {
    await h.tg.command("kallio", "alice", "/task add");
    assert.match(newest().message.askReply?.byMention ?? "", /Mention the bot in your answer/);
    await h.tg.command("dm:alice", "alice", "/hours log");
    const inDirect = newestIn(h, "dm:alice").message;
    assert.match(inDirect.text, /Which shift was it\?/);
    assert.equal(inDirect.askReply?.byMention, undefined);
    await h.tg.command("dm:alice", "alice", "/cancel");
  });

  it("takes words that reply to nothing as before (a mention)", async () => {
    await h.tg.command("kallio", "alice", "/task add");
    await h.tg.message("kallio", "alice", "Sorting");
    assert.match(newest().message.text, /When does it start\?/);
  });

  it("matches a reply to a question the outbox posted after a crash", async () => {
    await h.tg.command("kallio", "alice", '/task add "Raking"');
    const send = vi.spyOn(h.tg, "send").mockRejectedValueOnce(new Error("the process died after the commit"));
    await h.tg.message("kallio", "alice", "sat 10:00");
    send.mockRestore();
    assert.match((await storedQuestion("alice")) ?? "", /^outbox:\d+$/);
    clock.advance(REPLY_HOLD_MS + 1);
    await h.settle();
    const question = h.tg.messagesIn("kallio").findLast((m) => /How many people/.test(m.message.text))!;
    // Bob's reply to it is not his; Alice's is hers, and the flow learns its message id.
    await h.tg.command("kallio", "bob", '/task add --when "sun 12:00"');
    assert.equal((await h.tg.message("kallio", "bob", "Bob's words", { repliesTo: question.id })).status, "ignored");
    await h.tg.message("kallio", "alice", "2", { repliesTo: question.id });
    assert.match(newest().message.text, /Where is it\?/);
    assert.equal(await storedQuestion("alice"), newest().id);
  });
});
