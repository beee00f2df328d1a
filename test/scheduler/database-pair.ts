// Two independent clients on one fresh, migrated database, as two instances
// of the bot would have. Declared once per provider, like forEachDatabase.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe } from "vitest";
import { createLogger, type Logger } from "../../src/core/logger.js";
import { type Database, openDatabase } from "../../src/storage/database.js";
import type { Provider } from "../../src/storage/database-url.js";
import { migratedDatabase, TEST_PROVIDERS, type TestDatabase } from "../support/databases.js";

export interface DatabasePair {
  first: Database;
  second: Database;
  url: string;
}

export function forEachDatabasePair(name: string, body: (get: () => DatabasePair, provider: Provider) => void): void {
  for (const provider of TEST_PROVIDERS) {
    describe(`${name} [${provider}]`, () => {
      let pair: DatabasePair | undefined;
      let fresh: TestDatabase | undefined;
      beforeAll(async () => {
        const migrated = await migratedDatabase(provider);
        fresh = migrated.fresh;
        pair = { first: migrated.database, second: await openDatabase(fresh.url), url: fresh.url };
      });
      afterAll(async () => {
        await pair?.first.close();
        await pair?.second.close();
        await fresh?.destroy();
      });
      body(() => {
        if (!pair) throw new Error("databases not ready");
        return pair;
      }, provider);
    });
  }
}

/** A pino logger whose JSON lines tests can read. */
export function capturingLogger(level = "info"): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level, destination: stream });
  return {
    logger,
    lines: () =>
      chunks
        .join("")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** A logger for tests that do not read the logs. */
export const quietLogger: Logger = createLogger({ level: "silent" });
