// The inbox is written for every update a platform sends: a batch of a
// hundred is one statement, a handled update one more, and the updates
// handled within a few tens of milliseconds one together (issue 16; Prisma's
// emulated upsert made it three to five statements an update).
import { expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { StoredUpdateInbox } from "../../src/storage/repositories/update-inbox.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("update inbox statements", (getDatabase) => {
  it("keeps a batch of 100 in one statement, a redelivered batch changes nothing, and clears one in one", async () => {
    const statements: string[] = [];
    const observed = await openDatabase(getDatabase().url, { observeStatement: (sql) => statements.push(sql) });
    try {
      const inbox = new StoredUpdateInbox(observed);
      const batch = Array.from({ length: 100 }, (_, i) => ({
        id: String(500 + i),
        payload: `{"update_id":${500 + i}}`,
      }));
      // The connection's own set-up (SQLite's PRAGMA) is not the inbox's.
      await observed.ping();
      statements.length = 0;
      await inbox.keep("telegram", batch);
      expect(statements).toHaveLength(1);
      // A redelivery keeps the first copy and stores no second.
      await inbox.keep("telegram", [{ id: "500", payload: "changed" }]);
      statements.length = 0;
      await inbox.done("telegram", "501");
      expect(statements).toHaveLength(1);
      const waiting = await inbox.waiting("telegram");
      expect(waiting).toHaveLength(99);
      expect(waiting.find((entry) => entry.id === "500")?.payload).toBe('{"update_id":500}');
      // Updates handled together leave together, in one statement.
      statements.length = 0;
      await Promise.all(Array.from({ length: 40 }, (_, i) => inbox.done("telegram", String(510 + i))));
      expect(statements).toHaveLength(1);
      expect(await inbox.waiting("telegram")).toHaveLength(59);
    } finally {
      await observed.close();
    }
  });
});
