// Public numbers under concurrency, on both databases: requests filed at the
// same moment get distinct, consecutive numbers; two communities may both
// have a K-1001 (numbers are unique per community).
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp, textsIn } from "./harness.js";

forEachDatabase("request numbers", (getDatabase) => {
  const clock = new ManualClock("2026-12-01T08:00:00Z");
  let h: RequestsTestApp;
  let communityId: string;

  beforeAll(async () => {
    h = await startRequestsApp(getDatabase().url, { clock });
    ({ communityId } = await seedCity(h));
  });
  afterAll(() => h.close());

  it("gives 20 concurrent filings 20 distinct, consecutive numbers", async () => {
    const category = (await h.s.repo.categories.byCode(communityId, "lighting"))!;
    const people = await h.db.identity.findMany({ where: { id: { startsWith: "tg:" } } });
    const filed = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const who = people[i % people.length]!;
        return h.s.filing.file({
          communityId,
          category,
          description: `Lamp ${i}`,
          anonymous: false,
          origin: { kind: "chat", personId: who.personId, identityId: who.id, chatId: "tg:kallio" },
        });
      }),
    );
    const numbers = filed.map((f) => f.request.number).sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => `K-${1001 + i}`),
    );
    assert.equal((await h.db.requestCard.count()) >= 20, true);
  });

  it("numbers each community on its own", async () => {
    await h.say(h.tg, "other", "zoe", "/setup community Toinen", true);
    await h.say(h.tg, "other", "zoe", '/setup category add roads "Roads"');
    await h.say(h.tg, "other", "zoe", "/request roads Hole");
    // Zoe is the admin and this new community routes nowhere yet: the receipt is followed by a warning.
    assert.ok(textsIn(h.tg, "other").some((t) => /Your request number is K-1001\./.test(t)));
    assert.match(await h.say(h.tg, "other", "zoe", "/request status K-1001"), /^K-1001 · Roads\nHole/);
    assert.match(await h.say(h.tg, "kallio", "bob", "/request status K-1001"), /^K-1001 · Street lighting\nLamp/);
  });
});
