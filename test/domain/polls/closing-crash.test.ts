// A crash while a poll's --closes job runs neither loses nor doubles the
// close: the closed state, the final edits of every copy, the summaries and
// the job's completion commit together; a poll to shift's task, its
// invitations and the job that posts its card commit with them, and that
// card is queued with its own job's completion.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { CLOSE_JOB, TASK_CARD_JOB } from "../../../src/domain/polls/closing.js";
import { LIVE_EDIT_PURPOSE } from "../../../src/domain/polls/poll-repository.js";
import { forEachDatabase } from "../../support/databases.js";
import { type CrashPoint, crashOnce as crashJobOnce, pastLeases } from "../../support/job-crashes.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type PollsTestApp, startPollsApp } from "./harness.js";

forEachDatabase("poll close after a crash", (getDatabase) => {
  let app: PollsTestApp;
  let mem: MemoryAdapter;
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  const db = () => getDatabase().db;

  beforeAll(async () => {
    mem = new MemoryAdapter("mem");
    app = await startPollsApp(getDatabase().url, { clock, adapters: [mem], console: false });
    await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
    await mem.command("kallio", "alice", "/setup invite");
    const code = /Invite code: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(mem.lastText("kallio"))?.[1];
    await mem.command("annex", "olga", `/setup join ${code}`, { admin: true });
  });
  afterAll(async () => {
    app.app.jobs.injectFaults(undefined);
    await app.close();
  });

  /** A poll in both chats closing in 2 hours, with two votes; resolves with its id. */
  async function pollWithVotes(question: string): Promise<number> {
    await mem.command("kallio", "alice", `/poll "${question}" "Library" "Park" --everywhere --closes 2h`);
    const poll = await db().poll.findFirstOrThrow({ where: { question }, select: { id: true } });
    await app.settle();
    await mem.press("kallio", "bob", "Park");
    await mem.press("annex", "olga", "Park");
    clock.advance(60_000);
    await app.settle();
    return poll.id;
  }

  /** The first run of this poll's close job "dies" at `point`. */
  const crashOnce = (point: CrashPoint, pollId: number) =>
    crashJobOnce(app.app.jobs, point, (job) => job.kind === CLOSE_JOB && job.dedupeKey === `poll:${pollId}:close`);

  const summaries = (question: string) =>
    ["kallio", "annex"].map(
      (chat) => mem.messagesIn(chat).filter((m) => m.message.title?.endsWith(`closed: ${question}`)).length,
    );
  const finalCopies = (question: string) =>
    ["kallio", "annex"].map(
      (chat) =>
        mem.messagesIn(chat).filter((m) => m.message.title === question && /Result: “Park” wins/.test(m.message.text))
          .length,
    );
  /** Final edits queued for the poll's copies (live-result edits that show the result). */
  const finalEditRows = async (question: string) =>
    (await db().outboxMessage.findMany({ where: { purpose: LIVE_EDIT_PURPOSE } })).filter(
      (row) => row.message.includes("Result:") && row.message.includes(question),
    ).length;

  it("a crash before the commit leaves the poll open with nothing queued; the retry closes it once", async () => {
    const pollId = await pollWithVotes("Where first?");
    const crashes = crashOnce("beforeCompletion", pollId);
    clock.advance(2 * 60 * 60_000);
    await app.settle();
    assert.equal(crashes(), 1);
    assert.equal((await db().poll.findUniqueOrThrow({ where: { id: pollId } })).status, "open");
    assert.deepEqual(summaries("Where first?"), [0, 0]);
    assert.equal(await finalEditRows("Where first?"), 0, "no final edit queued");

    await pastLeases(clock, app.settle);
    assert.equal((await db().poll.findUniqueOrThrow({ where: { id: pollId } })).status, "closed");
    assert.deepEqual(summaries("Where first?"), [1, 1]);
    assert.deepEqual(finalCopies("Where first?"), [1, 1]);
    assert.equal(await finalEditRows("Where first?"), 2, "one final edit per copy");
    assert.equal(await db().auditEntry.count({ where: { action: "poll.close", subject: `poll:${pollId}` } }), 1);
  });

  it("a crash after the commit leaves the poll closed with everything queued, once", async () => {
    const pollId = await pollWithVotes("Where next?");
    const crashes = crashOnce("afterRun", pollId);
    clock.advance(2 * 60 * 60_000);
    await app.settle();
    assert.equal(crashes(), 1);
    await pastLeases(clock, app.settle);
    assert.deepEqual(summaries("Where next?"), [1, 1]);
    assert.deepEqual(finalCopies("Where next?"), [1, 1]);
    assert.equal(await finalEditRows("Where next?"), 2);
    const job = await db().job.findUniqueOrThrow({ where: { dedupeKey: `poll:${pollId}:close` } });
    assert.deepEqual([job.status, job.attempts], ["done", 1]);
  });

  it("a poll to shift whose close dies before its commit makes its task once, on the retry", async () => {
    const question = "Clean-up when?";
    await mem.command(
      "kallio",
      "alice",
      `/poll "${question}" "sat 10:00" "sun 12:00" --then-task "Park clean-up" --slots 8 --closes 2h`,
    );
    const { id: pollId } = await db().poll.findFirstOrThrow({ where: { question }, select: { id: true } });
    await app.settle();
    await mem.press("kallio", "bob", "sat 10:00");
    await mem.press("kallio", "carol", "sat 10:00");
    const crashes = crashOnce("beforeCompletion", pollId);
    clock.advance(2 * 60 * 60_000);
    await app.settle();
    assert.equal(crashes(), 1);
    assert.equal((await db().poll.findUniqueOrThrow({ where: { id: pollId } })).status, "open");
    assert.equal(await db().task.count({ where: { title: "Park clean-up" } }), 0, "no task without the close");

    await pastLeases(clock, app.settle);
    const poll = await db().poll.findUniqueOrThrow({ where: { id: pollId } });
    assert.equal(poll.status, "closed");
    const tasks = await db().task.findMany({ where: { title: "Park clean-up" } });
    assert.deepEqual(
      tasks.map((t) => t.id),
      [poll.createdTaskId],
    );
    const invites = mem.sent.filter((m) => m.message.text.startsWith("You voted for sat 10:00"));
    assert.deepEqual(invites.map((m) => m.message.mention?.identityId).sort(), ["mem:bob", "mem:carol"]);
    assert.equal(await db().job.count({ where: { dedupeKey: `poll:${pollId}:task-card`, status: "pending" } }), 1);
    assert.ok(
      (await db().job.count({ where: { dedupeKey: { startsWith: `task:${poll.createdTaskId}:reminder:` } } })) > 0,
    );
    // After the head start, the card is posted for everyone, once.
    clock.advance(15 * 60_000);
    await app.settle();
    assert.equal(mem.sent.filter((m) => m.message.title === "Park clean-up").length, 1);
  });

  for (const point of ["beforeCompletion", "afterRun"] as const) {
    const when = point === "beforeCompletion" ? "before" : "after";
    it(`a poll to shift's card job that dies ${when} its commit posts the card once`, async () => {
      const title = `Tool swap ${when}`;
      const question = `Swap when (${when})?`;
      await mem.command(
        "kallio",
        "alice",
        `/poll "${question}" "sat 10:00" "sun 12:00" --then-task "${title}" --closes 2h`,
      );
      await app.settle();
      await mem.press("kallio", "bob", "sat 10:00");
      clock.advance(2 * 60 * 60_000);
      await app.settle();
      const poll = await db().poll.findFirstOrThrow({ where: { question } });
      const taskId = poll.createdTaskId ?? -1;
      const crashes = crashJobOnce(app.app.jobs, point, (job) => job.kind === TASK_CARD_JOB);
      clock.advance(15 * 60_000);
      await app.settle();
      assert.equal(crashes(), 1);
      const cards = () => mem.sent.filter((m) => m.message.title === title).length;
      const posts = () => db().taskPost.count({ where: { taskId } });
      // Before the commit nothing of the card was kept; after it, the card and its copy's record were.
      assert.deepEqual([cards(), await posts()], point === "beforeCompletion" ? [0, 0] : [1, 1]);

      await pastLeases(clock, app.settle);
      assert.deepEqual([cards(), await posts()], [1, 1], "one card, one recorded copy");
      const job = await db().job.findUniqueOrThrow({ where: { dedupeKey: `poll:${poll.id}:task-card` } });
      assert.equal(job.status, "done");
      // Its place is recorded on the copy once sent, so a join weeks later still edits the card.
      await pastLeases(clock, app.settle);
      const post = await db().taskPost.findFirstOrThrow({ where: { taskId } });
      assert.ok(post.messageRef, "the copy knows where it landed");
    });
  }
});
