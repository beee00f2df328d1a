// Secrets (a /link code, an Open311 API key, the calendar feed's address) on
// a platform where the bot has no private place to put them: no ephemeral
// messages, no direct chats it can open. The bot refuses in the chat, says
// how to get it, and makes nothing; in a direct chat it gives the secret.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

const REFUSAL = /^I give this only privately, and I can't write to you privately here\. Open a direct chat with me/;

forEachDatabase("secrets without a private place", (getDatabase) => {
  let app: TestApp;
  let bare: MemoryAdapter;

  beforeAll(async () => {
    bare = new MemoryAdapter("bare", { ephemeral: false, directMessages: false });
    app = await startTestApp(getDatabase().url, { adapters: [bare], console: false });
    await bare.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());

  const db = () => getDatabase().db;
  /** The newest message in the group, as everyone there sees it, with its mention. */
  const lastInGroup = () => {
    const last = bare.messagesIn("kallio").at(-1);
    assert.ok(last);
    assert.equal(last.message.ephemeralFor, undefined, "shown to the whole group");
    return last.message;
  };

  it("/link in the group is refused, mentioning the person, and no code is made", async () => {
    await bare.command("kallio", "alice", "/link");
    const refusal = lastInGroup();
    assert.match(refusal.text, REFUSAL);
    assert.deepEqual(refusal.mention, { identityId: "bare:alice", name: "alice" });
    assert.equal(await db().oneTimeCode.count({ where: { kind: "link" } }), 0);
    for (const m of bare.sent) assert.doesNotMatch(m.message.text, /link code/);
  });

  it("/setup apikey in the group is refused and no key is made", async () => {
    await bare.command("kallio", "alice", "/setup apikey City CRM");
    assert.match(lastInGroup().text, REFUSAL);
    assert.equal(await db().apiKey.count(), 0);
    for (const m of bare.sent) assert.doesNotMatch(m.message.text, /t311_/);
  });

  it("/task calendar in the group is refused and no feed address is made", async () => {
    await bare.command("kallio", "alice", "/task calendar");
    assert.match(lastInGroup().text, REFUSAL);
    const community = await db().community.findFirstOrThrow({ where: { name: "Kallio" } });
    assert.equal(community.calendarToken, null);
    for (const m of bare.sent) assert.doesNotMatch(m.message.text, /\/cal\//);
  });

  it("parks nothing where the platform has no link to a direct chat", async () => {
    assert.equal(await db().pendingAction.count(), 0);
  });

  it("in a direct chat, /link gives the code there", async () => {
    await bare.command("dm:alice", "alice", "/link");
    assert.match(bare.lastText("dm:alice"), /^Your link code: [A-Z0-9]{4}-[A-Z0-9]{4} \(valid for 10 minutes\)/);
    assert.equal(await db().oneTimeCode.count({ where: { kind: "link" } }), 1);
  });
});
