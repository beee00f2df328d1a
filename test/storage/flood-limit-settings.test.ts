// A community's flood limits are kept a few seconds (every request filed reads
// them): a change made through this process shows at once, one made elsewhere
// (another instance, straight in the database) once the kept copy expires.
import assert from "node:assert/strict";
import { it } from "vitest";
import { FloodLimitSettings, KEPT_MS } from "../../src/storage/repositories/flood-limit-settings.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("flood limit settings", (getDb) => {
  it("keeps a community's limits, shows this process's changes at once and others' after a few seconds", async () => {
    const database = getDb();
    const { db } = database;
    let now = 1_000_000;
    const settings = new FloodLimitSettings(database, () => now);
    const { id: communityId } = await db.community.create({ data: { name: "Kallio" } });

    assert.deepEqual([...(await settings.of(communityId))], []);
    await settings.set(communityId, "requests", 3);
    assert.deepEqual([...(await settings.of(communityId))], [["requests", 3]]);

    // Another instance's change: the kept limits stand until they expire.
    await db.floodLimit.update({
      where: { communityId_kind: { communityId, kind: "requests" } },
      data: { maxCount: 7 },
    });
    assert.deepEqual([...(await settings.of(communityId))], [["requests", 3]]);
    now += KEPT_MS;
    assert.deepEqual([...(await settings.of(communityId))], [["requests", 7]]);

    await settings.reset(communityId, "requests");
    assert.deepEqual([...(await settings.of(communityId))], []);
  });

  it("forgets what was read while a change's transaction was open", async () => {
    const database = getDb();
    const { db } = database;
    const settings = new FloodLimitSettings(database, () => 0);
    const { id: communityId } = await db.community.create({ data: { name: "Vallila" } });
    await db.$transaction(async (tx) => {
      await settings.set(communityId, "requests", 2, tx);
    });
    // Read as if during the transaction: the old limits are kept.
    await db.floodLimit.deleteMany({ where: { communityId } });
    await settings.of(communityId);
    await db.floodLimit.create({ data: { communityId, kind: "requests", maxCount: 2 } });
    assert.deepEqual([...(await settings.of(communityId))], []);
    settings.forget(communityId);
    assert.deepEqual([...(await settings.of(communityId))], [["requests", 2]]);
  });
});
