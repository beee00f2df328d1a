// `/task cancel --series` cancels every open occurrence, with their notices,
// jobs and audit entries, in one transaction with the event's completion: a
// crash part-way keeps nothing, a crash after the commit loses nothing, and
// a redelivery does the whole of it exactly once.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { StorageUnavailable } from "../../../src/core/storage-unavailable.js";
import type { TasksServices } from "../../../src/domain/tasks/services.js";
import { forEachDatabase } from "../../support/databases.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { startTasksApp, type TasksTestApp } from "./harness.js";

forEachDatabase("cancelling a series in one transaction", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let app: TasksTestApp;
  let tg: MemoryAdapter;
  let tasks: TasksServices;
  const db = () => getDatabase().db;
  const statuses = async (title: string) =>
    (await db().task.findMany({ where: { title }, orderBy: { id: "asc" } })).map((t) => t.status);
  const notices = () => db().outboxMessage.count({ where: { purpose: "task.cancelled" } });
  const audits = () => db().auditEntry.count({ where: { action: "task.cancel" } });

  /** A weekly series whose first occurrence has started, so its next one exists too; bob is on both. */
  async function startedSeries(title: string): Promise<number> {
    await tg.command("kallio", "alice", `/task add ${title} --when "sat 10:00" --slots 3 --repeat weekly`);
    const first = await db().task.findFirstOrThrow({ where: { title } });
    await tg.command("kallio", "bob", `/task join ${first.id}`);
    clock.set(first.startsAt);
    await app.settle();
    const next = await db().task.findFirstOrThrow({ where: { title, id: { not: first.id } } });
    await tg.command("kallio", "bob", `/task join ${next.id}`);
    return first.id;
  }

  beforeAll(async () => {
    tg = new MemoryAdapter("tg");
    app = await startTasksApp(getDatabase().url, { clock, adapters: [tg], console: false });
    tasks = app.app.modules.tasks.services;
    await tg.command("kallio", "alice", "/setup community Kallio", { admin: true });
  });
  afterAll(() => app.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("keeps nothing of a crash between occurrences, and a redelivery cancels all of them once", async () => {
    const first = await startedSeries("Soup kitchen");
    const [noticed, audited] = [await notices(), await audits()];
    const cancelled = tasks.announcer.cancelled.bind(tasks.announcer);
    let calls = 0;
    vi.spyOn(tasks.announcer, "cancelled").mockImplementation(async (...args) => {
      // The first occurrence is done; the database goes away on the second, so the event comes again.
      if (++calls === 2) throw new StorageUnavailable("the database went away between occurrences");
      return cancelled(...args);
    });
    assert.equal((await tg.command("kallio", "alice", `/task cancel ${first} --series`)).status, "unavailable");
    assert.deepEqual(await statuses("Soup kitchen"), ["open", "open"]);
    assert.deepEqual([await notices(), await audits()], [noticed, audited]);

    assert.equal((await tg.redeliverLast()).status, "handled");
    assert.deepEqual(await statuses("Soup kitchen"), ["cancelled", "cancelled"]);
    assert.match(tg.lastText("kallio"), /rest of its series \(2 shifts\)/);
    assert.deepEqual([await notices(), await audits()], [noticed + 2, audited + 2]);
    // A later redelivery is a duplicate: nothing more.
    assert.equal((await tg.redeliverLast()).status, "duplicate");
    assert.deepEqual([await notices(), await audits()], [noticed + 2, audited + 2]);
  });

  it("keeps the whole cancellation of a crash after the commit, and a redelivery adds nothing", async () => {
    const first = await startedSeries("Bike repair");
    const [noticed, audited] = [await notices(), await audits()];
    vi.spyOn(tasks.announcer, "wake").mockImplementation(() => {
      throw new Error("the process died after the commit");
    });
    await tg.command("kallio", "alice", `/task cancel ${first} --series`);
    vi.restoreAllMocks();
    assert.deepEqual(await statuses("Bike repair"), ["cancelled", "cancelled"]);
    assert.deepEqual([await notices(), await audits()], [noticed + 2, audited + 2]);
    await tg.redeliverLast();
    assert.deepEqual(await statuses("Bike repair"), ["cancelled", "cancelled"]);
    assert.deepEqual([await notices(), await audits()], [noticed + 2, audited + 2]);
    // No reminder of either occurrence is left to run.
    const ids = (await db().task.findMany({ where: { title: "Bike repair" } })).map((t) => t.id);
    const pending = await db().job.count({
      where: { status: "pending", OR: ids.map((id) => ({ dedupeKey: { startsWith: `task:${id}:reminder:` } })) },
    });
    assert.equal(pending, 0);
  });
});
