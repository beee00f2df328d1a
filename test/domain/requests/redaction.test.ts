// A request closed longer ago than the retention period shows its removed
// description and comments as a localised line, not as a stored marker;
// on both databases, with the request handled through the real commands.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { Leases } from "../../../src/scheduler/leases.js";
import { DEFAULT_RETENTION, Retention } from "../../../src/scheduler/retention.js";
import { quietLogger } from "../../scheduler/database-pair.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp } from "./harness.js";

const DAY = 24 * 3_600_000;

forEachDatabase("redacted requests", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    await seedCity(h);
    await h.say(h.tg, "kallio", "bob", "/request lighting Lamp out, call me on 040 1234567"); // K-1001
    await h.say(h.sl, "city", "olga", "/request close K-1001 Bob says it works again --reason no-action");
    await h.settle();
  });
  afterAll(() => h.close());

  it("shows the removed text in the reader's language once retention has redacted it", async () => {
    const before = await h.say(h.tg, "kallio", "bob", "/request status K-1001");
    assert.match(before, /040 1234567/);
    assert.match(before, /Bob says it works again/);

    clock.advance((DEFAULT_RETENTION.closedRequestTextDays + 1) * DAY);
    const report = await new Retention({
      db: h.db,
      processedEvents: h.app.store.processedEvents,
      leases: new Leases(h.db),
      clock,
      logger: quietLogger,
    }).run();
    assert.deepEqual([report.redactedRequests, report.redactedUpdates], [1, 1]);

    const after = await h.say(h.tg, "kallio", "bob", "/request status K-1001");
    assert.doesNotMatch(after, /040 1234567|works again|\[redacted\]/);
    assert.equal(after.match(/\(removed after the retention period\)/g)?.length, 2, after);
    await h.say(h.tg, "kallio", "bob", "/lang fi --me");
    assert.match(await h.say(h.tg, "kallio", "bob", "/request status K-1001"), /poistettu säilytysajan päätyttyä/);
  });
});
