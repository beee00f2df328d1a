// A message's buttons are stored together: the ids asked for at once are one
// statement (issue 16: a routed card's four buttons were eight), and a second
// instance that draws the same buttons in the same place at the same moment
// gets the same ids, not a second set.
import { expect, it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { StoredActions } from "../../src/storage/repositories/stored-actions.js";
import { forEachDatabase } from "../support/databases.js";

const notLinked = { communityOf: async () => null };

forEachDatabase("stored actions", (getDatabase) => {
  it("stores a message's buttons in one statement, and two instances agree on their ids", async () => {
    const statements: string[] = [];
    const observed = await openDatabase(getDatabase().url, { observeStatement: (sql) => statements.push(sql) });
    try {
      await observed.ping();
      statements.length = 0;
      const place = { chatId: "mem:city", typed: false };
      const one = new StoredActions(observed, notLinked);
      const buttons = ["ack", "progress", "resolve", "notOurs"];
      const ids = await Promise.all(buttons.map((action) => one.store(action, ["7"], place)));
      expect(statements).toHaveLength(1);
      expect(new Set(ids).size).toBe(4);
      // Another instance (its own memo) drawing the same card, and a new button beside them.
      const other = new StoredActions(getDatabase(), notLinked);
      const again = await Promise.all([...buttons, "follow"].map((action) => other.store(action, ["7"], place)));
      expect(again.slice(0, 4)).toEqual(ids);
      expect(ids).not.toContain(again[4]);
      expect(await other.find(ids[0]!)).toMatchObject({ action: "ack", args: ["7"], chatId: "mem:city" });
      // Both instances at once, for a card nobody drew yet: one set of ids.
      const [first, second] = await Promise.all(
        [one, other].map((store) => Promise.all(buttons.map((action) => store.store(action, ["8"], place)))),
      );
      expect(second).toEqual(first);
    } finally {
      await observed.close();
    }
  });
});
