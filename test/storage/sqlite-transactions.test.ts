// On SQLite every query shares one connection, so a write issued while an
// interactive transaction is open elsewhere would join it, and vanish if it
// rolls back. The database layer holds plain queries until the open
// transaction ends. Checked on both providers: PostgreSQL's pool gives this
// isolation by itself.
import assert from "node:assert/strict";
import { it } from "vitest";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("transactions stay isolated", (getDatabase) => {
  it("a write outside a transaction survives that transaction's rollback", async () => {
    const { db } = getDatabase();
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const failing = db
      .$transaction(async (tx) => {
        await tx.lease.create({ data: { name: "inside", owner: "a", expiresAt: new Date() } });
        entered();
        await new Promise((resolve) => setTimeout(resolve, 50));
        throw new Error("roll back");
      })
      .catch((error: Error) => error.message);
    await inside;
    await db.lease.create({ data: { name: "outside", owner: "b", expiresAt: new Date() } });
    assert.equal(await failing, "roll back");
    const names = (await db.lease.findMany()).map((l) => l.name).sort();
    assert.deepEqual(names, ["outside"]);
    await db.lease.deleteMany();
  });

  it("concurrent transactions and plain queries all complete", async () => {
    const { db } = getDatabase();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? db.$transaction(async (tx) => {
              await tx.lease.create({ data: { name: `t${i}`, owner: "x", expiresAt: new Date() } });
            })
          : db.lease.create({ data: { name: `p${i}`, owner: "y", expiresAt: new Date() } }),
      ),
    );
    assert.equal(await db.lease.count(), 20);
    await db.lease.deleteMany();
  });
});
