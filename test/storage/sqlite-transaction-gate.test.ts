// The SQLite transaction gate: plain queries wait while a transaction is
// open, and a transaction starts only once the Prisma queries let through
// before it are done. A Prisma query reaches the one connection some turns
// after the gate let it through; a transaction begun meanwhile made Prisma's
// updateMany fail with "cannot start a transaction within a transaction"
// (seen in the Telegram reply-pace test on SQLite).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { TransactionGate } from "../../src/storage/sqlite-transaction-gate.js";
import { migratedDatabase, type TestDatabase } from "../support/databases.js";

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("the SQLite transaction gate", () => {
  it("starts a transaction only after the plain queries already let through are done", async () => {
    const gate = new TransactionGate();
    const order: string[] = [];
    const slow = deferred();
    const plain = gate.plain(async () => {
      order.push("plain starts");
      await slow.promise;
      order.push("plain ends");
    });
    await Promise.resolve();
    const transaction = gate.exclusive(async () => {
      order.push("transaction");
    });
    await new Promise((r) => setImmediate(r));
    // A plain query asked for now waits for the transaction, which waits for the first.
    const later = gate.plain(async () => {
      order.push("later plain");
    });
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual(["plain starts"]);
    slow.resolve();
    await Promise.all([plain, transaction, later]);
    expect(order).toEqual(["plain starts", "plain ends", "transaction", "later plain"]);
  });

  it("never runs a plain query that waited for one transaction inside the next", async () => {
    const gate = new TransactionGate();
    const first = deferred();
    let inSecond = false;
    const seen: string[] = [];
    const one = gate.exclusive(() => first.promise);
    await Promise.resolve();
    // Both wait for the first transaction; when it ends, they must not overlap.
    const plains = Array.from({ length: 5 }, (_, i) =>
      gate.plain(async () => {
        seen.push(inSecond ? `plain ${i} inside` : `plain ${i}`);
      }),
    );
    const two = gate.exclusive(async () => {
      inSecond = true;
      await new Promise((resolve) => setImmediate(resolve));
      inSecond = false;
    });
    first.resolve();
    await Promise.all([one, two, ...plains]);
    expect(seen.filter((entry) => entry.endsWith("inside"))).toEqual([]);
  });

  it("runs a transaction's own queries at once, uncounted", async () => {
    const gate = new TransactionGate();
    const seen = await gate.exclusive(async () => {
      const inner = await gate.plain(async () => "inner");
      // A transaction inside a transaction runs in it.
      const nested = await gate.exclusive(async () => "nested");
      return [inner, nested];
    });
    expect(seen).toEqual(["inner", "nested"]);
    // Nothing is left counted: the next transaction starts at once.
    expect(await gate.exclusive(async () => "next")).toBe("next");
  });
});

describe("Prisma's queries and the driver's transactions on one SQLite connection", () => {
  let fresh: TestDatabase;
  let database: Database;

  beforeAll(async () => {
    ({ database, fresh } = await migratedDatabase("sqlite"));
  });
  afterAll(async () => {
    await database.close();
    await fresh.destroy();
  });

  it("lets Prisma's updateMany finish before a driver transaction begins", async () => {
    const person = await database.db.person.create({ data: { displayName: "Aino" } });
    const id = `telegram:${randomUUID()}`;
    await database.db.identity.create({ data: { id, platform: "telegram", personId: person.id, displayName: "Aino" } });
    const { table, param } = database.direct.dialect;
    // The update is let through the gate first; the transaction's BEGIN used to run before it reached the connection.
    const update = database.db.identity
      .updateMany({ where: { id }, data: { directChatId: "telegram:1" } })
      .then((r) => r);
    for (let turn = 0; turn < 3; turn++) await Promise.resolve();
    const transaction = database.direct.transaction(async (tx) => {
      // Open until the update has settled, as a vote batch's transaction is while it decides:
      // the update either finished before the BEGIN or landed inside (and failed).
      await update.catch(() => undefined);
      return tx.execute(`UPDATE ${table("Person")} SET "displayName" = ${param(1)} WHERE "id" = ${param(2)}`, [
        "Aino K.",
        person.id,
      ]);
    });
    const [updated, renamed] = await Promise.all([update, transaction]);
    expect([updated.count, renamed]).toEqual([1, 1]);
  });
});
