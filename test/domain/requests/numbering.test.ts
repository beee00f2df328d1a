// Public numbers under concurrency, on both databases: requests filed at the
// same moment get distinct, consecutive numbers; two communities may both
// have a K-1001 (numbers are unique per community). On PostgreSQL the number
// is taken before the filing's transaction, so one filing still open never
// holds up another's, and a refused filing leaves a gap; on SQLite (one
// writer) it is taken inside and a refusal leaves none.
import assert from "node:assert/strict";
import { afterAll, beforeAll, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { forEachDatabase } from "../../support/databases.js";
import { type RequestsTestApp, seedCity, startRequestsApp, textsIn } from "./harness.js";

forEachDatabase("request numbers", (getDatabase, provider) => {
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

  it(`a filing refused in its transaction leaves ${provider === "postgresql" ? "a gap" : "no gap"}, and an open filing does not hold up another's number`, async () => {
    const category = (await h.s.repo.categories.byCode(communityId, "lighting"))!;
    const [who] = await h.db.identity.findMany({ where: { id: { startsWith: "tg:" } } });
    const file = (description: string, guard?: () => Promise<void>) =>
      h.s.filing.file(
        {
          communityId,
          category,
          description,
          anonymous: false,
          origin: { kind: "chat", personId: who!.personId, identityId: who!.id, chatId: "tg:kallio" },
        },
        { guard },
      );
    const before = (await file("Before")).request.number;
    await assert.rejects(
      file("Refused", async () => {
        throw new Error("over the limit");
      }),
      /over the limit/,
    );
    const after = (await file("After")).request.number;
    const sequence = (n: string) => Number(n.split("-")[1]);
    assert.equal(sequence(after) - sequence(before), provider === "postgresql" ? 2 : 1);
    if (provider !== "postgresql") return;
    // A filing held open inside its transaction: another files meanwhile and gets the next number.
    let release = () => {};
    let entered = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const held = file("Held", async () => {
      entered();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await inside;
    const meanwhile = (await file("Meanwhile")).request.number;
    release();
    const heldNumber = (await held).request.number;
    assert.deepEqual([sequence(heldNumber), sequence(meanwhile)], [sequence(after) + 1, sequence(after) + 2]);
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
