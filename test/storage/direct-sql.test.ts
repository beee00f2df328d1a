// The direct statements' contract, on SQLite and PostgreSQL: what they write
// reads back through Prisma as Prisma wrote it and the other way round
// (timestamps, booleans, integers); a transaction commits whole or not at
// all; on SQLite, Prisma's queries wait for it or, made inside it, join it;
// every statement is reported to the observer.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/storage/database.js";
import { flagOf, timeOf } from "../../src/storage/direct-sql.js";
import { isStorageOutage } from "../../src/storage/storage-outage.js";
import { forEachDatabase } from "../support/databases.js";

forEachDatabase("direct statements", (getDatabase, provider) => {
  let database: Database;
  const seen: string[] = [];
  let communityId: string;

  beforeAll(async () => {
    // A second handle on the same database, with an observer on its statements.
    database = await openDatabase(getDatabase().url, { observeStatement: (sql) => seen.push(sql) });
    communityId = (await database.db.community.create({ data: { name: "Kallio" } })).id;
  });
  afterAll(() => database.close());

  const table = (name: string) => database.direct.dialect.table(name);
  const p = (n: number) => database.direct.dialect.param(n);

  it("writes timestamps, booleans and integers as Prisma reads them, and reads Prisma's back", async () => {
    const at = new Date("2026-12-06T21:09:18.356Z");
    const person = (await database.db.person.create({ data: { displayName: "Aino" } })).id;
    const id = randomUUID();
    const inserted = await database.direct.execute(
      `INSERT INTO ${table("Membership")} ("id", "communityId", "personId", "role", "remindersOff", "createdAt", "updatedAt")
       VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)})`,
      [id, communityId, person, "member", true, at, at],
    );
    expect(inserted).toBe(1);
    const byPrisma = await database.db.membership.findUniqueOrThrow({ where: { id } });
    expect(byPrisma.remindersOff).toBe(true);
    expect(byPrisma.createdAt.toISOString()).toBe(at.toISOString());

    await database.db.membership.update({
      where: { id },
      data: { remindersOff: false, updatedAt: new Date(at.getTime() + 1) },
    });
    const [row] = await database.direct.query<{ remindersOff: unknown; updatedAt: unknown; count: unknown }>(
      `SELECT "remindersOff", "updatedAt", (SELECT COUNT(*) FROM ${table("Membership")}) AS "count"
         FROM ${table("Membership")} WHERE "id" = ${p(1)}`,
      [id],
    );
    expect(flagOf(row!.remindersOff)).toBe(false);
    expect(timeOf(row!.updatedAt).getTime()).toBe(at.getTime() + 1);
    expect(row!.count).toBe(1);
    // A timestamp compares equal to the same instant written by Prisma (the event ledger relies on it).
    const matched = await database.direct.query(`SELECT "id" FROM ${table("Membership")} WHERE "updatedAt" = ${p(1)}`, [
      new Date(at.getTime() + 1),
    ]);
    expect(matched).toHaveLength(1);
  });

  it("commits a transaction whole, and rolls it back whole when its work throws", async () => {
    const kept = randomUUID();
    const lost = randomUUID();
    const insert = `INSERT INTO ${table("Person")} ("id", "displayName", "createdAt") VALUES (${p(1)}, ${p(2)}, ${p(3)})`;
    await database.direct.transaction(async (tx) => {
      await tx.execute(insert, [kept, "Kept", new Date()]);
    });
    await expect(
      database.direct.transaction(async (tx) => {
        await tx.execute(insert, [lost, "Lost", new Date()]);
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    expect(await database.db.person.count({ where: { id: { in: [kept, lost] } } })).toBe(1);
    // A statement that fails inside rolls the rest back too.
    await expect(
      database.direct.transaction(async (tx) => {
        await tx.execute(insert, [lost, "Lost", new Date()]);
        await tx.execute(insert, [kept, "Duplicate", new Date()]);
      }),
    ).rejects.toThrow();
    expect(await database.db.person.findUnique({ where: { id: lost } })).toBeNull();
  });

  it("reports every statement, with its transaction's BEGIN and COMMIT", async () => {
    seen.length = 0;
    await database.direct.transaction(async (tx) => {
      await tx.query(`SELECT 1 AS "one"`);
    });
    expect(seen[0]).toMatch(/^BEGIN/);
    expect(seen[1]).toBe(`SELECT 1 AS "one"`);
    expect(seen[2]).toBe("COMMIT");
  });

  describe.runIf(provider === "postgresql")("on PostgreSQL's pool", () => {
    it("fails a transaction whose connection is cut as an outage, and goes on with a new connection", async () => {
      await expect(
        database.direct.transaction(async (tx) => {
          const [{ pid }] = (await tx.query<{ pid: number }>(`SELECT pg_backend_pid() AS "pid"`)) as [{ pid: number }];
          // Another connection ends this one, as a restart or a network cut would.
          await getDatabase().db.$queryRawUnsafe(`SELECT pg_terminate_backend(${Number(pid)})`);
          await tx.query(`SELECT 1 AS "one"`);
        }),
      ).rejects.toSatisfy(isStorageOutage);
      expect(await database.direct.query(`SELECT 1 AS "one"`)).toEqual([{ one: 1 }]);
    });
  });

  describe.runIf(provider === "sqlite")("on SQLite's one connection, in turn", () => {
    it("runs a statement issued while transactions are open or queued after them, never inside one", async () => {
      const insert = `INSERT INTO ${table("Person")} ("id", "displayName", "createdAt") VALUES (${p(1)}, ${p(2)}, ${p(3)})`;
      const plain = randomUUID();
      const inB = randomUUID();
      let releaseA: () => void = () => undefined;
      const aHeld = new Promise<void>((resolve) => {
        releaseA = resolve;
      });
      const a = database.direct.transaction(async () => {
        await aHeld;
        throw new Error("A rolls back");
      });
      // Issued while A is open: it waits; B is queued behind A before it may run.
      const statement = database.direct.execute(insert, [plain, "Plain", new Date()]);
      const b = database.direct.transaction(async (tx) => {
        await tx.execute(insert, [inB, "In B", new Date()]);
        throw new Error("B rolls back");
      });
      releaseA();
      await expect(a).rejects.toThrow("A rolls back");
      await expect(b).rejects.toThrow("B rolls back");
      expect(await statement).toBe(1);
      expect(await database.db.person.findUnique({ where: { id: plain } })).not.toBeNull();
      expect(await database.db.person.findUnique({ where: { id: inB } })).toBeNull();
    });
  });

  describe.runIf(provider === "sqlite")("on SQLite's one connection", () => {
    it("runs Prisma's queries made inside a direct transaction in it, and holds the others until it ends", async () => {
      const inside = randomUUID();
      const outside = randomUUID();
      // Set up outside the transaction, started from inside it: it must not
      // land in the transaction (and vanish with its rollback).
      let go: () => void = () => undefined;
      const outsideDone = new Promise<void>((resolve) => {
        go = resolve;
      }).then(() => database.db.person.create({ data: { id: outside, displayName: "Outside" } }));
      await expect(
        database.direct.transaction(async () => {
          await database.db.person.create({ data: { id: inside, displayName: "Inside" } });
          go();
          await new Promise((resolve) => setImmediate(resolve));
          throw new Error("roll back");
        }),
      ).rejects.toThrow("roll back");
      await outsideDone;
      expect(await database.db.person.findUnique({ where: { id: inside } })).toBeNull();
      expect(await database.db.person.findUnique({ where: { id: outside } })).not.toBeNull();
    });
  });
});
