// One fault scenario's world: the Telegram fake with a supergroup and its
// members, a fresh database (SQLite file or PostgreSQL schema) the bot
// migrates itself, the bot as a child process, and a client of our own to
// count what is in the database.
import { type Database, openDatabase } from "../../../src/storage/database.js";
import type { Provider } from "../../../src/storage/database-url.js";
import { fakeWithGroup, say } from "../../e2e/telegram/support.js";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";
import { freshDatabase, type TestDatabase } from "../../support/databases.js";
import { BotProcess } from "./bot-process.js";

export const BOT = "talkoot_faults_bot";
export const GROUP = -1001400000014;
export const CREATOR = 1401;
const FIRST_MEMBER = 140_000;

export interface FaultWorld {
  provider: Provider;
  fake: FakeTelegram;
  bot: BotProcess;
  /** Our own client on the bot's database, for counting effects. */
  database: Database;
  members: number[];
  close(): Promise<void>;
}

export interface WorldOptions {
  members: number;
  /** The database URL the bot gets, when it differs from ours (e.g. through a TCP proxy). */
  botDatabaseUrl?: (url: string) => string;
  env?: Record<string, string>;
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
  const bot = new BotProcess({
    fake,
    databaseUrl: options.botDatabaseUrl?.(fresh.url) ?? fresh.url,
    env: options.env,
  });
  await bot.start();
  const database = openDatabase(fresh.url);
  await say(fake, GROUP, CREATOR, `/setup@${BOT} community Kallio`);
  return {
    provider,
    fake,
    bot,
    database,
    members,
    async close() {
      await bot.kill();
      await database.close();
      await fake.stop();
      await fresh.destroy();
    },
  };
}
