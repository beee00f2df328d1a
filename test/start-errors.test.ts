// `npm start` with an environment that is well-formed but points at what
// cannot be used, or with values it does not accept: one config line naming
// the variable (and the value, never a password), exit code 2, no stack trace.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), "talkoot-start-errors-"));

function start(env: Record<string, string>) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    input: "",
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent", CONSOLE: "on", DATABASE_URL: `file:${join(folder, "ok.db")}`, ...env },
    timeout: 60_000,
  });
  const lines = run.stderr.trim().split("\n");
  assert.equal(run.status, 2, run.stderr);
  assert.equal(lines.length, 1, run.stderr);
  assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
  return lines[0]!;
}

describe("start-up names what it cannot use", () => {
  let taken: Server;
  let port = 0;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it("an HTTP_PORT already in use", () => {
    const line = start({ HTTP_PORT: String(port), HTTP_HOST: "127.0.0.1" });
    assert.match(line, new RegExp(`^config error: HTTP_PORT=${port} is already in use`));
  });

  it("an SQLite path that cannot be opened", () => {
    const file = join(folder, "a-file");
    writeFileSync(file, "not a folder");
    const line = start({ DATABASE_URL: `file:${file}/talkoot.db` });
    assert.match(line, /^config error: DATABASE_URL=file:.*a-file\/talkoot\.db: the SQLite file cannot be opened/);
  });

  it("a PostgreSQL server that cannot be reached, without its password", () => {
    const line = start({ DATABASE_URL: "postgres://talkoot:hunter2-secret@127.0.0.1:1/talkoot" });
    assert.match(
      line,
      /^config error: DATABASE_URL=postgres:\/\/talkoot:.*@127\.0\.0\.1:1\/talkoot: .*cannot be reached/,
    );
    assert.doesNotMatch(line, /hunter2/);
  });

  it("a time zone it does not know", () => {
    assert.match(
      start({ DEFAULT_TIMEZONE: "Europe/Helsingfors" }),
      /^config error: DEFAULT_TIMEZONE must be a known IANA time zone/,
    );
  });
});
