// The one row lock: a column read under it, and read-modify-write changes to
// one row that queue behind each other instead of losing updates.
import assert from "node:assert/strict";
import { it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { inTransaction, lockRow } from "../../src/storage/row-lock.js";
import { forEachDatabase } from "../support/databases.js";

async function outboxRow(database: Database): Promise<number> {
  const row = await database.db.outboxMessage.create({
    data: { destination: "memory:1", platform: "memory", message: "{}", purpose: "test", nextAttemptAt: new Date() },
  });
  return row.id;
}

forEachDatabase("row lock", (getDatabase) => {
  it("reads a column under the lock, and nothing for a missing row", async () => {
    const database = getDatabase();
    const id = await outboxRow(database);
    const read = await inTransaction(database, async (tx) => ({
      status: await lockRow<string>(database, tx, { table: "OutboxMessage", id, read: "status", mode: "FOR UPDATE" }),
      missing: await lockRow<string>(database, tx, {
        table: "OutboxMessage",
        id: id + 1000,
        read: "status",
        mode: "FOR SHARE",
      }),
    }));
    assert.deepEqual(read, { status: "pending", missing: undefined });
  });

  it("makes concurrent read-modify-write changes of one row queue up", async () => {
    const database = getDatabase();
    const id = await outboxRow(database);
    await Promise.all(
      Array.from({ length: 8 }, () =>
        inTransaction(database, async (tx) => {
          const attempts = await lockRow<number>(database, tx, {
            table: "OutboxMessage",
            id,
            read: "attempts",
            mode: "FOR UPDATE",
          });
          await new Promise((resolve) => setTimeout(resolve, 5));
          await tx.outboxMessage.update({ where: { id }, data: { attempts: Number(attempts) + 1 } });
        }),
      ),
    );
    const row = await database.db.outboxMessage.findUniqueOrThrow({ where: { id } });
    assert.equal(row.attempts, 8);
  });
});
