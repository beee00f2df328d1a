// `/request task` makes the shift (its reminders, its card queued in the
// outbox) and moves the request (its notices) in one transaction with the
// event's completion: a crash part-way keeps nothing, a crash after the
// commit loses nothing, and a redelivery does the whole of it exactly once.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { StorageUnavailable } from "../../../src/core/storage-unavailable.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("/request task in one transaction", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const queued = (purpose: string) => h.db.outboxMessage.count({ where: { purpose } });
  /** What the command leaves behind for one request: its tasks, its state and what is queued for it. */
  async function traces(number: string) {
    const request = await h.db.serviceRequest.findFirstOrThrow({ where: { number } });
    const tasks = await h.db.task.findMany({ where: { requestId: request.id } });
    const reminders = await h.db.job.count({
      where: { OR: tasks.map((t) => ({ dedupeKey: { startsWith: `task:${t.id}:reminder:` } })) },
    });
    return {
      tasks: tasks.length,
      linked: request.taskId !== null,
      subStatus: request.subStatus,
      posts: await h.db.taskPost.count({ where: { taskId: { in: tasks.map((t) => t.id) } } }),
      reminders: tasks.length === 0 ? 0 : reminders,
    };
  }
  async function file(text: string): Promise<string> {
    await h.say(h.tg, "kallio", "erin", `/request roads ${text} --where Hietaniemi`);
    await h.settle();
    return (await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } })).number;
  }

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    await h.say(h.tg, "kallio", "alice", "/role @carol coordinator");
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("keeps no shift of a crash before the request moved, and a redelivery does it all once", async () => {
    const number = await file("Litter along the shore");
    const [cards, notices] = [await queued("task.card"), await queued("request.update")];
    // The shift is made in the transaction; the database goes away before the request's change.
    vi.spyOn(h.s.handling, "applyIn").mockRejectedValueOnce(new StorageUnavailable("the database went away"));
    const outcome = await h.tg.command("kallio", "carol", `/request task ${number} --when "sat 10:00" --slots 5`);
    assert.equal(outcome.status, "unavailable");
    assert.deepEqual(await traces(number), { tasks: 0, linked: false, subStatus: null, posts: 0, reminders: 0 });
    assert.deepEqual([await queued("task.card"), await queued("request.update")], [cards, notices]);

    assert.equal((await h.tg.redeliverLast()).status, "handled");
    const done = { tasks: 1, linked: true, subStatus: "in_progress", posts: 1, reminders: 2 };
    assert.deepEqual(await traces(number), done);
    assert.deepEqual([await queued("task.card"), await queued("request.update")], [cards + 1, notices + 1]);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.deepEqual(await traces(number), done);
  });

  it("keeps the shift, its card and the request's change of a crash after the commit; a redelivery adds nothing", async () => {
    const number = await file("Broken fence");
    const [cards, notices] = [await queued("task.card"), await queued("request.update")];
    vi.spyOn(h.s.handling, "wake").mockImplementation(() => {
      throw new Error("the process died after the commit");
    });
    await h.tg.command("kallio", "carol", `/request task ${number} --when "sat 10:00" --slots 5`);
    vi.restoreAllMocks();
    const done = { tasks: 1, linked: true, subStatus: "in_progress", posts: 1, reminders: 2 };
    assert.deepEqual(await traces(number), done);
    assert.deepEqual([await queued("task.card"), await queued("request.update")], [cards + 1, notices + 1]);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.deepEqual(await traces(number), done);
    // The queued card reaches the home chat.
    await h.settle();
    assert.ok(h.tg.messagesIn("kallio").some((m) => m.message.title?.startsWith(`${number} `)));
  });
});
