// Guided flows kept in the database: one per person per chat, still there
// after a restart, gone once expired or ended.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { GuidedFlowRecord } from "../../src/core/ports.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { StoredGuidedFlows } from "../../src/storage/repositories/guided-flows.js";
import { migratedDatabase, TEST_PROVIDERS, type TestDatabase } from "../support/databases.js";

const NOW = new Date("2026-12-01T08:00:00Z");
const LATER = new Date(NOW.getTime() + 15 * 60_000);

const flowOf = (personId: string, answers: Record<string, string>): GuidedFlowRecord => ({
  chatId: "console:group",
  personId,
  identityId: `console:${personId}`,
  flow: "task-add",
  step: Object.keys(answers).length,
  answers,
  expiresAt: LATER,
});

for (const provider of TEST_PROVIDERS) {
  describe(`guided flows [${provider}]`, () => {
    let database: Database;
    let fresh: TestDatabase;
    beforeAll(async () => {
      ({ database, fresh } = await migratedDatabase(provider));
    });
    afterAll(async () => {
      await database?.close();
      await fresh?.destroy();
    });

    it("keeps two people's flows in one chat apart", async () => {
      const flows = new StoredGuidedFlows(database.db);
      await flows.save(flowOf("ann", { title: "Park clean-up" }));
      await flows.save(flowOf("bob", { title: "Sorting", when: "sat 10:00" }));
      assert.deepEqual((await flows.current("console:group", "ann", NOW))?.answers, { title: "Park clean-up" });
      assert.equal((await flows.current("console:group", "bob", NOW))?.step, 2);
      assert.equal(await flows.current("console:other", "ann", NOW), undefined);
    });

    it("moves a flow on in place and keeps it across a restart", async () => {
      const flows = new StoredGuidedFlows(database.db);
      await flows.save(flowOf("cy", { title: "Sorting" }));
      await flows.save(flowOf("cy", { title: "Sorting", when: "sat 10:00" }));
      const restarted = await openDatabase(fresh.url);
      try {
        const kept = await new StoredGuidedFlows(restarted.db).current("console:group", "cy", NOW);
        assert.deepEqual(kept?.answers, { title: "Sorting", when: "sat 10:00" });
        assert.equal(await restarted.db.guidedFlow.count({ where: { personId: "cy" } }), 1);
      } finally {
        await restarted.close();
      }
    });

    it("forgets an expired flow and hands it over once for its note", async () => {
      const flows = new StoredGuidedFlows(database.db);
      await flows.save(flowOf("dee", { title: "Sorting" }));
      assert.equal(await flows.current("console:group", "dee", LATER), undefined);
      const expired = await flows.takeExpired(LATER);
      assert.ok(expired.some((flow) => flow.personId === "dee"));
      assert.deepEqual(await flows.takeExpired(LATER), []);
    });

    it("ends a flow on cancel", async () => {
      const flows = new StoredGuidedFlows(database.db);
      await flows.save(flowOf("eve", {}));
      assert.equal(await flows.end("console:group", "eve"), true);
      assert.equal(await flows.current("console:group", "eve", NOW), undefined);
      assert.equal(await flows.end("console:group", "eve"), false);
    });
  });
}
