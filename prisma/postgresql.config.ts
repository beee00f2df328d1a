// Prisma CLI config for the PostgreSQL schema. Used for `migrate diff` only (it
// connects, though it changes nothing; PRISMA_CLI_PG_URL):
// the WASM engine cannot introspect PostgreSQL yet (prisma/orm#27403), so
// migrations are applied by src/storage/migrations.ts instead.
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "postgresql/schema.prisma",
  migrations: { path: "migrations/postgresql" },
  adapter: async () =>
    new PrismaPg({
      connectionString: process.env.PRISMA_CLI_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test",
    }),
});
