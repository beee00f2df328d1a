// Which failures mean "the database does not answer now" (the router then
// leaves the event for redelivery), from real errors of the real drivers:
// PostgreSQL refused or cut away behind a proxy, SQLite held by another
// writer past its busy timeout; and failures that must stay errors.
import assert from "node:assert/strict";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import Sqlite from "better-sqlite3";
import { it } from "vitest";
import { openDatabase } from "../../src/storage/database.js";
import { PrismaClient as SqliteClient } from "../../src/storage/generated/sqlite/client.js";
import { isStorageOutage } from "../../src/storage/storage-outage.js";
import { forEachDatabase } from "../support/databases.js";
import { proxyInFrontOf } from "../support/tcp-proxy.js";

/** The error `work` fails with (it must fail). */
async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  assert.fail("expected a failure");
}

forEachDatabase("storage outage classification", (getDatabase, provider) => {
  it("calls a unique violation, a missing table and a bug errors, not an outage", async () => {
    const { db } = getDatabase();
    const now = new Date();
    await db.processedEvent.create({ data: { id: "outage:unique", processedAt: now } });
    const unique = await failureOf(() => db.processedEvent.create({ data: { id: "outage:unique", processedAt: now } }));
    assert.equal(isStorageOutage(unique), false);
    const missing = await failureOf(() => db.$queryRawUnsafe("SELECT * FROM no_such_table_here"));
    assert.equal(isStorageOutage(missing), false);
    const inTransaction = await failureOf(() =>
      db.$transaction(async () => {
        throw new TypeError("a bug inside a transaction");
      }),
    );
    assert.equal(isStorageOutage(inTransaction), false);
  });

  if (provider === "postgresql") {
    it("calls a server nobody listens on, and a connection cut in and out of a transaction, an outage", async () => {
      const refused = await openDatabase("postgresql://postgres@127.0.0.1:1/test?schema=down");
      try {
        assert.equal(isStorageOutage(await failureOf(() => refused.db.processedEvent.findMany())), true);
        assert.equal(
          isStorageOutage(await failureOf(() => refused.db.$transaction(async (tx) => tx.processedEvent.count()))),
          true,
        );
      } finally {
        await refused.close().catch(() => undefined);
      }

      const { proxy, url } = await proxyInFrontOf(getDatabase().url);
      const cut = await openDatabase(url);
      try {
        await cut.db.processedEvent.count();
        // Cut inside a transaction, between two of its queries (a handler's writes).
        const inside = await failureOf(() =>
          cut.db.$transaction(async (tx) => {
            await tx.processedEvent.count();
            proxy.pause();
            await tx.processedEvent.create({ data: { id: "outage:cut", processedAt: new Date() } });
          }),
        );
        assert.equal(isStorageOutage(inside), true, String(inside));
        // While cut: a query on a connection that died, and one that cannot connect.
        assert.equal(isStorageOutage(await failureOf(() => cut.db.processedEvent.count())), true);
        assert.equal(isStorageOutage(await failureOf(() => cut.db.processedEvent.count())), true);
        proxy.resume();
        await cut.db.processedEvent.count();
        assert.equal(await getDatabase().db.processedEvent.count({ where: { id: "outage:cut" } }), 0);
      } finally {
        // The client first: the proxy's close waits for its connections to end.
        await cut.close().catch(() => undefined);
        await proxy.close();
      }
    });
  }

  if (provider === "sqlite") {
    it("calls a file held by another writer past the busy timeout an outage", async () => {
      const file = new URL(getDatabase().url.replace(/^file:/, "file://")).pathname;
      const holder = new Sqlite(file);
      // A second client that gives up after 50 ms instead of the app's 10 s.
      const impatient = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: file, timeout: 50 }) });
      try {
        holder.exec("BEGIN IMMEDIATE");
        const write = await failureOf(() =>
          impatient.processedEvent.create({ data: { id: "outage:busy", processedAt: new Date() } }),
        );
        assert.equal(isStorageOutage(write), true, String(write));
        const inTransaction = await failureOf(() =>
          impatient.$transaction(async (tx) => tx.$executeRawUnsafe(`DELETE FROM "ProcessedEvent"`)),
        );
        assert.equal(isStorageOutage(inTransaction), true, String(inTransaction));
      } finally {
        holder.exec("ROLLBACK");
        holder.close();
        await impatient.$disconnect();
      }
    });
  }
});

it("follows causes, and knows node-postgres's and SQLite's codes without Prisma around them", () => {
  const reset = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read", errno: -104 });
  assert.equal(isStorageOutage(new Error("while voting", { cause: reset })), true);
  // The server is shutting down (pg_ctlcluster stop) or not yet up.
  const shutdown = Object.assign(new Error("terminating connection due to administrator command"), {
    code: "57P01",
    severity: "FATAL",
  });
  assert.equal(isStorageOutage(shutdown), true);
  assert.equal(isStorageOutage(Object.assign(new Error("disk I/O error"), { code: "SQLITE_IOERR_WRITE" })), true);
  // A syntax error is the query's fault, whatever wraps it.
  const syntax = Object.assign(new Error('syntax error at or near "SELEC"'), { code: "42601", severity: "ERROR" });
  assert.equal(isStorageOutage(new Error("wrapped", { cause: syntax })), false);
  assert.equal(isStorageOutage(Object.assign(new Error("constraint"), { code: "SQLITE_CONSTRAINT_UNIQUE" })), false);
  assert.equal(isStorageOutage(undefined), false);
  assert.equal(isStorageOutage("Connection terminated unexpectedly"), false);
});
