// Prisma CLI config for the SQLite schema. The WASM schema engine ("js")
// runs with no network; see PLATFORMS.md. Only the CLI uses this file.
import { mkdirSync } from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "sqlite/schema.prisma",
  migrations: { path: "migrations/sqlite" },
  adapter: async () => {
    mkdirSync("data", { recursive: true });
    return new PrismaBetterSQLite3({ url: process.env.PRISMA_CLI_SQLITE_URL ?? "file:./data/prisma-cli.db" });
  },
});
