// The bot loads only what its configuration turns on (issue 16, footprint):
// no SDK of a platform without a token, and only the configured database's
// driver and generated Prisma client. Each is tens of MB of a bot's memory
// when loaded for nothing. `npm start` runs in a child process with every
// module resolution recorded, until the console says it takes commands.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { FakeTelegram } from "../fakes/telegram/fake-bot-api.js";
import { freshDatabase, type TestDatabase } from "../support/databases.js";

const root = new URL("../..", import.meta.url).pathname;
const TOKEN = "123456789:AAimportsimportsimportsimportsimport";

/** Starts src/main.ts with `env`, ends its console input, and resolves with every module URL it resolved. */
async function importsOfStart(env: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), "talkoot-imports-"));
  const log = join(dir, "imports.txt");
  try {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--import", "./test/support/record-imports.mjs", "src/main.ts"],
      {
        cwd: root,
        env: { ...process.env, CONSOLE: "on", LOG_LEVEL: "silent", TALKOOT_IMPORT_LOG: log, ...env },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      // Ready: every configured adapter has started. End the console's input, so it shuts down.
      if (out.includes("Type /help")) child.stdin.end();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(out, err).toContain("Type /help");
    expect(code, err).toBe(0);
    return readFileSync(log, "utf8").split("\n").filter(Boolean);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const loaded = (urls: string[], pkg: string) => urls.some((url) => url.includes(`/node_modules/${pkg}/`));
const generated = (urls: string[], provider: string) =>
  urls.some((url) => url.includes(`/src/storage/generated/${provider}/`));

let fake: FakeTelegram;
let postgres: TestDatabase;
beforeAll(async () => {
  fake = await FakeTelegram.start({ token: TOKEN, botUsername: "imports_bot" });
  postgres = await freshDatabase("postgresql");
});
afterAll(async () => {
  await fake?.stop();
  await postgres?.destroy();
});

it("with Telegram on SQLite, loads grammY and SQLite's client, and no other platform's SDK nor pg", async () => {
  const sqlite = await freshDatabase("sqlite");
  try {
    const urls = await importsOfStart({
      DATABASE_URL: sqlite.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: fake.apiRoot,
    });
    // What it needs: the recording sees real loads.
    expect(loaded(urls, "grammy")).toBe(true);
    expect(loaded(urls, "better-sqlite3")).toBe(true);
    expect(generated(urls, "sqlite")).toBe(true);
    // What it must not load.
    for (const pkg of ["discord.js", "@discordjs/ws", "@slack/bolt", "@slack/web-api", "@slack/socket-mode", "pg"]) {
      expect(loaded(urls, pkg), pkg).toBe(false);
    }
    expect(loaded(urls, "@prisma/adapter-pg")).toBe(false);
    expect(generated(urls, "postgresql")).toBe(false);
    // No HTTP_PORT: no HTTP server, so no Open311 XML builder; no TALKOOT_CONFIG_FILE: no YAML parser.
    expect(loaded(urls, "fast-xml-parser")).toBe(false);
    expect(loaded(urls, "yaml")).toBe(false);
  } finally {
    await sqlite.destroy();
  }
});

it("on PostgreSQL with the console alone, loads pg and its client, and neither SQLite nor any platform SDK", async () => {
  const urls = await importsOfStart({ DATABASE_URL: postgres.url });
  expect(loaded(urls, "pg")).toBe(true);
  expect(generated(urls, "postgresql")).toBe(true);
  for (const pkg of ["better-sqlite3", "@prisma/adapter-better-sqlite3", "grammy", "discord.js", "@slack/bolt"]) {
    expect(loaded(urls, pkg), pkg).toBe(false);
  }
  expect(generated(urls, "sqlite")).toBe(false);
});
