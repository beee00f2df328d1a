// The Discord adapter when things are slow or break: a slow handler is
// deferred in time and answered after; a dropped gateway connection resumes
// and the interaction sent meanwhile is answered; a 429 is waited out; a
// channel the bot cannot see dead-letters at once; and two shards each carry
// their own guilds, every event handled once.
import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { DiscordAdapter } from "../../../adapters/discord/discord-adapter.js";
import { INTENTS_DISALLOWED, TOKEN_REJECTED } from "../../../adapters/discord/startup-errors.js";
import type { Feature } from "../../../src/core/commands.js";
import { MANAGE_GUILD, silentLogger, visibleText } from "../../adapters/discord/support.js";
import { FakeDiscord, Intent, snowflakeOnShard } from "../../fakes/discord/fake-discord.js";
import { forEachDatabase } from "../../support/databases.js";
import { ask, type DiscordApp, slash, startDiscordApp, waitForPost } from "./support.js";

/** `/slow` and `/whisper`: answer only once the test lets them. */
function slowFeature(): { feature: Feature; release: () => void; releaseWhisper: () => void } {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let releaseWhisper: () => void = () => {};
  const whisperGate = new Promise<void>((resolve) => {
    releaseWhisper = resolve;
  });
  return {
    release: () => release(),
    releaseWhisper: () => releaseWhisper(),
    feature: {
      name: "slow",
      translations: { namespace: "slow", en: {}, fi: {}, sv: {} },
      commands: [
        {
          name: "slow",
          summary: "core:help.summary",
          fallback: {
            usage: "core:help.usage",
            max: 0,
            async run(ctx) {
              await gate;
              await ctx.reply("done slowly");
            },
          },
        },
        {
          name: "whisper",
          summary: "core:help.summary",
          fallback: {
            usage: "core:help.usage",
            max: 0,
            // Not declared private, so a late answer is deferred in public first.
            async run(ctx) {
              await whisperGate;
              await ctx.replyPrivately("only for you");
            },
          },
        },
      ],
    },
  };
}

forEachDatabase("discord resilience", (getDatabase) => {
  let fake: FakeDiscord;
  let dc: DiscordApp;
  const slow = slowFeature();

  beforeAll(async () => {
    // Room for the set-up on a loaded machine; Discord's 3 s from the first test on.
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000, interactionDeadlineMs: 10_000 });
    dc = await startDiscordApp(getDatabase().url, fake, {
      configure: (app) => app.router.use(slow.feature),
      adapter: { deferAfterMs: 300 },
    });
    await ask(fake, dc.world, {
      user: "alice",
      channel: "general",
      memberPermissions: MANAGE_GUILD,
      name: "setup",
      subcommand: "community",
      options: { name: "Kallio" },
    });
    fake.interactionDeadlineMs = 3_000;
  });

  afterAll(async () => {
    await dc.close();
    await fake.stop();
  });

  it("defers a slow answer in time and fills it in after, with no 10062", async () => {
    const handle = slash(fake, dc.world, { user: "bob", channel: "general", name: "slow" });
    const callback = await handle.waitForCallback(5_000);
    assert.equal(callback.type, 5, "a deferred channel message");
    slow.release();
    const answer = await handle.waitForOriginal((m) => /done slowly/.test(visibleText(m)), 15_000);
    assert.equal(answer.ephemeralTo, null);
    assert.deepEqual(handle.record.rejectedCallbacks, []);
  });

  it("answers privately after a public deferral without leaving the placeholder for everyone", async () => {
    const handle = slash(fake, dc.world, { user: "bob", channel: "general", name: "whisper" });
    assert.equal((await handle.waitForCallback(5_000)).type, 5);
    slow.releaseWhisper();
    const shown = await fake.waitFor(
      () => fake.botMessages.find((m) => /only for you/.test(visibleText(m))),
      15_000,
      "the private answer",
    );
    assert.equal(shown.ephemeralTo, dc.world.user("bob"));
    await fake.waitFor(
      () => {
        const placeholder = handle.original();
        return !placeholder || placeholder.deleted || undefined;
      },
      15_000,
      "the public placeholder taken away",
    );
    assert.deepEqual(handle.record.rejectedCallbacks, []);
  });

  it("resumes after a dropped connection and answers the interaction sent meanwhile", async () => {
    const identifies = fake.identifies;
    fake.forceClose(0, 4000);
    // Dispatched while the client is away: the RESUME replays it.
    const handle = slash(fake, dc.world, { user: "bob", channel: "general", name: "help" });
    const answer = await handle.waitForOriginal(undefined, 15_000);
    assert.match(visibleText(answer), /Talkoot commands/);
    assert.equal(fake.identifies, identifies, "resumed, not identified anew");
    assert.ok(fake.sessions.some((s) => s.resumes > 0));
    assert.deepEqual(handle.record.rejectedCallbacks, []);
  });

  it("waits out a 429 and delivers", async () => {
    const general = dc.world.channel("general");
    fake.failNext("POST /channels/:channelId/messages", { status: 429, retryAfter: 0.2 });
    await dc.app.delivery.send(
      { platform: "discord", chatId: `discord:${dc.world.guildId}:${general}` },
      { text: "after the wait" },
    );
    await waitForPost(fake, general, /after the wait/);
    const tries = fake.callsTo("POST /channels/:channelId/messages").filter((c) => c.path.includes(general));
    assert.ok(tries.some((c) => c.status === 429) && tries.some((c) => c.status === 200));
  });

  it("hands a long 429 to the outbox as a wait, and the message goes later", async () => {
    const general = dc.world.channel("general");
    fake.failNext("POST /channels/:channelId/messages", { status: 429, retryAfter: 30 });
    const id = await dc.app.outbox.enqueue(
      { platform: "discord", chatId: `discord:${dc.world.guildId}:${general}` },
      { text: "queued through a long limit" },
    );
    dc.app.outbox.wake();
    const waiting = await expectRow(dc, id, (r) => r.status !== "sending" && r.attempts >= 1);
    assert.equal(waiting.status, "pending");
    assert.ok(waiting.nextAttemptAt.getTime() - Date.now() > 20_000, "waits the 30 s Discord asked for");
  });

  it("dead-letters a message to a channel the bot cannot see, without retrying", async () => {
    const hidden = dc.world.channel("hidden");
    fake.setChannelAccess(hidden, false);
    const id = await dc.app.outbox.enqueue(
      { platform: "discord", chatId: `discord:${dc.world.guildId}:${hidden}` },
      { text: "nobody will see this" },
    );
    dc.app.outbox.wake();
    const dead = await expectRow(dc, id, (r) => r.status === "dead");
    assert.equal(dead.attempts, 1);
    assert.match(dead.lastError ?? "", /50001|403/);
  });
});

