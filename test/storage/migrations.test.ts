import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import Sqlite from "better-sqlite3";
import { describe, it } from "vitest";
import { parseDatabaseUrl } from "../../src/storage/database-url.js";
import { loadMigrations, migrate } from "../../src/storage/migrations.js";
import { freshDatabase, TEST_PROVIDERS } from "../support/databases.js";

for (const provider of TEST_PROVIDERS) {
  describe(`migrations [${provider}]`, () => {
    it("applies every migration once, then reports nothing to do", async () => {
      const fresh = await freshDatabase(provider);
      try {
        const all = loadMigrations(provider);
        assert.ok(all.length > 0);
        const first = await migrate(fresh.url);
        assert.deepEqual(
          first.applied,
          all.map((m) => m.name),
        );
        const second = await migrate(fresh.url);
        assert.deepEqual(second.applied, []);
        assert.equal(second.alreadyApplied, all.length);
      } finally {
        await fresh.destroy();
      }
    });

    it("two instances migrating at once apply each migration once", async () => {
      const fresh = await freshDatabase(provider);
      try {
        const results = await Promise.all([migrate(fresh.url), migrate(fresh.url)]);
        const applied = results.flatMap((r) => r.applied);
        assert.equal(applied.length, loadMigrations(provider).length);
      } finally {
        await fresh.destroy();
      }
    });
  });
}

describe("migrations agree with Prisma's own records [sqlite]", () => {
  it("`prisma migrate deploy` finds nothing pending after our runner", async () => {
    const fresh = await freshDatabase("sqlite");
    try {
      await migrate(fresh.url);
      const out = execFileSync("npx", ["prisma", "migrate", "deploy", "--config", "prisma/sqlite.config.ts"], {
        env: { ...process.env, PRISMA_CLI_SQLITE_URL: fresh.url },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      assert.match(out, /No pending migrations to apply/);
      const db = new Sqlite(parseDatabaseUrl(fresh.url).location);
      const rows = db.prepare(`SELECT migration_name, applied_steps_count FROM "_prisma_migrations"`).all();
      db.close();
      assert.equal(rows.length, loadMigrations("sqlite").length);
    } finally {
      await fresh.destroy();
    }
  });
});
