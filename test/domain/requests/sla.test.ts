// Response-time promises with a ManualClock, on both databases: a request not
// acknowledged within its category's time is re-posted to the contact marked
// overdue; after twice that time it goes to the admins. An answer in time
// stops both. Both steps are jobs, and running them again posts nothing twice.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { SLA_JOB } from "../../../src/domain/requests/feature.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("request SLA", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const cardsIn = (chat: string, number: string) =>
    h.sl.messagesIn(chat).filter((m) => new RegExp(`(^|: )${number} · `).test(m.message.title ?? ""));

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    // mia (an admin) reads routed requests in her direct chat with the bot on sl.
    await h.say(h.sl, "dm:mia", "mia", "/help");
  });
  afterAll(() => h.close());

  it("schedules two jobs from the category's expected time", async () => {
    await h.say(h.tg, "kallio", "bob", "/request lighting Dark street"); // K-1001, 3 days
    await h.settle();
    const jobs = await h.db.job.findMany({ where: { kind: SLA_JOB }, orderBy: { runAt: "asc" } });
    assert.deepEqual(
      jobs.map((j) => [j.runAt.toISOString(), JSON.parse(j.payload).level]),
      [
        ["2026-12-04T08:00:00.000Z", 1],
        ["2026-12-07T08:00:00.000Z", 2],
      ],
    );
  });

  it("re-posts an unacknowledged request to the contact, marked overdue", async () => {
    clock.set("2026-12-04T07:59:00Z");
    await h.settle();
    assert.equal(cardsIn("city", "K-1001").length, 1);
    clock.set("2026-12-04T08:00:00Z");
    await h.settle();
    const cards = cardsIn("city", "K-1001");
    assert.equal(cards.length, 2);
    assert.equal(cards[1]!.message.title, "⚠ Overdue: K-1001 · Street lighting");
    // The first card shows the mark too.
    assert.equal(cards[0]!.message.title, "⚠ Overdue: K-1001 · Street lighting");
    const request = await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } });
    assert.equal(request.overdueLevel, 1);
    assert.ok(await h.db.auditEntry.findFirst({ where: { action: "request.overdue", subject: "K-1001" } }));
    // Run again (a crash between commit and done): nothing new.
    await h.s.sla.run({ requestId: request.id, level: 1 });
    await h.settle();
    assert.equal(cardsIn("city", "K-1001").length, 2);
  });

  it("after twice the time, sends it to the community's admins", async () => {
    clock.set("2026-12-07T08:00:00Z");
    await h.settle();
    const escalated = h.sl.messagesIn("dm:mia").filter((m) => /K-1001 · /.test(m.message.title ?? ""));
    assert.equal(escalated.length, 1);
    assert.match(
      escalated[0]!.message.text,
      /^City lighting has not acknowledged this within 6 days\. Please follow it up\./,
    );
    assert.ok(escalated[0]!.message.buttons?.length, "admins can act on it");
    // alice, the other admin, has no direct chat the bot knows: mia's is where the admins read it.
    assert.equal((await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1001" } })).overdueLevel, 2);
    // The admin acknowledges from the card in her DM.
    const pressed = await h.sl.press("dm:mia", "mia", "Acknowledge");
    assert.equal(pressed.toast, "K-1001 is now acknowledged.");
    await h.settle();
    assert.equal(cardsIn("city", "K-1001").at(-1)!.message.title, "K-1001 · Street lighting");
  });

  it("does nothing for a request answered in time", async () => {
    clock.set("2026-12-10T08:00:00Z");
    await h.say(h.tg, "kallio", "carol", "/request lighting Flickering lamp"); // K-1002
    await h.settle();
    clock.set("2026-12-11T08:00:00Z");
    await h.say(h.sl, "city", "olga", "/request ack K-1002");
    clock.set("2026-12-20T08:00:00Z");
    await h.settle();
    assert.equal(cardsIn("city", "K-1002").length, 1);
    assert.equal((await h.db.serviceRequest.findFirstOrThrow({ where: { number: "K-1002" } })).overdueLevel, 0);
  });
});
