// The fault suite (`npm run test:faults`): real bot processes killed at seeded
// random moments, on SQLite and PostgreSQL. Not part of `npm test`: one file
// at a time, since each drives a child process, and long timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/faults/**/*.faults.ts"],
    globalSetup: ["test/support/postgres-global-setup.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 30 * 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? "silent" },
  },
});
