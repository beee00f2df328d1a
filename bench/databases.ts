// The databases a benchmark runs on: a fresh SQLite file, or a fresh schema in
// the local PostgreSQL, each counted from outside the bot and dropped after.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import pg from "pg";

export interface BenchDatabase {
  url: string;
  count(): Promise<{ votes: number; people: number }>;
  drop(): Promise<void>;
}

export function sqliteDatabase(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), "talkoot-votes-"));
  const file = join(dir, "bench.db");
  return {
    url: `file:${file}`,
    async count() {
      const db = new Sqlite(file, { readonly: true });
      try {
        return db.prepare(`SELECT COUNT(*) AS votes, COUNT(DISTINCT "personId") AS people FROM "Vote"`).get() as {
          votes: number;
          people: number;
        };
      } finally {
        db.close();
      }
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL bench database, readable from outside the bot. */
export interface PostgresBenchDatabase extends BenchDatabase {
  schema: string;
  query<T>(sql: string): Promise<T[]>;
}

/** A fresh schema in BENCH_PG_URL (default: the local `test` database), dropped afterwards. */
export function postgresDatabase(): PostgresBenchDatabase {
  const base = new URL(process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
  const schema = `bench_${randomUUID().slice(0, 8)}`;
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: base.toString() });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };
  return {
    url: url.toString(),
    schema,
    query,
    async count() {
      const [row] = await query<{ votes: string; people: string }>(
        `SELECT COUNT(*) AS votes, COUNT(DISTINCT "personId") AS people FROM "${schema}"."Vote"`,
      );
      return { votes: Number(row?.votes ?? 0), people: Number(row?.people ?? 0) };
    },
    async drop() {
      await query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}
