// The fake's message metadata, conversations.history / conversations.replies
// and its "lose the answer" fault, driven by the real @slack/web-api client:
// metadata is checked as Slack checks it, comes back only with
// include_all_metadata, reading needs the history scope of the
// conversation's kind, and a lost answer reaches the SDK as a request error
// while the message is posted all the same.
import assert from "node:assert/strict";
import { afterAll, beforeAll, beforeEach, describe, test } from "vitest";
import { DEFAULT_BOT_SCOPES, FakeSlack } from "./fake-slack.js";
import { botClient } from "./sdk-clients.js";

const USER = "U0CITIZEN1";
const GENERAL = "C0GENERAL1";
const SECRET = "G0SECRET01";
const LOBBY = "C0LOBBY001";
const marker = (key: string) => ({ event_type: "talkoot_delivery", event_payload: { key } });

/** The Slack error name of a failed call. */
async function slackError(call: Promise<unknown>): Promise<string | undefined> {
  try {
    await call;
    return undefined;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
}

describe("fake Slack: metadata and history, through @slack/web-api", () => {
  let fake: FakeSlack;

  beforeAll(async () => {
    fake = await FakeSlack.start();
    fake.addUser({ id: USER, name: "aino" });
    fake.addChannel({ id: GENERAL, name: "general", members: [USER] });
    fake.addChannel({ id: SECRET, name: "officials", members: [USER], isPrivate: true });
    fake.addChannel({ id: LOBBY, name: "lobby", members: [USER], botIsMember: false });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.clearFailures();
    fake.setScopes(fake.botToken, [...DEFAULT_BOT_SCOPES]);
  });

  test("stores a message's metadata and returns it only with include_all_metadata", async () => {
    const client = botClient(fake);
    const posted = await client.chat.postMessage({ channel: GENERAL, text: "marked", metadata: marker("k-1") });
    assert.deepEqual(fake.message(GENERAL, posted.ts!)?.metadata, marker("k-1"));

    const plain = await client.conversations.history({ channel: GENERAL, limit: 10 });
    const found = plain.messages?.find((m) => m.ts === posted.ts);
    assert.ok(found);
    assert.equal(found.metadata, undefined, "no metadata unless asked");

    const withMetadata = await client.conversations.history({ channel: GENERAL, include_all_metadata: true });
    assert.deepEqual(withMetadata.messages?.find((m) => m.ts === posted.ts)?.metadata, marker("k-1"));
  });

  test("refuses metadata Slack would refuse, and posts nothing", async () => {
    const client = botClient(fake);
    const before = fake.messagesIn(GENERAL).length;
    const bad = [
      { event_type: "talkoot_delivery" },
      { event_type: 7, event_payload: {} },
      { event_type: "talkoot_delivery", event_payload: "key" },
    ];
    for (const metadata of bad) {
      const call = client.apiCall("chat.postMessage", { channel: GENERAL, text: "x", metadata });
      assert.equal(await slackError(call), "invalid_metadata_schema", JSON.stringify(metadata));
    }
    const raw = await fetch(`${fake.slackApiUrl}chat.postMessage`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Bearer ${fake.botToken}` },
      body: new URLSearchParams({ channel: GENERAL, text: "x", metadata: "{not json" }).toString(),
    });
    assert.deepEqual(await raw.json(), { ok: false, error: "invalid_metadata_format" });
    assert.equal(fake.messagesIn(GENERAL).length, before);
  });

  test("history: newest first, top-level only, within oldest/latest, paged by cursor", async () => {
    const client = botClient(fake);
    const channel = (await client.conversations.open({ users: USER })).channel!.id!;
    const texts = ["one", "two", "three"];
    const ts: string[] = [];
    for (const text of texts) ts.push((await client.chat.postMessage({ channel, text })).ts!);
    await client.chat.postMessage({ channel, text: "in thread", thread_ts: ts[0]! });

    const all = await client.conversations.history({ channel });
    assert.deepEqual(
      all.messages?.map((m) => m.text),
      ["three", "two", "one"],
    );
    const after = await client.conversations.history({ channel, oldest: ts[0]! });
    assert.deepEqual(
      after.messages?.map((m) => m.text),
      ["three", "two"],
      "oldest is exclusive by default",
    );
    const inclusive = await client.conversations.history({ channel, oldest: ts[0]!, inclusive: true });
    assert.equal(inclusive.messages?.length, 3);

    const first = await client.conversations.history({ channel, limit: 2 });
    assert.equal(first.has_more, true);
    const next = await client.conversations.history({
      channel,
      limit: 2,
      cursor: first.response_metadata!.next_cursor!,
    });
    assert.deepEqual(
      next.messages?.map((m) => m.text),
      ["one"],
    );
    assert.equal(next.has_more, false);
  });

  test("replies: the parent first, then the thread oldest first, with metadata when asked", async () => {
    const client = botClient(fake);
    const parent = await client.chat.postMessage({ channel: GENERAL, text: "parent" });
    await client.chat.postMessage({ channel: GENERAL, text: "r1", thread_ts: parent.ts!, metadata: marker("k-r1") });
    await client.chat.postMessage({ channel: GENERAL, text: "r2", thread_ts: parent.ts! });
    const thread = await client.conversations.replies({ channel: GENERAL, ts: parent.ts!, include_all_metadata: true });
    assert.deepEqual(
      thread.messages?.map((m) => m.text),
      ["parent", "r1", "r2"],
    );
    assert.deepEqual(thread.messages?.[1]?.metadata, marker("k-r1"));
    assert.equal(
      await slackError(client.conversations.replies({ channel: GENERAL, ts: "1.000001" })),
      "thread_not_found",
    );
  });

  test("reading needs the history scope of the conversation's kind, and a channel the bot is in", async () => {
    const client = botClient(fake);
    fake.setScopes(
      fake.botToken,
      DEFAULT_BOT_SCOPES.filter((scope) => scope !== "groups:history"),
    );
    assert.equal(await slackError(client.conversations.history({ channel: SECRET })), "missing_scope");
    const publicOne = await client.conversations.history({ channel: GENERAL, limit: 1 });
    assert.equal(publicOne.ok, true, "channels:history still reads public channels");
    assert.equal(await slackError(client.conversations.history({ channel: LOBBY })), "not_in_channel");
    assert.equal(await slackError(client.conversations.history({ channel: "C0NOWHERE" })), "channel_not_found");
  });

  test("a lost answer: the SDK gets a request error, the message is posted all the same", async () => {
    const client = botClient(fake);
    fake.fail("chat.postMessage", { kind: "lostAnswer" });
    await assert.rejects(client.chat.postMessage({ channel: GENERAL, text: "did it land?" }), (error: unknown) => {
      assert.equal((error as { code?: string }).code, "slack_webapi_request_error");
      return true;
    });
    assert.equal(fake.messagesIn(GENERAL).filter((m) => m.text === "did it land?").length, 1);
    const next = await client.chat.postMessage({ channel: GENERAL, text: "and the next call is answered" });
    assert.equal(next.ok, true);
  });
});
