// A transaction whose connection is cut gives its pool slot back: more cut
// transactions than the pool has connections, and the database still
// answers once it is reachable again (before, the pool ran dry for good).
import assert from "node:assert/strict";
import { it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { forEachDatabase } from "../support/databases.js";
import { proxyInFrontOf } from "../support/tcp-proxy.js";

forEachDatabase("transactions cut off from PostgreSQL", (getDatabase, provider) => {
  // SQLite is a file in the process; no connection of it can be cut.
  it.runIf(provider === "postgresql")("release their connections, so the pool recovers", async () => {
    const { proxy, url } = await proxyInFrontOf(getDatabase().url);
    const cut = await openDatabase(url);
    try {
      // The pool holds 10 connections (database.ts).
      for (let round = 0; round < 12; round++) {
        await assert.rejects(
          cut.db.$transaction(async (tx) => {
            await tx.processedEvent.count();
            proxy.pause();
            await tx.processedEvent.count();
          }),
        );
        proxy.resume();
        assert.equal(typeof (await cut.db.processedEvent.count()), "number");
      }
      await cut.db.$transaction(async (tx) => tx.processedEvent.count());
    } finally {
      await cut.close();
      await proxy.close();
    }
  });
});
