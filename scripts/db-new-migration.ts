// Authors a new migration for both providers from the change to
// prisma/models.prisma: `npm run db:new-migration -- <name>`.
// Each provider keeps a snapshot of the schema its last migration produced, so
// `prisma migrate diff` can write the step's SQL with no shadow database.
// The PostgreSQL diff connects to PRISMA_CLI_PG_URL (default: local `test`),
// changing nothing there.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDERS, writeSchemas } from "./db-schemas.js";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]+/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:new-migration -- <name>");
  process.exit(2);
}
const root = new URL("..", import.meta.url).pathname;
writeSchemas();
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

for (const provider of PROVIDERS) {
  const dir = join(root, "prisma/migrations", provider);
  const snapshot = join(dir, "schema.snapshot.prisma");
  const schema = join(root, "prisma", provider, "schema.prisma");
  const from = existsSync(snapshot) ? ["--from-schema-datamodel", snapshot] : ["--from-empty"];
  const sql = execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--config",
      `prisma/${provider}.config.ts`,
      ...from,
      "--to-schema-datamodel",
      schema,
      "--script",
    ],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (!/^\s*[A-Z]/m.test(sql.replace(/^--.*$/gm, ""))) {
    console.log(`${provider}: no change`);
    continue;
  }
  const target = join(dir, `${stamp}_${name}`);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, "migration.sql"), sql);
  writeFileSync(join(dir, "migration_lock.toml"), `provider = "${provider}"\n`);
  copyFileSync(schema, snapshot);
  console.log(`${provider}: wrote ${target}/migration.sql`);
}
