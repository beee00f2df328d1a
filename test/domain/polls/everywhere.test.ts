// --everywhere, on SQLite and PostgreSQL: one poll in two chats on two
// platforms (the console and a second, in-memory platform), the copy in the
// other chat posted through the outbox, one tally. A person whose identities
// are linked with /link votes on both copies and counts once; both copies
// show the same count.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

forEachDatabase("polls everywhere", (getDatabase) => {
  let app: PollsTestApp;
  let mem: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z");

  beforeAll(async () => {
    mem = new MemoryAdapter("mem");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem] });
    await app.type(":as alice", ":in kallio", "/setup community Kallio");
    const invite = await app.type("/setup invite");
    const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(invite)?.[1];
    assert.ok(code, invite);
    await mem.command("city", "olga", `/setup join ${code}`, { admin: true });
    assert.match(mem.lastText("city"), /now linked to “Kallio”/);
    // bob on the console and "bobby" on the other platform are one person.
    await app.type(":as bob", "/help");
    const link = await app.type("/link");
    const linkCode = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(link)?.[1];
    assert.ok(linkCode, link);
    await mem.command("dm:bobby", "bobby", `/link ${linkCode}`);
    assert.match(mem.lastText("dm:bobby"), /console/);
  });
  afterAll(() => app.close());

  it("posts in every chat of the community with one tally; a linked person counts once", async () => {
    const members = await app.type(":as carol", '/poll "Where to meet?" "Library" "Park" --everywhere');
    assert.match(members, /That needs the coordinator role here/);
    const asked = await app.type(":as alice", '/poll "Where to meet?" "Library" "Park" --everywhere');
    assert.match(asked, /\[1\] Library {2}\[2\] Park {2}\[3\] Results/);
    assert.match(asked, /Poll #1 is also posted in 1 other chat\. All copies share one tally\./);

    // The other chat's copy goes through the outbox; its PollPost learns the ref once it is sent.
    const posts = await getDatabase().db.pollPost.findMany({ orderBy: { id: "asc" } });
    assert.deepEqual(
      posts.map((p) => [p.chatId, p.outboxId !== null, p.messageRef !== null]),
      [
        ["console:kallio", false, true],
        ["mem:city", true, false],
      ],
    );
    await app.settle();
    const copy = () => mem.messagesIn("city").find((m) => m.message.title === "Where to meet?")!;
    assert.ok(copy(), "the copy arrived");
    assert.deepEqual(
      copy()
        .message.buttons?.flat()
        .map((b) => b.label),
      ["Library", "Park", "Results"],
    );

    // bob votes Library in the console, then (as bobby) Park on the other platform: one person, one choice.
    assert.match(await app.type(":as bob", ":press 1"), /\(You voted for Library\.\)/);
    clock.advance(1_000);
    assert.equal((await mem.press("city", "bobby", "Park")).toast, "You changed your vote to Park.");
    assert.equal((await mem.press("city", "olga", "Park")).toast, "You voted for Park.");
    const output = app.output().length;
    // The first edits are still on their way: the next wait for them, then show the latest tally.
    for (let second = 0; second < 3; second++) {
      clock.advance(1_000);
      await app.settle();
    }

    const tally = await app.s.polls.tally((await app.s.polls.find(1))!);
    assert.equal(tally.voters, 2);
    assert.deepEqual(
      tally.options.map((o) => o.count),
      [0, 2],
    );
    const stored = await getDatabase().db.pollPost.findMany({ orderBy: { id: "asc" } });
    assert.ok(
      stored.every((p) => p.messageRef !== null && !p.dirty),
      "every copy has its ref and is up to date",
    );
    // Both copies show the same count.
    assert.match(copy().message.text, /2\. Park — 2 \(100%\)[\s\S]*2 people voted/);
    const consoleEdits = app.output().slice(output);
    assert.match(
      consoleEdits,
      /\[#kallio, edited #\d+\]\n {2}Where to meet\?\n {2}1\. Library — 0 \(0%\)[^\n]*\n {2}2\. Park — 2 \(100%\)[^\n]*\n {2}2 people voted/,
    );
  });

  it("closes every copy with the final result and posts a summary in each chat", async () => {
    const closed = await app.type(":as alice", "/poll close 1");
    assert.match(closed, /Poll #1 closed: Where to meet\?\n\s*The final result is on the poll's card\./);
    await app.settle();
    const summary = mem.messagesIn("city").find((m) => m.message.title === "Poll #1 closed: Where to meet?");
    assert.ok(summary, "the other chat got the summary");
    const copy = mem.messagesIn("city").find((m) => m.message.title === "Where to meet?")!;
    assert.equal(copy.message.buttons, undefined);
    assert.match(copy.message.text, /Result: “Park” wins with 2 votes\./);
    assert.match(
      app.output(),
      /\[#kallio, edited #\d+\]\n {2}Where to meet\?[\s\S]*Result: “Park” wins with 2 votes\./,
    );
  });
});
