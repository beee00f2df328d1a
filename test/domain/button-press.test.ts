// Buttons cannot be forged or pressed out of place. A button's id is random
// and bound to the chat it was posted to; a press counts only from that
// chat, only as a real button press where the platform has buttons (typed
// `/press` only where it has none), and only with a role in the button's
// community: a direct chat grants none.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { forEachDatabase } from "../support/databases.js";
import { MemoryAdapter } from "../support/memory-adapter.js";
import { type ManualTimeApp, startManualTimeApp } from "../support/test-app.js";

/** How ids were made before: anyone could compute them. */
function contentId(action: string, args: string[]): string {
  return createHash("sha256")
    .update(JSON.stringify([action, ...args]))
    .digest("base64url")
    .slice(0, 16);
}

forEachDatabase("button presses", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: ManualTimeApp;
  let chat: MemoryAdapter;
  let plain: MemoryAdapter;
  const db = () => getDatabase().db;

  beforeAll(async () => {
    chat = new MemoryAdapter("memory");
    plain = new MemoryAdapter("plain", { buttons: false });
    app = await startManualTimeApp(getDatabase().url, { clock, adapters: [chat, plain], console: false });
    await chat.command("g", "alice", "/setup community Kallio", { admin: true });
    await chat.command("g", "alice", "/setup invite");
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(chat.lastText("g"))?.[1];
    assert.ok(code);
    await plain.command("h", "alice", `/setup join ${code}`, { admin: true });
    // The same alice on both platforms: one person, the community's admin.
    await chat.command("dm:alice", "alice", "/link");
    const link = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(chat.lastText("dm:alice"))?.[1];
    await plain.command("dm:alice", "alice", `/link ${link}`);
    await chat.command("g", "bob", "/help");
    await chat.command("g", "alice", '/task add Sorting --when "10:30" --until "11:30"');
    await chat.command("g", "bob", "/task join 1");
    clock.set("2026-12-01T09:00:00Z");
    await chat.command("g", "alice", "/task done 1");
    await app.settle();
    assert.equal(await db().hoursEntry.count({ where: { status: "pending" } }), 1);
  });
  afterAll(() => app.close());

  const pending = () => db().hoursEntry.count({ where: { status: "pending" } });
  const approveButton = () => {
    const card = chat.messagesIn("g").findLast((m) => m.message.buttons?.flat().some((b) => b.label === "Approve all"));
    const button = card?.message.buttons?.flat().find((b) => b.label === "Approve all");
    assert.ok(button);
    return button.actionId;
  };

  it("gives buttons random ids of at least 96 bits that fit every platform", async () => {
    const id = approveButton();
    assert.notEqual(id, contentId("task.approveHours", ["1"]));
    assert.ok(Buffer.byteLength(id) <= 64, "Telegram's callback_data");
    assert.match(id, /^[A-Za-z0-9_-]{16,}$/);
    assert.ok(Buffer.from(id, "base64url").length * 8 >= 96);
  });

  it("refuses a member who types /press with a computed id in a direct chat, and approves nothing", async () => {
    await chat.command("dm:bob", "bob", `/press ${contentId("task.approveHours", ["1"])}`);
    assert.match(chat.lastText("dm:bob"), /There is no button/);
    assert.equal(await pending(), 1);
  });

  it("refuses the card's real id typed in a direct chat, or typed where the platform has buttons", async () => {
    const id = approveButton();
    await chat.command("dm:bob", "bob", `/press ${id}`);
    assert.match(chat.lastText("dm:bob"), /There is no button/);
    await chat.command("dm:alice", "alice", `/press ${id}`);
    assert.match(chat.lastText("dm:alice"), /There is no button/);
    await chat.command("g", "alice", `/press ${id}`);
    assert.match(chat.lastText("g"), /There is no button/);
    assert.equal(await pending(), 1);
  });

  it("refuses a member's press of the real button in its chat", async () => {
    const outcome = await chat.press("g", "bob", "Approve all");
    assert.match(outcome.toast ?? "", /needs the coordinator role/);
    assert.equal(await pending(), 1);
  });

  it("on a platform without buttons, /press works only in the chat the button was posted to", async () => {
    await plain.command("h", "alice", "/hours pending");
    const line = /Approve all: \/press (\S+)/.exec(plain.lastText("h"));
    assert.ok(line, plain.lastText("h"));
    await plain.command("dm:alice", "alice", `/press ${line[1]}`);
    assert.match(plain.lastText("dm:alice"), /There is no button/);
    assert.equal(await pending(), 1);
    await plain.command("h", "alice", `/press ${line[1]}`);
    assert.equal(await pending(), 0);
  });

  it("a card posted in several chats has its own ids in each, and a press works in each", async () => {
    await chat.command("g", "alice", '/poll "Where?" "Library" "Park" --everywhere');
    await app.settle();
    const idsIn = (where: MemoryAdapter, name: string) =>
      where
        .messagesIn(name)
        .findLast((m) => m.message.title === "Where?" || m.message.text.includes("Where?"))
        ?.message.buttons?.flat()
        .map((b) => b.actionId);
    const inG = idsIn(chat, "g");
    const inH = /Library: \/press (\S+)/.exec(
      plain.messagesIn("h").findLast((m) => /Where\?/.test(m.message.text + (m.message.title ?? "")))?.message.text ??
        "",
    )?.[1];
    assert.ok(inG?.length && inH);
    assert.ok(!inG.includes(inH));
    assert.match((await chat.press("g", "bob", "Library")).toast ?? "", /You voted for Library/);
    await plain.command("h", "alice", `/press ${inH}`);
    assert.match(plain.lastText("h"), /You voted for Library/);
  });
});
