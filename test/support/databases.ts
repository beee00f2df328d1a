// Every test that touches data runs on SQLite and on PostgreSQL, each on a
// fresh, migrated database: a temp file for SQLite, a new schema for
// PostgreSQL (TEST_DATABASE_URL, else the local `test` database, else an
// embedded server: see postgres-global-setup.ts).
//
//   forEachDatabase("tasks", (getDb) => { it("...", async () => { const { db } = getDb(); … }) });
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { type Database, openDatabase } from "../../src/storage/database.js";
import type { Provider } from "../../src/storage/database-url.js";
import { migrate } from "../../src/storage/migrations.js";

/** The PostgreSQL this run uses: chosen once by test/support/postgres-global-setup.ts. */
export const POSTGRES_TEST_URL = inject("postgresUrl");

export interface TestDatabase {
  url: string;
  provider: Provider;
  /** Drops the schema or deletes the file. */
  destroy(): Promise<void>;
}

/** A fresh, empty (unmigrated) database of the given kind. */
export async function freshDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "talkoot-test-"));
    return {
      url: `file:${join(dir, "test.db")}`,
      provider,
      destroy: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const url = new URL(POSTGRES_TEST_URL);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    provider,
    destroy: async () => {
      const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh database with every migration applied, and an open client. */
export async function migratedDatabase(provider: Provider): Promise<{ database: Database; fresh: TestDatabase }> {
  const fresh = await freshDatabase(provider);
  await migrate(fresh.url);
  return { database: await openDatabase(fresh.url), fresh };
}

export const TEST_PROVIDERS: Provider[] = ["sqlite", "postgresql"];

/**
 * Declares `body` once per database under a describe named "<name> [sqlite]"
 * and "<name> [postgresql]". The database is created before the suite and
 * dropped after it; `get()` returns it inside tests.
 */
export function forEachDatabase(name: string, body: (get: () => Database, provider: Provider) => void): void {
  for (const provider of TEST_PROVIDERS) {
    describe(`${name} [${provider}]`, () => {
      let database: Database | undefined;
      let fresh: TestDatabase | undefined;
      beforeAll(async () => {
        ({ database, fresh } = await migratedDatabase(provider));
      });
      afterAll(async () => {
        await database?.close();
        await fresh?.destroy();
      });
      body(() => {
        if (!database) throw new Error("database not ready");
        return database;
      }, provider);
    });
  }
}
