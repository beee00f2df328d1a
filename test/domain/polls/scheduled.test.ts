// Scheduled polls (--opens) through the whole bot, on SQLite and PostgreSQL:
// stored, listed and not posted until their time; then posted by their job in
// every chat they are for, with the close counted from the opening; a crash
// in the job's transaction posts nothing and the job runs again; deleting a
// scheduled poll cancels it.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { OPEN_JOB } from "../../../src/domain/polls/opening.js";
import { forEachDatabase } from "../../support/databases.js";
import { crashOnce, pastLeases } from "../../support/job-crashes.js";
import { type PollsCommunity, startPollsCommunity } from "./harness.js";

forEachDatabase("scheduled polls", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z"); // Tue 1 Dec, 10:00 in Helsinki
  let c: PollsCommunity;
  const say = (user: string, text: string, chat?: string) => c.say(user, text, chat);
  const cards = (question: string) => c.mem.sent.filter((m) => m.message.title === question);

  beforeAll(async () => {
    c = await startPollsCommunity(getDatabase().url, clock, ["dave"]);
  });
  afterAll(async () => {
    c.app.app.jobs.injectFaults(undefined);
    await c.app.close();
  });

  it("refuses an opening time it cannot read, without a time, or past", async () => {
    assert.match(await say("bob", '/poll "Q" "A" "B" --opens whenever'), /can't read “whenever” as an opening time/);
    assert.match(await say("bob", '/poll "Q" "A" "B" --opens monday'), /“monday” has no time of day/);
    assert.match(await say("bob", '/poll "Q" "A" "B" --opens "2026-11-30 10:00"'), /That time has passed/);
    assert.equal(await getDatabase().db.poll.count(), 0);
  });

  it("stores the poll, lists it as scheduled, and posts it everywhere at its time with the close from then", async () => {
    const reply = await say("bob", '/poll "Sauna on Friday?" "Yes" "No" --opens "wed 9:00" --closes 2h --everywhere');
    const id = await c.latestPollId();
    assert.match(
      reply,
      new RegExp(`Poll #${id} is scheduled: it will be posted here and in every chat of the community`),
    );
    assert.equal(cards("Sauna on Friday?").length, 0, "nothing is posted before its time");
    const db = getDatabase().db;
    assert.equal((await db.poll.findUniqueOrThrow({ where: { id } })).status, "scheduled");
    assert.equal(await db.job.count({ where: { dedupeKey: `poll:${id}:close` } }), 0);
    assert.match(await say("dave", "/poll list"), /1 more poll is scheduled: \/poll list scheduled/);
    assert.match(
      await say("dave", "/poll list scheduled"),
      new RegExp(`#${id} · “Sauna on Friday\\?” · 0 people voted · opens Wed 2 Dec 09:00`),
    );
    assert.match(await say("dave", `/poll vote ${id} 1`), new RegExp(`Poll #${id} is scheduled and not posted yet`));
    assert.match(await say("bob", `/poll close ${id}`), new RegExp(`Poll #${id} is scheduled and not posted yet`));

    clock.set(new Date("2026-12-02T07:00:00Z")); // Wed 2 Dec, 09:00 in Helsinki
    await c.app.settle();
    const posted = cards("Sauna on Friday?");
    assert.deepEqual(posted.map((m) => m.chatId).sort(), ["mem:annex", "mem:kallio"]);
    assert.match(posted[0]!.message.footer ?? "", /closes Wed 2 Dec 11:00/);
    const poll = await db.poll.findUniqueOrThrow({ where: { id } });
    assert.equal(poll.status, "open");
    const close = await db.job.findUniqueOrThrow({ where: { dedupeKey: `poll:${id}:close` } });
    assert.equal(close.runAt.toISOString(), "2026-12-02T09:00:00.000Z");
    // It takes votes now, and every copy follows.
    assert.equal((await c.mem.press("annex", "olga", "Yes")).toast, "You voted for Yes.");
    clock.advance(2 * 3_600_000);
    await c.app.settle();
    assert.equal((await db.poll.findUniqueOrThrow({ where: { id } })).status, "closed");
  });

  it("posts nothing when the opening's transaction fails, and opens once on the next run", async () => {
    await say("bob", '/poll "Crash test?" "A" "B" --opens "thu 9:00"');
    const id = await c.latestPollId();
    const crashes = crashOnce(c.app.app.jobs, "beforeCompletion", (job) => job.kind === OPEN_JOB);
    clock.set(new Date("2026-12-03T07:00:00Z"));
    await c.app.settle();
    assert.equal(crashes(), 1);
    const db = getDatabase().db;
    assert.equal((await db.poll.findUniqueOrThrow({ where: { id } })).status, "scheduled");
    assert.equal(await db.pollPost.count({ where: { pollId: id } }), 0);
    assert.equal(cards("Crash test?").length, 0);
    await pastLeases(clock, c.app.settle);
    assert.equal((await db.poll.findUniqueOrThrow({ where: { id } })).status, "open");
    assert.equal(cards("Crash test?").length, 1);
  });

  it("cancels a scheduled poll with /poll delete: its job goes and it is never posted", async () => {
    await say("bob", '/poll "Never posted?" "A" "B" --opens "fri 9:00"');
    const id = await c.latestPollId();
    assert.match(await say("bob", `/poll delete ${id}`), new RegExp(`Poll #${id} is deleted`));
    assert.equal(await getDatabase().db.job.count({ where: { dedupeKey: `poll:${id}:open` } }), 0);
    clock.set(new Date("2026-12-04T08:00:00Z"));
    await c.app.settle();
    assert.equal(cards("Never posted?").length, 0);
  });
});
