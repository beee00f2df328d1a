// One fault scenario's world: the Telegram fake with a supergroup and its
// members, a fresh database (SQLite file or PostgreSQL schema) the bot
// migrates itself, the bot as a child process, and a client of our own to
// count what is in the database.
import { type Database, openDatabase } from "../../../src/storage/database.js";
import type { Provider } from "../../../src/storage/database-url.js";
import { fakeWithGroup, say } from "../../e2e/telegram/support.js";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { freshDatabase, type TestDatabase } from "../../support/databases.js";
import { TcpProxy } from "../../support/tcp-proxy.js";
import { BotProcess } from "./bot-process.js";

export const BOT = "talkoot_faults_bot";
export const GROUP = -1001400000014;
export const CREATOR = 1401;
const FIRST_MEMBER = 140_000;

export interface FaultWorld {
  provider: Provider;
  fake: FakeTelegram;
  bot: BotProcess;
  /** Between the bot and PostgreSQL, when the scenario asked for it. */
  proxy?: TcpProxy;
  /** Clean-ups a scenario adds (a second instance, a balancer), run at close. */
  cleanups: (() => Promise<void>)[];
  /** Our own client on the bot's database, for counting effects. */
  database: Database;
  members: number[];
  close(): Promise<void>;
}

export interface WorldOptions {
  members: number;
  /** PostgreSQL only: the bot reaches the database through a TCP proxy the scenario can cut. */
  proxyDatabase?: boolean;
  /** Extra environment for the bot, made once per world (ports, a webhook URL). */
  env?: () => Promise<Record<string, string>>;
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
  const bot = new BotProcess({ fake, databaseUrl: botUrl, env });
  await bot.start();
  const database = openDatabase(fresh.url);
  await say(fake, GROUP, CREATOR, `/setup@${BOT} community Kallio`);
  const cleanups: (() => Promise<void>)[] = [];
  return {
    provider,
    fake,
    bot,
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
