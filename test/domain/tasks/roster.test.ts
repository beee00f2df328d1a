// /task roster <id> [--csv]: a shift's sign-ups and wait-list with usernames,
// for coordinators, as a list and as a spreadsheet file.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("task roster", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;
  let tg: MemoryAdapter;

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await tg.command("kallio", "alice", '/task add Food bank sorting --when "sat 10:00" --slots 1');
    await tg.command("kallio", "bob", "/task join 1");
    clock.set("2026-12-01T09:30:00Z");
    await tg.command("kallio", "=cmd|calc", "/task join 1");
  });
  afterAll(async () => {
    await app.close();
  });

  it("is for coordinators only", async () => {
    await tg.command("kallio", "bob", "/task roster 1 --csv");
    assert.match(tg.lastText("kallio"), /That needs the coordinator role here/);
    assert.equal(tg.messagesIn("kallio").at(-1)?.message.attachment, undefined);
  });

  it("lists who signed up and who waits, with their usernames", async () => {
    await tg.command("kallio", "alice", "/task roster 1");
    const roster = tg.messagesIn("kallio").at(-1)!.message;
    assert.equal(roster.title, "Roster of #1 Food bank sorting");
    assert.equal(roster.text, "Signed up (1/1):\n1. bob (@bob)\n\nOn the wait-list (1):\n1. =cmd|calc (@=cmd|calc)");
    assert.equal(roster.attachment, undefined);
  });

  it("attaches a spreadsheet-ready CSV with --csv", async () => {
    await tg.command("kallio", "alice", "/task roster 1 --csv");
    const file = tg.messagesIn("kallio").at(-1)!.message.attachment;
    assert.equal(file?.filename, "roster-1.csv");
    assert.equal(file?.mimeType, "text/csv");
    const content = file?.content ?? "";
    assert.ok(content.startsWith("\uFEFF"), "a UTF-8 byte-order mark first");
    assert.deepEqual(content.slice(1).trimEnd().split("\r\n"), [
      "status,position,name,platform,username,signed up,note,no-shows,role",
      "signed up,1,bob,tg,bob,2026-12-01 10:00,,0,",
      // The formula guard: a name that starts with = stays text.
      "wait-list,1,'=cmd|calc,tg,'=cmd|calc,2026-12-01 11:30,,0,",
    ]);
  });

  it("knows only this community's shifts", async () => {
    await tg.command("other", "olga", "/setup community Other", { admin: true });
    await tg.command("other", "olga", "/task roster 1");
    assert.match(tg.lastText("other"), /#1/);
    assert.doesNotMatch(tg.lastText("other"), /bob/);
    await tg.command("kallio", "alice", "/task roster x1");
    assert.doesNotMatch(tg.lastText("kallio"), /Error|at /);
  });
});
