// The server secret: from TALKOOT_SECRET, required in production, else made
// once and kept beside the SQLite database (owner-only), never printed.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, it } from "vitest";
import { ConfigError, loadConfig, secretsOf } from "../src/config.js";
import { SECRET_FILE_NAME, secretFileFor, serverSecret } from "../src/server-secret.js";

describe("server secret", () => {
  const dir = mkdtempSync(join(tmpdir(), "talkoot-secret-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is required when NODE_ENV=production, and the error does not echo a short one", () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: "production" }),
      (error: unknown) => error instanceof ConfigError && /TALKOOT_SECRET is required/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ TALKOOT_SECRET: "too-short-secret" }),
      (error: unknown) =>
        error instanceof ConfigError && /TALKOOT_SECRET/.test(error.message) && !/too-short/.test(error.message),
    );
    const secret = "k7Qp2vR9".repeat(5); // not "xxx…", which the start names a placeholder
    const config = loadConfig({ NODE_ENV: "production", TALKOOT_SECRET: secret });
    assert.equal(serverSecret(config).value, secret);
    assert.ok(secretsOf(config).includes(secret), "redacted from every log line");
  });

  it("is made once beside the SQLite file, readable only by its owner, and the same after a restart", () => {
    const config = loadConfig({ DATABASE_URL: `file:${join(dir, "talkoot.db")}` });
    const first = serverSecret(config);
    assert.deepEqual(first.source, { file: join(dir, SECRET_FILE_NAME), created: true });
    assert.match(first.value, /^[0-9a-f]{64}$/);
    assert.equal(statSync(join(dir, SECRET_FILE_NAME)).mode & 0o077, 0);
    const again = serverSecret(config);
    assert.equal(again.value, first.value);
    assert.deepEqual(again.source, { file: join(dir, SECRET_FILE_NAME), created: false });
    assert.equal(readFileSync(join(dir, SECRET_FILE_NAME), "utf8").trim(), first.value);
  });

  it("lives in ./data for PostgreSQL and the default database", () => {
    assert.equal(secretFileFor("file:./data/talkoot.db"), join("data", SECRET_FILE_NAME));
    assert.equal(secretFileFor("postgresql://u@h:5432/db?schema=s"), join("data", SECRET_FILE_NAME));
  });
});
