// `npm run discord:register -- --guild <id>` as a person runs it: a child
// process with the DISCORD_* variables, registering every command in one
// guild by bulk overwrite against the fake Discord, which checks them as
// Discord does; and the bot's start registers only when told to.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, it } from "vitest";
import { FakeDiscord } from "../../fakes/discord/fake-discord.js";

const run = promisify(execFile);
/** A token shaped like Discord's, so that config validation takes it. */
const TOKEN = "MTAwMDAwMDAwMDAwMDAwMDAx.GfAkEx.discord-test-token-0123456789";

describe("npm run discord:register", () => {
  let fake: FakeDiscord;

  beforeAll(async () => {
    fake = await FakeDiscord.start({ token: TOKEN });
  });

  afterAll(async () => {
    await fake.stop();
  });

  it("registers every command in one guild, accepted by Discord's rules", async () => {
    const guild = fake.addGuild({ name: "Dev" });
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "scripts/discord-register.ts", "--guild", guild.id],
      {
        env: {
          ...process.env,
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.restApi,
          LOG_LEVEL: "silent",
        },
      },
    );
    const names = fake.guildCommands(guild.id).map((c) => c.name);
    assert.match(stdout, new RegExp(`${names.length} commands registered in server ${guild.id}`));
    for (const name of ["help", "setup", "role", "lang", "link", "task", "hours", "poll", "request"]) {
      assert.ok(names.includes(name), name);
    }
    assert.equal(fake.globalCommands.length, 0, "nothing global");
    const put = fake.callsTo("PUT /applications/:appId/guilds/:guildId/commands");
    assert.equal(put.length, 1);
    assert.equal(put[0]!.status, 200);
  });

  it("stops with one line, never the token, when the variables are missing", async () => {
    const failed = await run(process.execPath, ["--import", "tsx", "scripts/discord-register.ts"], {
      env: { ...process.env, DISCORD_TOKEN: "", DISCORD_APPLICATION_ID: "" },
    }).catch((error: { stderr: string; code: number }) => error);
    assert.ok("code" in failed && failed.code === 1);
    assert.equal(
      (failed as { stderr: string }).stderr.trim(),
      "discord:register failed: set DISCORD_TOKEN and DISCORD_APPLICATION_ID",
    );
  });
});

describe("the bot's start, configured by the environment", () => {
  it("connects through src/app.ts and registers only when DISCORD_REGISTER_ON_START says so", async () => {
    const { mkdtempSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { buildApp } = await import("../../../src/app.js");
    const { loadConfig } = await import("../../../src/config.js");
    const { createLogger } = await import("../../../src/core/logger.js");
    const fake = await FakeDiscord.start({ token: TOKEN, heartbeatIntervalMs: 1000 });
    const guild = fake.addGuild({ name: "Kylätalo" });
    const dir = mkdtempSync(join(tmpdir(), "talkoot-discord-start-"));
    const start = async (registerOnStart?: string) => {
      const app = await buildApp({
        config: loadConfig({
          DATABASE_URL: `file:${join(dir, "start.db")}`,
          DISCORD_TOKEN: TOKEN,
          DISCORD_APPLICATION_ID: fake.applicationId,
          DISCORD_API_URL: fake.restApi,
          ...(registerOnStart ? { DISCORD_REGISTER_ON_START: registerOnStart } : {}),
        }),
        logger: createLogger({ level: "silent" }),
        timers: false,
      });
      await app.start();
      return app;
    };
    try {
      const quiet = await start();
      assert.equal(quiet.adapters.get("discord")?.isReady(), true);
      assert.equal(quiet.adapters.has("console"), false, "Discord alone: no console");
      await quiet.stop();
      assert.equal(fake.callsTo("PUT /applications/:appId/guilds/:guildId/commands").length, 0);
      const registering = await start(`guild:${guild.id}`);
      await registering.stop();
      assert.ok(fake.guildCommands(guild.id).some((c) => c.name === "task"));
    } finally {
      await fake.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