/** Resolves with the outbox row once it passes `check`. */
function expectRow(
  dc: DiscordApp,
  id: number,
  check: (row: { status: string; attempts: number; nextAttemptAt: Date; lastError: string | null }) => boolean,
) {
  return vi.waitFor(
    async () => {
      const row = await dc.app.database.db.outboxMessage.findUnique({ where: { id } });
      if (!row || !check(row)) throw new Error(`outbox row ${id} is ${row?.status ?? "missing"}`);
      return row;
    },
    { timeout: 20_000, interval: 25 },
  );
}

describe("discord with two shards", () => {
  let fake: FakeDiscord;
  let adapter: DiscordAdapter;
  const handled: Array<{ eventId: string; chatId: string }> = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000, recommendedShards: 2 });
    adapter = new DiscordAdapter({
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.restApi,
      logger: silentLogger(),
      shards: 2,
      commands: () => [],
    });
    await adapter.start({
      async handle(event) {
        handled.push({ eventId: event.eventId, chatId: event.conversation.chatId });
        return { status: "handled", toast: "ok" };
      },
    });
  });

  afterAll(async () => {
    await adapter.stop();
    await fake.stop();
  });

  it("receives each guild's interactions on that guild's shard, each once", async () => {
    assert.deepEqual(adapter.shardIds().sort(), [0, 1]);
    const guilds = [0, 1].map((shard) =>
      fake.addGuild({ id: snowflakeOnShard(shard, 2, shard + 1), name: `Guild on shard ${shard}` }),
    );
    for (const guild of guilds) fake.guildCreate(guild.id);
    const user = fake.addUser({ username: "aino" });
    const handles = guilds.map((guild) => {
      const channel = fake.addChannel({ guildId: guild.id, name: "general" });
      fake.addMember({ guildId: guild.id, userId: user.id });
      return fake.slashCommand({ name: "help", channelId: channel.id, userId: user.id });
    });
    for (const handle of handles) await handle.waitForCallback(5_000);
    await fake.waitFor(() => handled.length >= 2 || undefined, 3_000, "both interactions handled");
    assert.equal(handled.length, 2);
    assert.equal(new Set(handled.map((h) => h.eventId)).size, 2);
    guilds.forEach((guild, shard) => {
      const session = fake.sessions.find((s) => s.shard[0] === shard && !s.ended)!;
      const carried = session.log
        .filter((d) => d.t === "INTERACTION_CREATE")
        .map((d) => (d.d as { guild_id?: string }).guild_id);
      assert.deepEqual(carried, [guild.id], `shard ${shard} carried only its guild`);
    });
  });
});

describe("discord start-up failures", () => {
  it("stops the start with one line when the token is refused, never showing it", async () => {
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000 });
    const wrong = "MTAwMDAwMDAwMDAwMDAwMDAx.wrong.not-the-fake-token-at-all";
    const adapter = new DiscordAdapter({
      token: wrong,
      applicationId: fake.applicationId,
      apiUrl: fake.restApi,
      logger: silentLogger(),
      commands: () => [],
    });
    try {
      const failure = await adapter.start({ handle: async () => ({ status: "handled" }) }).catch((e: Error) => e);
      assert.ok(failure instanceof Error);
      assert.equal(failure.message, TOKEN_REJECTED);
      assert.doesNotMatch(failure.message, /wrong/);
      assert.equal(adapter.isReady(), false);
    } finally {
      await fake.stop();
    }
  });

  it("stops the start with one line saying which intent to enable when the gateway refuses one (4014)", async () => {
    const fake = await FakeDiscord.start({ heartbeatIntervalMs: 1000, refusedIntents: Intent.GuildMessagePolls });
    const adapter = new DiscordAdapter({
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.restApi,
      logger: silentLogger(),
      commands: () => [],
    });
    try {
      const failure = await adapter.start({ handle: async () => ({ status: "handled" }) }).catch((e: Error) => e);
      assert.ok(failure instanceof Error);
      assert.equal(failure.message, INTENTS_DISALLOWED);
      assert.ok(fake.gatewayCloses.some((c) => c.code === 4014));
      assert.equal(adapter.isReady(), false);
    } finally {
      await fake.stop();
    }
  });
});
