// Applies pending migrations with no network, on SQLite and PostgreSQL alike.
//
// Why not `prisma migrate deploy`: offline, Prisma 6's WASM schema engine cannot
// introspect PostgreSQL (prisma/orm#27403), and launching the CLI at start-up
// is slow. This runner applies prisma/migrations/<provider>/<name>/migration.sql
// in order, each in a transaction, and records it in `_prisma_migrations`
// exactly as Prisma does (sha256 checksum of the file, ISO timestamps), so that
// `prisma migrate deploy` on a connected machine agrees with what it did.
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { projectPath } from "../project-root.js";
import { type DatabaseTarget, type Provider, parseDatabaseUrl } from "./database-url.js";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const MIGRATIONS_ROOT = projectPath("prisma", "migrations");
/** Prisma takes the same advisory lock, so the two never migrate at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

export function loadMigrations(provider: Provider, root = MIGRATIONS_ROOT): Migration[] {
  const dir = join(root, provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's own SQLite format: ISO 8601 with an explicit offset. */
function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

function pending(all: Migration[], done: Map<string, string>): Migration[] {
  for (const migration of all) {
    const checksum = done.get(migration.name);
    if (checksum !== undefined && checksum !== migration.checksum) {
      throw new Error(`migration ${migration.name} was changed after it was applied (checksum differs)`);
    }
  }
  return all.filter((migration) => !done.has(migration.name));
}

// Each driver is imported only for its own provider: a bot on SQLite never
// loads pg (about 3 MB of heap and native buffers), nor one on PostgreSQL better-sqlite3.
async function migrateSqlite(target: DatabaseTarget, migrations: Migration[]): Promise<MigrationResult> {
  if (target.location !== ":memory:") mkdirSync(dirname(target.location), { recursive: true });
  const { default: Sqlite } = await import("better-sqlite3");
  const db = new Sqlite(target.location);
  try {
    db.pragma("busy_timeout = 5000");
    // WAL is a property of the file: readers no longer wait for writers, for
    // every connection that opens it later.
    if (target.location !== ":memory:") db.pragma("journal_mode = WAL");
    db.exec(SQLITE_TABLE);
    // BEGIN IMMEDIATE takes the write lock first, so two starting processes
    // cannot both decide the same migration is pending.
    const run = db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
        .all() as { migration_name: string; checksum: string }[];
      const todo = pending(migrations, new Map(rows.map((r) => [r.migration_name, r.checksum])));
      for (const migration of todo) {
        const started = sqliteTimestamp(new Date());
        db.exec(migration.sql);
        db.prepare(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
        ).run(randomUUID(), migration.checksum, sqliteTimestamp(new Date()), migration.name, started);
      }
      return { applied: todo.map((m) => m.name), alreadyApplied: migrations.length - todo.length };
    });
    return run.immediate();
  } finally {
    db.close();
  }
}

async function migratePostgres(target: DatabaseTarget, migrations: Migration[]): Promise<MigrationResult> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: target.location });
  await client.connect();
  try {
    const schema = `"${target.schema.replace(/"/g, '""')}"`;
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`SET LOCAL search_path TO ${schema}`);
    await client.query(POSTGRES_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const todo = pending(migrations, new Map(rows.map((r) => [r.migration_name, r.checksum])));
    for (const migration of todo) {
      const started = new Date();
      await client.query(migration.sql);
      await client.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
        [randomUUID(), migration.checksum, migration.name, started],
      );
    }
    await client.query("COMMIT");
    return { applied: todo.map((m) => m.name), alreadyApplied: migrations.length - todo.length };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

/** Applies every pending migration; a second run applies none. */
export async function migrate(databaseUrl: string, root = MIGRATIONS_ROOT): Promise<MigrationResult> {
  const target = parseDatabaseUrl(databaseUrl);
  const migrations = loadMigrations(target.provider, root);
  return target.provider === "sqlite" ? migrateSqlite(target, migrations) : migratePostgres(target, migrations);
}
