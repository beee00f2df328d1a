// A whole Talkoot as the composition root builds it, for poll tests: the
// router, the outbox, the job queue and the polls services. Tests drive time
// by hand: advance the ManualClock, then `settle()` runs due jobs and
// delivers what the outbox holds.
import type { ChatAdapter } from "../../../src/core/adapter.js";
import type { ManualClock } from "../../../src/core/clock.js";
import type { PollsServices } from "../../../src/domain/polls/services.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";
import { type ManualTimeApp, startManualTimeApp } from "../../support/test-app.js";

export interface PollsTestApp extends ManualTimeApp {
  s: PollsServices;
}

export async function startPollsApp(
  databaseUrl: string,
  options: { clock: ManualClock; adapters?: ChatAdapter[]; console?: boolean },
): Promise<PollsTestApp> {
  const testApp = await startManualTimeApp(databaseUrl, options);
  return { ...testApp, s: testApp.app.modules.polls.services };
}

/** A community to ask polls in: its chat "kallio" and a second chat "annex", on one memory platform. */
export interface PollsCommunity {
  app: PollsTestApp;
  mem: MemoryAdapter;
  /** Runs a command in a chat (kallio by default) and resolves with the bot's last message there. */
  say(user: string, text: string, chat?: string): Promise<string>;
  /** The number of the poll asked last. */
  latestPollId(): Promise<number>;
}

/**
 * Kallio, its admin alice, coordinator bob, the given members (each has used
 * the bot once), and a second community chat "annex" whose admin is olga.
 */
export async function startPollsCommunity(
  databaseUrl: string,
  clock: ManualClock,
  members: readonly string[],
): Promise<PollsCommunity> {
  const mem = new MemoryAdapter("mem");
  const app = await startPollsApp(databaseUrl, { clock, adapters: [mem], console: false });
  const say = async (user: string, text: string, chat = "kallio") => {
    await mem.command(chat, user, text);
    return mem.lastText(chat);
  };
  await mem.command("kallio", "alice", "/setup community Kallio", { admin: true });
  for (const name of ["bob", ...members]) await say(name, "/help");
  await say("alice", "/role @bob coordinator");
  const code = /([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(await say("alice", "/setup invite"))?.[1];
  if (!code) throw new Error("no invite code");
  await mem.command("annex", "olga", `/setup join ${code}`, { admin: true });
  const latestPollId = async () =>
    (await app.app.store.database.db.poll.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
  return { app, mem, say, latestPollId };
}
