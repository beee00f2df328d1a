// Which transaction a request is filed in (filing.ts): the driver's, since
// through Prisma's its statements cost several times their own CPU (issue
// 16, routing); Prisma's only when the event has writes that need Prisma's
// client to commit with the request (a guided flow's end). Either way the
// request, its card and its event's completion commit together: a crash
// after the commit files nothing more on the redelivery.
import assert from "node:assert/strict";
import { afterAll, afterEach, beforeAll, it, vi } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { cardIn, type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

forEachDatabase("the filing's transaction", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  const requestsSaying = (description: string) => h.db.serviceRequest.count({ where: { description } });

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** How many of the driver's transactions were begun while `work` ran (a filing's is, unless it needs Prisma's). */
  async function driverTransactionsDuring(work: () => Promise<void>): Promise<number> {
    const driver = vi.spyOn(h.app.database.direct, "transaction");
    await work();
    const count = driver.mock.calls.length;
    driver.mockRestore();
    return count;
  }

  it("files a typed request in the driver's transaction, with its card and its event's completion", async () => {
    const during = await driverTransactionsDuring(async () => {
      await h.tg.command("kallio", "bob", "/request lighting Lamp out on the bridge");
    });
    assert.equal(during, 1);
    assert.equal(await requestsSaying("Lamp out on the bridge"), 1);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.equal(await requestsSaying("Lamp out on the bridge"), 1);
    await h.settle();
    const filed = await h.db.serviceRequest.findFirstOrThrow({ where: { description: "Lamp out on the bridge" } });
    assert.ok(cardIn(h.sl, "city", filed.number), "the card reached the officials' chat");
  });

  it("files a guided request in Prisma's transaction, ending the flow with it; a crash after the commit files it once", async () => {
    assert.match(await h.say(h.tg, "kallio", "bob", "/request lighting"), /Describe the problem/);
    await h.tg.message("kallio", "bob", "Lamp flickers by the pier");
    await h.tg.press("kallio", "bob", "Skip");
    assert.match(h.tg.lastText("kallio"), /Add a photo\?/);
    await h.tg.press("kallio", "bob", "Skip");
    assert.match(h.tg.lastText("kallio"), /Check before it is created/);

    const during = await driverTransactionsDuring(async () => {
      // The process dies right after the commit, before the receipt is shown.
      vi.spyOn(h.tg, "send").mockRejectedValueOnce(new Error("the process died after the commit"));
      vi.spyOn(h.tg, "edit").mockRejectedValueOnce(new Error("the process died after the commit"));
      await h.tg.press("kallio", "bob", "Create");
    });
    assert.equal(during, 0);
    assert.equal(await requestsSaying("Lamp flickers by the pier"), 1);
    assert.equal(await h.db.guidedFlow.count(), 0);
    assert.equal((await h.tg.redeliverLast()).status, "duplicate");
    assert.equal(await requestsSaying("Lamp flickers by the pier"), 1);
  });
});
