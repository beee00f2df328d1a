// Sign-up rules on a real database (SQLite and PostgreSQL): capacity under
// concurrency, the wait-list's order, promotion and demotion.
import assert from "node:assert/strict";
import { beforeAll, beforeEach, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createLogger } from "../../../src/core/logger.js";
import { buildTasksServices, type TasksServices } from "../../../src/domain/tasks/services.js";
import type { Joiner } from "../../../src/domain/tasks/signups.js";
import type { TaskRecord } from "../../../src/domain/tasks/task-repository.js";
import { JobQueue } from "../../../src/scheduler/job-queue.js";
import { Store } from "../../../src/storage/store.js";
import { forEachDatabase } from "../../support/databases.js";

const logger = createLogger({ level: "silent" });

forEachDatabase("task sign-ups", (getDatabase) => {
  let clock: ManualClock;
  let s: TasksServices;
  let communityId: string;

  beforeAll(async () => {
    const database = getDatabase();
    clock = new ManualClock("2026-12-01T08:00:00Z");
    const store = new Store(database);
    s = buildTasksServices({
      store,
      jobs: new JobQueue({ database, clock, logger }),
      notifier: { toPerson: async () => 0, toPeople: async () => [], wake: () => undefined },
      delivery: { send: async () => [], edit: async (ref) => [ref] },
      translator: { forLocale: () => (key: string) => key } as never,
      clock,
      logger,
    });
    communityId = (await database.db.community.create({ data: { name: "Kallio", timezone: "Europe/Helsinki" } })).id;
  });

  beforeEach(() => clock.set("2026-12-01T08:00:00Z"));

  const person = (name: string): Joiner => ({
    personId: `p-${name}`,
    identityId: `memory:${name}`,
    chatId: "memory:kallio",
  });

  async function newTask(capacity: number, extra: Partial<TaskRecord> = {}): Promise<TaskRecord> {
    return s.tasks.create({
      communityId,
      title: "Food bank sorting",
      startsAt: new Date("2026-12-05T08:00:00Z"),
      capacity,
      originChatId: "memory:kallio",
      createdByPersonId: "p-coordinator",
      cutoffAt: extra.cutoffAt ?? undefined,
    });
  }

  async function line(taskId: number): Promise<{ confirmed: string[]; waitlisted: string[] }> {
    const view = await s.tasks.view(taskId);
    return {
      confirmed: view!.confirmed.map((v) => v.personId.slice(2)),
      waitlisted: view!.waitlisted.map((v) => v.personId.slice(2)),
    };
  }

  it("never exceeds capacity: 100 concurrent joins on 5 slots give 5 in and 95 waiting, in join order", async () => {
    const task = await newTask(5);
    const names = Array.from({ length: 100 }, (_, i) => `v${i}`);
    // Each join is its own transaction, all in flight at once.
    const results = await Promise.all(names.map((name) => s.signups.join(task.id, person(name))));

    const confirmed = results.filter((r) => r.kind === "confirmed");
    const waiting = results.flatMap((r, i) =>
      r.kind === "waitlisted" ? [{ name: names[i]!, position: r.position }] : [],
    );
    assert.equal(confirmed.length, 5);
    assert.equal(waiting.length, 95);
    assert.deepEqual(
      waiting.map((w) => w.position).sort((a, b) => a - b),
      Array.from({ length: 95 }, (_, i) => i + 1),
    );

    const stored = await line(task.id);
    assert.equal(stored.confirmed.length, 5);
    assert.equal(stored.waitlisted.length, 95);
    // The position each joiner was told is their place in the stored line.
    const told = [...waiting].sort((a, b) => a.position - b.position).map((w) => w.name);
    assert.deepEqual(stored.waitlisted, told);
    // And the line is one order: everyone confirmed joined before everyone waiting.
    const rows = await getDatabase().db.signup.findMany({ where: { taskId: task.id } });
    const latestIn = Math.max(...rows.filter((r) => r.status === "confirmed").map((r) => r.queuedAt.getTime()));
    const earliestWaiting = Math.min(...rows.filter((r) => r.status === "waitlisted").map((r) => r.queuedAt.getTime()));
    assert.ok(latestIn < earliestWaiting);
    assert.equal(new Set(rows.map((r) => r.queuedAt.getTime())).size, 100);
  });

  it("promotes the first on the wait-list when someone leaves, and says who", async () => {
    const task = await newTask(2);
    for (const name of ["ann", "ben", "cat", "dan"]) await s.signups.join(task.id, person(name));
    const left = await s.signups.leave(task.id, "p-ann");
    assert.equal(left.kind, "left");
    assert.deepEqual(left.kind === "left" ? left.moved.map((m) => [m.personId, m.to, m.identityId]) : [], [
      ["p-cat", "confirmed", "memory:cat"],
    ]);
    assert.deepEqual(await line(task.id), { confirmed: ["ben", "cat"], waitlisted: ["dan"] });
  });

  it("sends a person who leaves and rejoins to the end of the wait-list", async () => {
    const task = await newTask(2);
    for (const name of ["ann", "ben", "cat", "dan"]) await s.signups.join(task.id, person(name));
    // The clock stands still: the rejoin must still go behind everyone.
    await s.signups.leave(task.id, "p-cat");
    const rejoin = await s.signups.join(task.id, person("cat"));
    assert.deepEqual(rejoin.kind === "waitlisted" ? rejoin.position : rejoin.kind, 2);
    assert.deepEqual(await line(task.id), { confirmed: ["ann", "ben"], waitlisted: ["dan", "cat"] });
    // A confirmed person who leaves and rejoins loses their place too.
    await s.signups.leave(task.id, "p-ann");
    const back = await s.signups.join(task.id, person("ann"));
    assert.equal(back.kind === "waitlisted" ? back.position : back.kind, 2);
    assert.deepEqual(await line(task.id), { confirmed: ["ben", "dan"], waitlisted: ["cat", "ann"] });
  });

  it("treats a second join as a no-op that says where you stand", async () => {
    const task = await newTask(1);
    await s.signups.join(task.id, person("ann"));
    await s.signups.join(task.id, person("ben"));
    const again = await s.signups.join(task.id, person("ann"));
    assert.deepEqual(again.kind === "already" ? [again.status, again.position] : again.kind, ["confirmed", undefined]);
    const waiting = await s.signups.join(task.id, person("ben"));
    assert.deepEqual(waiting.kind === "already" ? [waiting.status, waiting.position] : waiting.kind, ["waitlisted", 1]);
    const notIn = await s.signups.leave(task.id, "p-zed");
    assert.equal(notIn.kind, "notSignedUp");
  });

  it("closes sign-ups at the cutoff (leaving still works) and everything at the start", async () => {
    const task = await newTask(3, { cutoffAt: new Date("2026-12-04T16:00:00Z") });
    await s.signups.join(task.id, person("ann"));
    clock.set("2026-12-04T16:00:00Z");
    assert.deepEqual(await s.signups.join(task.id, person("ben")), { kind: "refused", reason: "closed" });
    assert.equal((await s.signups.leave(task.id, "p-ann")).kind, "left");
    clock.set("2026-12-05T08:00:00Z");
    assert.deepEqual(await s.signups.join(task.id, person("ann")), { kind: "refused", reason: "started" });
    assert.deepEqual(await s.signups.leave(task.id, "p-ann"), { kind: "refused", reason: "started" });
    assert.deepEqual(await s.signups.join(999_999, person("ann")), { kind: "refused", reason: "missing" });
  });

  it("moves the newest back to the front of the wait-list when slots go down, and promotes when they go up", async () => {
    const task = await newTask(4);
    for (const name of ["ann", "ben", "cat", "dan", "eve"]) await s.signups.join(task.id, person(name));
    const lowered = await s.taskService.edit(task.id, { capacity: 2 });
    assert.equal(lowered.kind, "edited");
    assert.deepEqual(lowered.kind === "edited" ? lowered.moved.map((m) => [m.personId, m.to, m.position]) : [], [
      ["p-cat", "waitlisted", 1],
      ["p-dan", "waitlisted", 2],
    ]);
    assert.deepEqual(await line(task.id), { confirmed: ["ann", "ben"], waitlisted: ["cat", "dan", "eve"] });
    // Everyone signed up hears about the change.
    assert.equal(lowered.kind === "edited" ? lowered.audience.length : 0, 5);

    const raised = await s.taskService.edit(task.id, { capacity: 3 });
    assert.deepEqual(raised.kind === "edited" ? raised.moved.map((m) => [m.personId, m.to]) : [], [
      ["p-cat", "confirmed"],
    ]);
    assert.deepEqual(await line(task.id), { confirmed: ["ann", "ben", "cat"], waitlisted: ["dan", "eve"] });
    assert.equal((await s.taskService.edit(task.id, { capacity: 3 })).kind, "unchanged");
  });

  it("refuses sign-ups on a cancelled task and marks done only after the start, proposing hours once", async () => {
    const task = await newTask(2);
    await s.signups.join(task.id, person("ann"));
    await s.signups.join(task.id, person("ben"));
    await s.signups.join(task.id, person("cat"));
    assert.deepEqual(await s.taskService.markDone(task.id, "p-coordinator"), { kind: "refused", reason: "notStarted" });
    clock.set("2026-12-05T12:00:00Z");
    const done = await s.taskService.markDone(task.id, "p-coordinator");
    // No --until: 2 hours each, for the confirmed only.
    assert.deepEqual(done.kind === "done" ? done.entries.map((e) => [e.personId, e.minutes, e.status]) : done, [
      ["p-ann", 120, "pending"],
      ["p-ben", 120, "pending"],
    ]);
    assert.deepEqual(await s.taskService.markDone(task.id, "p-coordinator"), { kind: "refused", reason: "done" });

    const other = await newTask(2);
    clock.set("2026-12-01T08:00:00Z");
    const cancelled = await s.taskService.cancel(other.id, "Snow", false);
    assert.equal(cancelled.kind, "cancelled");
    assert.deepEqual(await s.signups.join(other.id, person("ann")), { kind: "refused", reason: "cancelled" });
    assert.deepEqual(await s.taskService.cancel(other.id, undefined, false), { kind: "refused", reason: "cancelled" });
  });
});
