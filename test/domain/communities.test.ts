// Communities across platforms: setup, invites, roles, language, linked identities.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { startTestApp, type TestApp } from "../support/test-app.js";

forEachDatabase("communities", (getDatabase) => {
  let app: TestApp;
  let tg: MemoryAdapter;

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    // The test app opens its own client on the same database.
    app = await startTestApp(getDatabase().url, { adapters: [tg] });
  });
  afterAll(() => app.close());

  it("makes a chat a community's home; its chat-admin becomes admin", async () => {
    const out = await app.type(":as alice", ":in kallio", "/setup community Kallio Friends", "/setup status");
    assert.match(out, /“Kallio Friends” is set up/);
    assert.match(out, /Members: 1 admins, 0 coordinators, 0 officials, 0 members/);
    assert.match(await app.type("/setup community Again"), /already belongs to “Kallio Friends”/);
  });

  it("refuses /setup community from someone who is not a chat admin", async () => {
    await app.type(":as owner", ":in other", "/help"); // the first speaker created the chat
    const out = await app.type(":as bob", "/setup community Mine");
    assert.match(out, /That needs the chat admin role here/);
  });

  it("links a chat on another platform with a one-time invite code", async () => {
    const out = await app.type(":as alice", ":in kallio", "/setup invite");
    const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out)?.[1];
    assert.ok(code, out);
    await tg.command("officials", "olga", `/setup join ${code.toLowerCase()} --officials`, { admin: true });
    assert.match(tg.lastText("officials"), /officials' chat of “Kallio Friends”/);
    await tg.command("third", "olga", `/setup join ${code}`, { admin: true });
    assert.match(tg.lastText("third"), /code is not valid/);
    const chat = await app.app.store.chats.find(tg.chatId("officials"));
    assert.equal(chat?.role, "officials");
  });

  it("gives roles by @handle, and keeps the last admin", async () => {
    await app.type(":as bob", ":in kallio", "/help");
    const out = await app.type(":as alice", "/role @bob coordinator", "/role alice member");
    assert.match(out, /bob is now coordinator in “Kallio Friends”/);
    assert.match(out, /alice is the last admin/);
    assert.match(await app.type("/role nobody admin"), /no member called “nobody”/);
    assert.match(await app.type("/role bob mayor"), /“mayor” is not a role/);
  });

  it("sets the chat's language, and a personal one with --me", async () => {
    const out = await app.type(":as alice", ":in kallio", "/lang sv", "/help");
    assert.match(out, /Den här chatten talar nu svenska/);
    assert.match(out, /Talkoot-kommandon/);
    const mine = await app.type(":as bob", "/lang fi --me", "/help");
    assert.match(mine, /Puhun sinulle nyt suomea/);
    assert.match(mine, /Talkoot-komennot/);
    assert.match(await app.type(":as alice", "/lang de"), /”de” är inget av dem/);
    await app.type("/lang en");
  });

  it("joins identities on two platforms into one person", async () => {
    const out = await app.type(":as bob", ":in kallio", "/link");
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(out)?.[1];
    assert.ok(code, out);
    await tg.command("dm:bobby", "bobby", `/link ${code}`);
    assert.match(tg.lastText("dm:bobby"), /\((console, tg|tg, console)\)/);
    const people = app.app.store.people;
    const consoleBob = await people.identity("console:bob");
    const tgBob = await people.identity("tg:bobby");
    assert.ok(consoleBob && tgBob);
    assert.equal(consoleBob.personId, tgBob.personId);
    // bob's coordinator role now holds for his Telegram identity too.
    const role = await app.app.store.communities.roleOf(
      (await getDatabase().db.community.findFirstOrThrow()).id,
      tgBob.personId,
    );
    assert.equal(role, "coordinator");
    // A code works once; and bob's personal language (fi) now follows him to the other platform.
    await tg.command("dm:bobby", "bobby", `/link ${code}`);
    assert.match(tg.lastText("dm:bobby"), /Linkityskoodi ei kelpaa/);
  });
});
