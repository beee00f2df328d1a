// Nothing for officials or admins in a residents' chat. On a new install (no
// officials' chat, no admin with a direct chat, no contacts) a request
// reaches nobody: the resident's chat gets only the receipt, and the admins
// are warned in /setup status and once after their next command.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, startRequestsApp, textsIn } from "./harness.js";

const WARNING = /reached nobody/;

forEachDatabase("unrouted requests", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await h.say(h.tg, "kallio", "alice", "/setup community Kallio", true);
    await h.say(h.tg, "kallio", "alice", '/setup category add roads "Roads and streets"');
    await h.say(h.tg, "kallio", "bob", "/help");
  });
  afterAll(() => h.close());

  it("gives the resident's chat only the receipt when no chat can take the card", async () => {
    const before = h.tg.messagesIn("kallio").length;
    const receipt = await h.say(h.tg, "kallio", "bob", "/request roads Deep pothole");
    assert.match(receipt, /Request K-1001/);
    await h.settle();
    const after = textsIn(h.tg, "kallio").slice(before);
    assert.equal(after.length, 1, after.join("\n---\n"));
    assert.equal(cardIn(h.tg, "kallio", "K-1001"), undefined);
    assert.equal(await h.db.requestCard.count(), 0);
  });

  it("says so in /setup status", async () => {
    const status = await h.say(h.tg, "kallio", "alice", "/setup status");
    assert.match(textsIn(h.tg, "kallio").join("\n"), /Requests are unrouted/);
    assert.ok(status);
  });

  it("warns an admin once, after their next command, and again only for a new request", async () => {
    // The status command above was alice's next command: she has been warned.
    assert.equal(textsIn(h.tg, "kallio").filter((t) => WARNING.test(t)).length, 1);
    await h.say(h.tg, "kallio", "alice", "/help");
    assert.equal(textsIn(h.tg, "kallio").filter((t) => WARNING.test(t)).length, 1);
    // Residents are never warned.
    await h.say(h.tg, "kallio", "bob", "/request roads Broken kerb");
    await h.say(h.tg, "kallio", "bob", "/help");
    assert.equal(textsIn(h.tg, "kallio").filter((t) => WARNING.test(t)).length, 1);
    await h.say(h.tg, "kallio", "alice", "/help");
    const warnings = textsIn(h.tg, "kallio").filter((t) => WARNING.test(t));
    assert.equal(warnings.length, 2);
    assert.match(warnings[1]!, /Request K-1002 reached nobody/);
  });

  it("reaches the admin in their direct chat once the bot knows it, and the warning stops", async () => {
    await h.say(h.tg, "dm:alice", "alice", "/help");
    await h.say(h.tg, "kallio", "bob", "/request roads Fallen sign");
    await h.settle();
    assert.ok(cardIn(h.tg, "dm:alice", "K-1003"), "alice's DM has the card");
    assert.equal(cardIn(h.tg, "kallio", "K-1003"), undefined);
    await h.say(h.tg, "kallio", "alice", "/setup status");
    assert.doesNotMatch(h.tg.lastText("kallio"), /Requests are unrouted|reached nobody/);
  });
});
