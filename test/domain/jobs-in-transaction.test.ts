// Jobs a command schedules commit in the command's transaction, with its
// change and the event's completion: a task's reminders and next occurrence,
// a moved shift's reminders, a request's SLA steps (and their cancelling when
// it is answered), a poll's close. A crash at the scheduling leaves neither
// the change nor its jobs (and the redelivered event does it all); once the
// change has committed, its jobs exist.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { forEachDatabase } from "../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./requests/harness.js";

forEachDatabase("jobs scheduled in the command's transaction", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const jobsLike = (pattern: string) => h.db.job.count({ where: { dedupeKey: { contains: pattern } } });
  const pending = (key: string) => h.db.job.count({ where: { dedupeKey: key, status: "pending" } });

  /** The process dies as the command schedules its first job of `kind`. */
  function dieAtSchedule(kind: string) {
    const schedule = h.app.jobs.schedule.bind(h.app.jobs);
    vi.spyOn(h.app.jobs, "schedule").mockImplementation(async (k, ...rest) => {
      if (k === kind) throw new Error("the process died while scheduling");
      return schedule(k, ...rest);
    });
  }

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("a task add that dies at its reminders leaves no task; redelivered, the task and its jobs commit together", async () => {
    const add = "/task add Soup --when 2026-12-08T10:00 --slots 3 --repeat weekly";
    dieAtSchedule("task.reminder");
    await h.tg.command("kallio", "alice", add);
    assert.equal(await h.db.task.count({ where: { title: "Soup" } }), 0);
    assert.equal(await jobsLike(":reminder:"), 0);
    vi.restoreAllMocks();

    await h.tg.command("kallio", "alice", add);
    const task = await h.db.task.findFirstOrThrow({ where: { title: "Soup" } });
    assert.ok((await jobsLike(`task:${task.id}:reminder:`)) > 0);
    assert.equal(await pending(`task:${task.id}:next`), 1);
  });

  it("an edit that moves a shift and dies at its reminders keeps the old time and the old reminders", async () => {
    const task = await h.db.task.findFirstOrThrow({ where: { title: "Soup" } });
    const before = await h.db.job.findMany({ where: { dedupeKey: { startsWith: `task:${task.id}:reminder:` } } });
    dieAtSchedule("task.reminder");
    await h.tg.command("kallio", "alice", `/task edit ${task.id} --when 2026-12-09T10:00`);
    assert.equal(
      (await h.db.task.findUniqueOrThrow({ where: { id: task.id } })).startsAt.getTime(),
      task.startsAt.getTime(),
    );
    const after = await h.db.job.findMany({ where: { dedupeKey: { startsWith: `task:${task.id}:reminder:` } } });
    assert.deepEqual(
      after.map((j) => j.runAt.getTime()),
      before.map((j) => j.runAt.getTime()),
    );
  });

  it("a cancel commits with its reminders and the series' next occurrence cancelled", async () => {
    const task = await h.db.task.findFirstOrThrow({ where: { title: "Soup" } });
    await h.tg.command("kallio", "alice", `/task cancel ${task.id} --series`);
    assert.equal((await h.db.task.findUniqueOrThrow({ where: { id: task.id } })).status, "cancelled");
    assert.equal(
      await h.db.job.count({ where: { dedupeKey: { startsWith: `task:${task.id}:` }, status: "pending" } }),
      0,
    );
  });

  it("a request filed by a process that dies at its SLA leaves nothing; filed again, it has both steps", async () => {
    const requests = () => h.db.serviceRequest.count();
    const before = await requests();
    dieAtSchedule("request.sla");
    await h.tg.command("kallio", "bob", "/request lighting Dark street by the school");
    assert.equal(await requests(), before);
    vi.restoreAllMocks();

    await h.tg.command("kallio", "bob", "/request lighting Dark street by the school");
    const request = await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    assert.equal(await pending(`request:${request.id}:sla:1`), 1);
    assert.equal(await pending(`request:${request.id}:sla:2`), 1);
    // Its card sync is scheduled with it too.
    assert.ok((await h.db.job.count({ where: { kind: { contains: "card" }, status: "pending" } })) > 0);
  });

  it("an acknowledgement cancels the SLA steps and queues its card edits in its own transaction", async () => {
    const request = await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    await h.settle();
    const edits = () => h.db.outboxMessage.count({ where: { purpose: "request.card.edit" } });
    const editsBefore = await edits();
    // The process dies right after the answer's commit: nothing after it runs.
    vi.spyOn(h.s.messenger, "wake").mockImplementation(() => {
      throw new Error("the process died after the commit");
    });
    await h.sl.command("city", "olga", `/request ack ${request.number}`);
    assert.equal(await edits(), editsBefore + 1, "the contact's card edit is queued with the answer");
    assert.ok((await h.db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).acknowledgedAt);
    assert.equal(await pending(`request:${request.id}:sla:1`), 0);
    assert.equal(await pending(`request:${request.id}:sla:2`), 0);
  });

  it("a poll created by a process that dies at its close job leaves no poll; created again, it has its close", async () => {
    const polls = () => h.db.poll.count({ where: { question: "Which day?" } });
    dieAtSchedule("poll.close");
    await h.tg.command("kallio", "alice", '/poll "Which day?" "Sat" "Sun" --closes 2h');
    assert.equal(await polls(), 0);
    vi.restoreAllMocks();

    await h.tg.command("kallio", "alice", '/poll "Which day?" "Sat" "Sun" --closes 2h');
    const poll = await h.db.poll.findFirstOrThrow({ where: { question: "Which day?" } });
    assert.equal(await pending(`poll:${poll.id}:close`), 1);
    assert.equal(await h.db.auditEntry.count({ where: { action: "poll.create", subject: `poll:${poll.id}` } }), 1);
  });

  it("new reminder times that die at a shift's reminders leave the old times and jobs; again, they all move", async () => {
    await h.tg.command("kallio", "alice", "/task add Sorting --when 2026-12-10T10:00 --slots 2");
    const task = await h.db.task.findFirstOrThrow({ where: { title: "Sorting" } });
    const community = () => h.db.community.findUniqueOrThrow({ where: { id: task.communityId } });
    const offsetsBefore = (await community()).reminderOffsets;
    const keys = async () =>
      (
        await h.db.job.findMany({
          where: { dedupeKey: { startsWith: `task:${task.id}:reminder:` }, status: "pending" },
          orderBy: { dedupeKey: "asc" },
        })
      ).map((j) => j.dedupeKey);
    const before = await keys();
    dieAtSchedule("task.reminder");
    await h.tg.command("kallio", "alice", "/task reminders 30");
    assert.equal((await community()).reminderOffsets, offsetsBefore);
    assert.deepEqual(await keys(), before);
    vi.restoreAllMocks();

    await h.tg.command("kallio", "alice", "/task reminders 30");
    assert.notEqual((await community()).reminderOffsets, offsetsBefore);
    assert.deepEqual(await keys(), [`task:${task.id}:reminder:30`]);
  });
});
