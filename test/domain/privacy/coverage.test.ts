// Every table of the schema is either covered by some feature's person part
// (exported by /mydata, erased by /forgetme) or declared impersonal, never
// both and never neither: a new table cannot be forgotten by the privacy rights.
import assert from "node:assert/strict";
import { it } from "vitest";
import { IMPERSONAL_TABLES } from "../../../src/domain/privacy/impersonal-tables.js";
import { Prisma } from "../../../src/storage/generated/sqlite/client.js";
import { forEachDatabase } from "../../support/databases.js";
import { startTestApp } from "../../support/test-app.js";

forEachDatabase("privacy coverage", (getDatabase) => {
  it("names every table once: covered by a person part, or impersonal", async () => {
    const { app, close } = await startTestApp(getDatabase().url, { console: false });
    try {
      const covered = app.modules.privacy.data.coveredTables();
      const impersonal = Object.keys(IMPERSONAL_TABLES);
      const both = covered.filter((table) => impersonal.includes(table));
      assert.deepEqual(both, [], "a table is either personal or not");
      assert.equal(new Set(covered).size, covered.length, "each table has one owner");
      assert.deepEqual([...covered, ...impersonal].sort(), Object.values(Prisma.ModelName).sort());
    } finally {
      await close();
    }
  });
});
