// One fault scenario's world: the Telegram fake with a supergroup and its
// members, a fresh database (SQLite file or PostgreSQL schema), the bot as a
// child process, and a client of our own to count what is in the database.
// The harness migrates the database once, before the first start; the bot's
// own migration check at each start then finds nothing to do (a few ms).
import { type Database, openDatabase } from "../../../src/storage/database.js";
import type { Provider } from "../../../src/storage/database-url.js";
import { migrate } from "../../../src/storage/migrations.js";
import { fakeWithGroup, say } from "../../e2e/telegram/support.js";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { freshDatabase, type TestDatabase } from "../../support/databases.js";
import { TcpProxy } from "../../support/tcp-proxy.js";
import { BotProcess } from "./bot-process.js";
import { type PlatformProbe, telegramProbe } from "./platform-probe.js";

export const BOT = "talkoot_faults_bot";
export const GROUP = -1001400000014;
export const CREATOR = 1401;
const FIRST_MEMBER = 140_000;

/** What every scenario's world has, whatever the platform. */
export interface BaseWorld {
  provider: Provider;
  bot: BotProcess;
  /** What the platform fake saw: acknowledgements and sends. */
  probe: PlatformProbe;
  /** Clean-ups a scenario adds (a second instance, a balancer), run at close. */
  cleanups: (() => Promise<void>)[];
  /** Our own client on the bot's database, for counting effects. */
  database: Database;
  close(): Promise<void>;
}

/** A Telegram world. */
export interface FaultWorld extends BaseWorld {
  fake: FakeTelegram;
  /** Between the bot and PostgreSQL, when the scenario asked for it. */
  proxy?: TcpProxy;
  members: number[];
}

export interface WorldOptions {
  members: number;
  /** PostgreSQL only: the bot reaches the database through a TCP proxy the scenario can cut. */
  proxyDatabase?: boolean;
  /** Extra environment for the bot, made once per world (ports, a webhook URL). */
  env?: () => Promise<Record<string, string>>;
}

/** The environment that points a bot process at the Telegram fake, and its readiness check. */
export function telegramBot(fake: FakeTelegram, databaseUrl: string, env: Record<string, string> = {}): BotProcess {
  const webhook = env.TELEGRAM_WEBHOOK_URL !== undefined;
  return new BotProcess({
    databaseUrl,
    env: { TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, ...env },
    readiness() {
      const since = fake.calls.length;
      // Webhook mode: the webhook is set. Long polling: a long poll is held open now, or one
      // returned a batch. (The fake records a call when it is answered, so waiting for the
      // record of a held poll cost its whole 30 s timeout at every start.)
      return () =>
        (!webhook && fake.longPollHeld) ||
        fake.calls
          .slice(since)
          .some((c) =>
            webhook
              ? c.method === "setWebhook" && c.response.status === 200
              : c.method === "getUpdates" && Number(c.params.timeout ?? 0) > 0,
          );
    },
    advancePlatformClock: (ms) => fake.advanceTime(ms),
  });
}

/** Opens a Telegram world with these options (what a scenario's `open` is for Telegram). */
export function telegramWorld(options: WorldOptions): (provider: Provider) => Promise<FaultWorld> {
  return (provider) => startWorld(provider, options);
}

/** A community "Kallio" in one supergroup, with `members` members, and the bot running. */
export async function startWorld(provider: Provider, options: WorldOptions): Promise<FaultWorld> {
  const members = Array.from({ length: options.members }, (_, i) => FIRST_MEMBER + i);
  const fake = await fakeWithGroup({
    bot: BOT,
    group: GROUP,
    creator: { id: CREATOR, first_name: "Alice", username: "alice", startedBot: true },
    members: members.map((id) => ({ id, first_name: `Member ${id}` })),
  });
  const fresh: TestDatabase = await freshDatabase(provider);
  await migrate(fresh.url);
  let botUrl = fresh.url;
  let proxy: TcpProxy | undefined;
  if (options.proxyDatabase && provider === "postgresql") {
    const url = new URL(fresh.url);
    proxy = new TcpProxy(url.hostname, Number(url.port || 5432));
    url.hostname = "127.0.0.1";
    url.port = String(await proxy.listen());
    botUrl = url.toString();
  }
  const env = await options.env?.();
  const bot = telegramBot(fake, botUrl, env);
  await bot.start();
  const database = await openDatabase(fresh.url);
  await say(fake, GROUP, CREATOR, `/setup@${BOT} community Kallio`);
  const cleanups: (() => Promise<void>)[] = [];
  return {
    provider,
    fake,
    bot,
    probe: telegramProbe(fake),
    proxy,
    cleanups,
    database,
    members,
    async close() {
      await bot.kill();
      for (const cleanup of cleanups) await cleanup();
      await proxy?.close();
      await database.close();
      await fake.stop();
      await fresh.destroy();
    },
  };
}
