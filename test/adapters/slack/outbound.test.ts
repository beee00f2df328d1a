// Outbound through the real Web API client against the fake Slack: what each
// neutral message becomes, and how failures reach the outbox (Retry-After,
// permanent errors, no retry of a post, a short retry of an edit).
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, it } from "vitest";
import { SlackAdapter } from "../../../adapters/slack/slack-adapter.js";
import { DeliveryError } from "../../../src/core/adapter.js";
import { FakeSlack } from "../../fakes/slack/fake-slack.js";
import { silentLogger, visibleText } from "./support.js";

const TEAM = "T0KALLIO";
const GENERAL = "C0GENERAL";
const LOBBY = "C0LOBBY01";
const general = { platform: "slack", chatId: `slack:${TEAM}:${GENERAL}` };

async function rejectsWith(
  promise: Promise<unknown>,
  expected: { permanent: boolean; retryAfterMs?: number; message: RegExp },
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof DeliveryError, String(error));
    assert.equal(error.permanent, expected.permanent, error.message);
    assert.equal(error.retryAfterMs, expected.retryAfterMs, error.message);
    assert.match(error.message, expected.message);
    return true;
  });
}

describe("Slack outbound", () => {
  let fake: FakeSlack;
  let adapter: SlackAdapter;

  beforeAll(async () => {
    fake = await FakeSlack.start({ teamId: TEAM });
    fake.addUser({ id: "U0AINO1", name: "aino" });
    fake.addUser({ id: "U0OLLI1", name: "olli" });
    fake.addUser({ id: "U0EERO1", name: "eero" });
    fake.addChannel({ id: GENERAL, name: "general", members: ["U0AINO1", "U0OLLI1"] });
    fake.addChannel({ id: LOBBY, name: "lobby", members: ["U0AINO1"], botIsMember: false });
    // Outbound needs no connection: HTTP mode, never started.
    adapter = new SlackAdapter({
      botToken: fake.botToken,
      signingSecret: fake.signingSecret,
      apiUrl: fake.slackApiUrl,
      logger: silentLogger(),
    });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.clearFailures());

  it("posts a card with a text fallback and returns its ts as the message id", async () => {
    const [ref] = await adapter.send(general, {
      title: "Park clean-up",
      text: "Saturday",
      buttons: [[{ label: "Join", actionId: "a1", style: "primary" }]],
    });
    assert.ok(ref);
    const stored = fake.message(GENERAL, ref.messageId);
    assert.ok(stored);
    assert.equal(stored.text, "Park clean-up\nSaturday");
    assert.equal(visibleText(fake, stored), "Park clean-up\nSaturday");
    assert.equal(stored.params.unfurl_links, "false");
    assert.deepEqual(ref, { platform: "slack", chatId: general.chatId, messageId: stored.ts });
  });

  it("answers in a thread: the destination's, or the thread of the message replied to", async () => {
    const [parent] = await adapter.send(general, { text: "parent" });
    const [inThread] = await adapter.send({ ...general, threadId: parent!.messageId }, { text: "reply" });
    assert.equal(fake.message(GENERAL, inThread!.messageId)?.thread_ts, parent!.messageId);
    assert.equal(inThread!.threadId, parent!.messageId);
    const [replied] = await adapter.send(general, { text: "answer", replyTo: parent });
    assert.equal(fake.message(GENERAL, replied!.messageId)?.thread_ts, parent!.messageId);
  });

  it("never lets user text ping, and pings the mentioned person", async () => {
    const [ref] = await adapter.send(general, {
      text: "Hi <!channel> <!here> <!everyone> <@U0OLLI1> <#C0LOBBY01>",
      mention: { identityId: `slack:${TEAM}:U0AINO1`, name: "aino" },
    });
    const stored = fake.message(GENERAL, ref!.messageId)!;
    assert.deepEqual(fake.pingsIn(stored), { users: ["U0AINO1"], broadcasts: [], usergroups: [] });
    assert.equal(visibleText(fake, stored), "@aino Hi <!channel> <!here> <!everyone> <@U0OLLI1> <#C0LOBBY01>");
  });

  it("edits with chat.update", async () => {
    const [ref] = await adapter.send(general, { text: "count 0" });
    await adapter.edit(ref!, { text: "count 1", buttons: [[{ label: "Count", actionId: "c", style: "default" }]] });
    const stored = fake.message(GENERAL, ref!.messageId)!;
    assert.equal(stored.edits.length, 1);
    assert.equal(visibleText(fake, stored), "count 1");
    await rejectsWith(adapter.edit({ ...ref!, messageId: "1.000001" }, { text: "x" }), {
      permanent: true,
      message: /chat\.update failed \(message_not_found\)/,
    });
  });

  it("shows ephemeral messages to one person, in their DM when they are not in the channel", async () => {
    const refs = await adapter.send(general, { text: "your code: 1234", ephemeralFor: `slack:${TEAM}:U0AINO1` });
    assert.deepEqual(refs, []);
    assert.equal(fake.ephemeralsFor(GENERAL, "U0AINO1").at(-1)?.text, "your code: 1234");
    assert.equal(fake.ephemeralsFor(GENERAL, "U0OLLI1").length, 0);

    await adapter.send(general, { text: "only for eero", ephemeralFor: `slack:${TEAM}:U0EERO1` });
    const dm = fake.dmWith("U0EERO1");
    assert.ok(dm, "a DM was opened");
    assert.equal(fake.messagesIn(dm.id).at(-1)?.text, "only for eero");
  });

  it("uploads an attachment with files.uploadV2 after the card", async () => {
    await adapter.send(general, {
      text: "This month's hours",
      attachment: { filename: "hours.csv", mimeType: "text/csv", content: "name,hours\naino,3\n" },
    });
    const file = fake.files.at(-1);
    assert.ok(file);
    assert.equal(file.filename, "hours.csv");
    assert.equal(file.bytes?.toString("utf8"), "name,hours\naino,3\n");
    assert.deepEqual(file.channels, [GENERAL]);
    assert.ok(file.completed);
  });

  it("opens a DM with conversations.open, or says there is none", async () => {
    const direct = await adapter.openDirect(`slack:${TEAM}:U0OLLI1`);
    assert.ok(direct);
    assert.equal(direct.chatId, `slack:${TEAM}:${fake.dmWith("U0OLLI1")!.id}`);
    assert.equal(await adapter.openDirect(`slack:${TEAM}:U0NOBODY`), null);
    assert.equal(await adapter.openDirect("telegram:42"), null);
  });

  it("hands a 429 to the outbox with Slack's Retry-After, after exactly one call", async () => {
    const before = fake.callsOf("chat.postMessage").length;
    fake.fail("chat.postMessage", { kind: "429", retryAfter: 7 });
    await rejectsWith(adapter.send(general, { text: "x" }), {
      permanent: false,
      retryAfterMs: 7000,
      message: /rate limited/,
    });
    assert.equal(fake.callsOf("chat.postMessage").length, before + 1, "rejectRateLimitedCalls: no waiting inside");
    fake.fail("chat.postMessage", { kind: "ratelimited" });
    await rejectsWith(adapter.send(general, { text: "x" }), {
      permanent: false,
      retryAfterMs: 1000,
      message: /ratelimited/,
    });
  });

  it("marks errors a retry cannot cure as permanent", async () => {
    await rejectsWith(adapter.send({ platform: "slack", chatId: `slack:${TEAM}:C0MISSING` }, { text: "x" }), {
      permanent: true,
      message: /channel_not_found/,
    });
    await rejectsWith(adapter.send({ platform: "slack", chatId: `slack:${TEAM}:${LOBBY}` }, { text: "x" }), {
      permanent: true,
      message: /not_in_channel/,
    });
    fake.fail("chat.postMessage", { kind: "error", error: "invalid_blocks" });
    await rejectsWith(adapter.send(general, { text: "x" }), { permanent: true, message: /invalid_blocks/ });
    await rejectsWith(adapter.send({ platform: "slack", chatId: "telegram:-100" }, { text: "x" }), {
      permanent: true,
      message: /not a Slack chat id/,
    });
  });

  it("hands a 5xx on a post to the outbox at once (a retry could post twice); an edit retries briefly", async () => {
    fake.fail("chat.postMessage", { kind: "5xx", status: 503 });
    const before = fake.callsOf("chat.postMessage").length;
    await assert.rejects(adapter.send(general, { text: "after one 503" }), (error: unknown) => {
      assert.ok(error instanceof DeliveryError);
      assert.equal(error.permanent, false);
      assert.equal(error.mayHaveLanded, true, "a proxy's 5xx may come after Slack posted");
      return true;
    });
    assert.equal(fake.callsOf("chat.postMessage").length, before + 1, "no retry inside the client");

    const [ref] = await adapter.send(general, { text: "card" });
    fake.fail("chat.update", { kind: "5xx", status: 503 });
    const updates = fake.callsOf("chat.update").length;
    await adapter.edit(ref!, { text: "card, edited" });
    assert.equal(fake.callsOf("chat.update").length, updates + 2, "an edit is safe to repeat");
    fake.fail("chat.update", { kind: "error", error: "internal_error" });
    await rejectsWith(adapter.edit(ref!, { text: "x" }), { permanent: false, message: /internal_error/ });
  });
});
