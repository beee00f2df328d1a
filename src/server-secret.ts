// The server secret: keys that must not be derivable from the database alone
// (anonymous poll ballots) come from it. TALKOOT_SECRET when set (required
// when NODE_ENV=production, see config.ts). Otherwise, for local use, one is
// generated once and kept in a file that only the owner can read: beside the
// SQLite database (./data/talkoot.secret by default), or ./data/talkoot.secret
// with PostgreSQL. The value is never logged.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Config } from "./config.js";
import { parseDatabaseUrl } from "./storage/database-url.js";

export const SECRET_FILE_NAME = "talkoot.secret";

export interface ServerSecret {
  value: string;
  /** Where it came from, for the start-up log: never the value. */
  source: "TALKOOT_SECRET" | { file: string; created: boolean };
}

export function serverSecret(config: Pick<Config, "TALKOOT_SECRET" | "DATABASE_URL">): ServerSecret {
  if (config.TALKOOT_SECRET) return { value: config.TALKOOT_SECRET, source: "TALKOOT_SECRET" };
  const file = secretFileFor(config.DATABASE_URL);
  mkdirSync(dirname(file), { recursive: true });
  const generated = randomBytes(32).toString("hex");
  try {
    // "wx": two processes starting at once both end up with the first one's secret.
    writeFileSync(file, `${generated}\n`, { flag: "wx", mode: 0o600 });
    return { value: generated, source: { file, created: true } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const kept = readFileSync(file, "utf8").trim();
  if (kept.length < 32) throw new Error(`${file} holds no usable secret; remove it to make a new one`);
  return { value: kept, source: { file, created: false } };
}

/** Beside the SQLite file; ./data for PostgreSQL and in-memory SQLite. */
export function secretFileFor(databaseUrl: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  const path = target.location.split("?")[0] ?? "";
  if (target.provider === "sqlite" && path !== ":memory:" && path !== "") return join(dirname(path), SECRET_FILE_NAME);
  return join("data", SECRET_FILE_NAME);
}
