// A request that changed before its card was sent gets the card edited by
// the card's sync job; the edit and the job's completion commit together, so
// a crash after that commit queues no second edit.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { CARD_SYNC_JOB } from "../../../src/domain/requests/messenger.js";
import { forEachDatabase } from "../../support/databases.js";
import { crashOnce, pastLeases } from "../../support/job-crashes.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("request card sync after a crash", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(async () => {
    h.app.jobs.injectFaults(undefined);
    await h.close();
  });

  it("a crash after the sync job's commit leaves one edit of the card", async () => {
    // Runs that throw (the card not sent yet) never reach this point: the first that does queued the edit.
    const crashes = crashOnce(h.app.jobs, "afterRun", (job) => job.kind === CARD_SYNC_JOB);
    // Filed, and acknowledged before its card reached the city's chat: the card's sync job will edit it.
    await h.say(h.tg, "kallio", "bob", "/request lighting Dark street");
    await h.say(h.sl, "city", "olga", "/request ack K-1001");
    await pastLeases(clock, h.settle, 6);
    assert.equal(crashes(), 1, "the crash happened");
    const edits = await getDatabase().db.outboxMessage.count({ where: { purpose: "request.card.edit" } });
    assert.equal(edits, 1);
    const cards = h.sl.messagesIn("city").filter((m) => /K-1001 · /.test(m.message.title ?? ""));
    assert.equal(cards.length, 1, "the card was posted once");
  });
});
