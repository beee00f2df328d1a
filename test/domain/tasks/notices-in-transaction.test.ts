// Notices (and audit entries) commit with the change they announce: a
// promotion after a leave, the notice of an edit or a cancellation, a
// request's status notice. A crash right after the commit cannot lose them
// (their rows are in the outbox already), and a failure before the commit
// keeps neither.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import type { TasksServices } from "../../../src/domain/tasks/services.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "../requests/harness.js";

forEachDatabase("notices in the change's transaction", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  let tasks: TasksServices;
  let taskId: number;
  const queued = (purpose: string) => h.db.outboxMessage.count({ where: { purpose } });
  const audits = (action: string) => h.db.auditEntry.count({ where: { action } });
  const signupOf = async (user: string) => {
    const identity = await h.db.identity.findUniqueOrThrow({ where: { id: `tg:${user}` } });
    return h.db.signup.findUniqueOrThrow({
      where: { taskId_personId: { taskId, personId: identity.personId } },
    });
  };

  /** The process dies right after the change's commit: nothing after it runs. */
  function dieAfterCommit() {
    vi.spyOn(tasks.announcer, "wake").mockImplementation(() => {
      throw new Error("the process died after the commit");
    });
  }

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    tasks = h.app.modules.tasks.services;
    await h.say(h.tg, "kallio", "alice", "/task add Sorting --when 2026-12-12T10:00 --slots 1");
    taskId = (await h.db.task.findFirstOrThrow({ where: { title: "Sorting" } })).id;
    await h.say(h.tg, "kallio", "bob", `/task join ${taskId}`);
    await h.say(h.tg, "kallio", "carol", `/task join ${taskId}`);
    await h.settle();
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("keeps the promotion notice of a leave that committed just before a crash", async () => {
    assert.equal((await signupOf("carol")).status, "waitlisted");
    const before = await queued("task.promoted");
    dieAfterCommit();
    await h.tg.command("kallio", "bob", `/task leave ${taskId}`);
    assert.equal((await signupOf("bob")).status, "cancelled");
    assert.equal((await signupOf("carol")).status, "confirmed");
    assert.equal(await queued("task.promoted"), before + 1);
  });

  it("keeps neither an edit nor its notice when the transaction fails before the commit", async () => {
    const before = await queued("task.changed");
    await assert.rejects(
      tasks.taskService.edit(taskId, { place: "Warehouse 3" }, async (tx, edited) => {
        assert.equal(edited.kind, "edited");
        if (edited.kind !== "edited") return;
        await tasks.announcer.changed(tx, edited.task, edited.changes, edited.audience, edited.moved, "nobody");
        assert.equal(await tx.outboxMessage.count({ where: { purpose: "task.changed" } }), before + 1);
        throw new Error("the transaction failed before its commit");
      }),
      /before its commit/,
    );
    assert.equal((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).place, null);
    assert.equal(await queued("task.changed"), before);
  });

  it("keeps the notice and the audit entry of an edit that committed just before a crash", async () => {
    const before = await queued("task.changed");
    const audited = await audits("task.edit");
    dieAfterCommit();
    await h.tg.command("kallio", "alice", `/task edit ${taskId} --where "Warehouse 3"`);
    assert.equal((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).place, "Warehouse 3");
    assert.equal(await queued("task.changed"), before + 1);
    assert.equal(await audits("task.edit"), audited + 1);
  });

  it("keeps the notice and the audit entry of a cancellation that committed just before a crash", async () => {
    const before = await queued("task.cancelled");
    const audited = await audits("task.cancel");
    dieAfterCommit();
    await h.tg.command("kallio", "alice", `/task cancel ${taskId} Storm`);
    assert.equal((await h.db.task.findUniqueOrThrow({ where: { id: taskId } })).status, "cancelled");
    assert.equal(await queued("task.cancelled"), before + 1);
    assert.equal(await audits("task.cancel"), audited + 1);
  });

  it("keeps neither a request's status change nor its notice when the transaction fails before the commit", async () => {
    await h.say(h.tg, "kallio", "bob", '/request lighting Lamp out --where "Main street 1"');
    const request = await h.db.serviceRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    const before = await queued("request.update");
    await assert.rejects(
      h.s.handling.apply(
        { personId: null, chatId: null },
        request.id,
        { kind: "status", action: { kind: "acknowledge" } },
        undefined,
        undefined,
        async (tx) => {
          assert.equal(await tx.outboxMessage.count({ where: { purpose: "request.update" } }), before + 1);
          throw new Error("the transaction failed before its commit");
        },
      ),
      /before its commit/,
    );
    assert.equal((await h.db.serviceRequest.findUniqueOrThrow({ where: { id: request.id } })).subStatus, null);
    assert.equal(await queued("request.update"), before);
    assert.equal(await audits("request.status"), 0);
    // Without the failure, the change and its notice are kept together.
    await h.s.handling.apply({ personId: null, chatId: null }, request.id, {
      kind: "status",
      action: { kind: "acknowledge" },
    });
    assert.equal(await queued("request.update"), before + 1);
    assert.equal(await audits("request.status"), 1);
  });
});
