// One message per event in a group, not one per person: an edit, a
// cancellation or a reminder for a shift with many volunteers is one group
// message that mentions everyone concerned, and a direct message to each
// person the bot can write to directly.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { mentionsOf } from "../../../src/core/messages.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

const VOLUNTEERS = Array.from({ length: 20 }, (_, i) => `v${String(i + 1).padStart(2, "0")}`);

forEachDatabase("task notices to a group", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  const mem = new MemoryAdapter("tg");
  let app: TasksTestApp;
  /** The messages sent since `from` whose text starts with `start`. */
  const since = (from: number, start: string) => mem.sent.slice(from).filter((m) => m.message.text.startsWith(start));
  const mentioned = (messages: typeof mem.sent) => messages.flatMap((m) => mentionsOf(m.message).map((p) => p.name));

  beforeAll(async () => {
    app = await startTasksApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await mem.command("kallio", "alice", '/task add Beach clean-up --when "sat 10:00" --until "13:00" --slots 30');
    for (const name of VOLUNTEERS) await mem.command("kallio", name, "/task join 1");
    // v20 has a direct chat with the bot: they hear it there, and are not mentioned in the group.
    await mem.command("dm:v20", "v20", "/help");
    await app.settle();
  });
  afterAll(() => app.close());

  it("tells 20 volunteers of an edit in one group message that mentions them all", async () => {
    const from = mem.sent.length;
    await mem.command("kallio", "alice", '/task edit 1 --where "Hietaniemi beach"');
    await app.settle();
    const group = mem.sent.slice(from).filter((m) => m.chatId === mem.chatId("kallio") && mentionsOf(m.message).length);
    assert.ok(group.length >= 1 && group.length <= 2, `${group.length} group messages`);
    assert.deepEqual(mentioned(group).sort(), VOLUNTEERS.slice(0, 19));
    assert.match(group[0]!.message.text, /Hietaniemi beach/);
    const direct = mem.sent.slice(from).filter((m) => m.chatId === mem.chatId("dm:v20"));
    assert.equal(direct.length, 1);
    assert.equal(mentionsOf(direct[0]!.message).length, 0);
  });

  it("sends a reminder as one group message, and one direct message", async () => {
    const from = mem.sent.length;
    clock.set("2026-12-04T08:00:00Z"); // 24 hours before
    await app.settle();
    const reminders = since(from, "Reminder:");
    assert.equal(reminders.length, 2);
    assert.deepEqual(mentioned(reminders).sort(), VOLUNTEERS.slice(0, 19));
  });

  it("tells them of a cancellation in one group message", async () => {
    const from = mem.sent.length;
    await mem.command("kallio", "alice", "/task cancel 1 Storm warning");
    await app.settle();
    const group = mem.sent.slice(from).filter((m) => m.chatId === mem.chatId("kallio") && mentionsOf(m.message).length);
    assert.equal(group.length, 1);
    assert.equal(mentionsOf(group[0]!.message).length, 19);
    assert.equal(mem.sent.slice(from).filter((m) => m.chatId === mem.chatId("dm:v20")).length, 1);
  });
});
