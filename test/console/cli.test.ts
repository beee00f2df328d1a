// `npm start` as a person runs it: piped stdin, real process, real database.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "vitest";
import { freshDatabase, TEST_PROVIDERS } from "../support/databases.js";

const root = new URL("../..", import.meta.url).pathname;

function start(env: Record<string, string>, input = "") {
  return spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    input,
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    timeout: 60_000,
  });
}

for (const provider of TEST_PROVIDERS) {
  describe(`console through npm start [${provider}]`, () => {
    it("prints the English help, then the Finnish help, and exits 0", async () => {
      const fresh = await freshDatabase(provider);
      try {
        const run = start({ DATABASE_URL: fresh.url }, ":as alice\n/setup community Kallio\n/help\n/lang fi\n/help\n");
        assert.equal(run.status, 0, run.stderr);
        const out = run.stdout;
        assert.match(out, new RegExp(`database: ${provider}`));
        assert.match(out, /adapters: console/);
        const english = out.indexOf("Talkoot commands");
        const finnish = out.indexOf("Talkoot-komennot");
        assert.ok(english > 0 && finnish > english, out);
        assert.match(out.slice(finnish), /\/setup — Ota keskustelu käyttöön/);
      } finally {
        await fresh.destroy();
      }
    });
  });
}

describe("start-up refuses a bad environment", () => {
  it("names DATABASE_URL and what it accepts, in one line, exiting non-zero", () => {
    const run = start({ DATABASE_URL: "mysql://x" });
    assert.notEqual(run.status, 0);
    const lines = run.stderr.trim().split("\n");
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /DATABASE_URL must be file:<path> \(SQLite\) or postgres:\/\/.* \(PostgreSQL\)/);
  });

  it("names a token whose format is wrong", () => {
    const run = start({ TELEGRAM_BOT_TOKEN: "not-a-token" });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr.trim(), /^config error: TELEGRAM_BOT_TOKEN must look like/);
    assert.doesNotMatch(run.stderr, /not-a-token/);
  });
});
