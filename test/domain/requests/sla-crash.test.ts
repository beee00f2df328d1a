// A crash while an SLA job runs neither loses nor doubles its escalation: the
// overdue mark, the re-posted cards, the edits of the cards already there,
// their sync jobs, the audit entry and the job's completion commit together.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { SLA_JOB } from "../../../src/domain/requests/feature.js";
import { forEachDatabase } from "../../support/databases.js";
import { type CrashPoint, crashOnce as crashJobOnce, pastLeases } from "../../support/job-crashes.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("request SLA after a crash", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const cardsIn = (chat: string, number: string) =>
    h.sl.messagesIn(chat).filter((m) => new RegExp(`(^|: )${number} · `).test(m.message.title ?? ""));
  const audits = (action: string) => h.db.auditEntry.count({ where: { action, subject: "K-1001" } });

  /** The first run of the SLA job of `level` "dies" at `point`. */
  const crashOnce = (point: CrashPoint, level: 1 | 2) =>
    crashJobOnce(
      h.app.jobs,
      point,
      (job) => job.kind === SLA_JOB && (job.dedupeKey?.endsWith(`:sla:${level}`) ?? false),
    );

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    await h.say(h.sl, "dm:mia", "mia", "/help");
    await h.say(h.tg, "kallio", "bob", "/request lighting Dark street"); // K-1001, 3 days
    await h.settle();
  });
  afterAll(async () => {
    h.app.jobs.injectFaults(undefined);
    await h.close();
  });

  it("a crash before the commit leaves nothing half-written; the retry escalates once", async () => {
    const crashes = crashOnce("beforeCompletion", 1);
    clock.set("2026-12-04T08:00:00Z");
    await h.settle();
    assert.equal(crashes(), 1);
    assert.equal(cardsIn("city", "K-1001").length, 1, "no re-posted card");
    const request = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } });
    assert.equal(request.overdueLevel, 0, "no overdue mark");
    assert.equal(await audits("request.overdue"), 0);

    await pastLeases(clock, h.settle);
    const cards = cardsIn("city", "K-1001");
    assert.equal(cards.length, 2);
    assert.equal(cards[0]!.message.title, "⚠ Overdue: K-1001 · Street lighting", "the first card edited once");
    assert.equal(await audits("request.overdue"), 1);
    const cardRows = await h.db.requestCard.findMany({ where: { requestId: request.id } });
    const syncs = await h.db.job.count({
      where: { dedupeKey: { in: cardRows.map((c) => `request-card:${c.id}:sync`) } },
    });
    assert.equal(syncs, 2, "every card has its sync job");
  });

  it("a crash after the commit leaves the job done: the admins hear once", async () => {
    const crashes = crashOnce("afterRun", 2);
    clock.set("2026-12-07T08:00:00Z");
    await h.settle();
    assert.equal(crashes(), 1);
    await pastLeases(clock, h.settle);
    const escalated = h.sl.messagesIn("dm:mia").filter((m) => /K-1001 · /.test(m.message.title ?? ""));
    assert.equal(escalated.length, 1);
    assert.equal(await audits("request.escalated"), 1);
    const job = await h.db.job.findFirstOrThrow({ where: { kind: SLA_JOB, dedupeKey: { endsWith: ":sla:2" } } });
    assert.deepEqual([job.status, job.attempts], ["done", 1]);
  });
});
