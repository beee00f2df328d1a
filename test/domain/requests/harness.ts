// A whole Talkoot for request tests: residents on one platform ("tg", a
// MemoryAdapter), the city's team chats on another ("sl"), optionally the
// HTTP server on a free port (Open311). Tests drive time with a ManualClock;
// `settle()` runs due jobs and delivers the outbox, so replies and notices
// are read in a fixed order.
//
// seedCity() sets up the usual cast:
//   tg:kallio   the community's home chat; alice is its admin; bob, carol, dave, erin, fay, gus are residents
//   sl:city     the officials' chat of "City lighting" (lighting); olga is an official, sam a member, mia an admin
//   sl:parks    the officials' chat of "Parks department" (parks); pia is an official there
//   categories  lighting (3 days, keywords streetlight, lamp), roads (no contact: goes to the admins), parks
import { PassThrough } from "node:stream";
import { type App, buildApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import type { ManualClock } from "../../../src/core/clock.js";
import { createLogger } from "../../../src/core/logger.js";
import type { RequestsServices } from "../../../src/domain/requests/services.js";
import type { Db } from "../../../src/storage/database.js";
import type { StatementObserver } from "../../../src/storage/statement-observer.js";
import { MemoryAdapter } from "../../support/memory-adapter.js";

export interface RequestsTestApp {
  app: App;
  s: RequestsServices;
  db: Db;
  tg: MemoryAdapter;
  sl: MemoryAdapter;
  clock: ManualClock;
  /** The HTTP server's base URL, when started with `http: true`. */
  baseUrl: string;
  /** Runs due jobs, then sends every queued message. */
  settle(): Promise<void>;
  /** A command on a platform; returns the newest message in that chat afterwards. */
  say(on: MemoryAdapter, chat: string, user: string, text: string, admin?: boolean): Promise<string>;
  close(): Promise<void>;
}

export async function startRequestsApp(
  databaseUrl: string,
  options: {
    clock: ManualClock;
    http?: boolean;
    configFile?: string;
    publicBaseUrl?: string;
    observeStatement?: StatementObserver;
  },
): Promise<RequestsTestApp> {
  const tg = new MemoryAdapter("tg");
  const sl = new MemoryAdapter("sl");
  const env: Record<string, string> = { DATABASE_URL: databaseUrl, CONSOLE: "off" };
  if (options.http) Object.assign(env, { HTTP_PORT: "0", HTTP_HOST: "127.0.0.1" });
  if (options.configFile) env.TALKOOT_CONFIG_FILE = options.configFile;
  if (options.publicBaseUrl) env.PUBLIC_BASE_URL = options.publicBaseUrl;
  const app = await buildApp({
    config: loadConfig(env),
    logger: createLogger({ level: "silent" }),
    clock: options.clock,
    console: { input: new PassThrough(), output: new PassThrough() },
    adapters: [tg, sl],
    timers: false,
    observeStatement: options.observeStatement,
  });
  await app.start();
  // Deliveries happen when a test settles, not whenever the dispatcher wakes.
  await app.dispatcher.stop();
  const settle = async () => {
    await app.jobs.tick();
    await app.dispatcher.dispatchDue();
  };
  return {
    app,
    s: app.modules.requests.services,
    db: app.database.db,
    tg,
    sl,
    clock: options.clock,
    baseUrl: app.http ? `http://127.0.0.1:${app.http.port}` : "",
    settle,
    async say(on, chat, user, text, admin = false) {
      await on.command(chat, user, text, { admin });
      return on.lastText(chat);
    },
    close: () => app.stop(),
  };
}

/** Sets up the community, its officials' chats, roles, categories and contacts (see the top of this file). */
export async function seedCity(h: RequestsTestApp): Promise<{ communityId: string }> {
  const { tg, sl, say } = h;
  await say(tg, "kallio", "alice", "/setup community Kallio", true);
  const invite = /Invite code: (\S+)/.exec(await say(tg, "kallio", "alice", "/setup invite"))![1]!;
  await say(sl, "city", "mia", `/setup join ${invite} --officials`, true);
  const invite2 = /Invite code: (\S+)/.exec(await say(tg, "kallio", "alice", "/setup invite"))![1]!;
  await say(sl, "parks", "pia", `/setup join ${invite2} --officials`, true);
  for (const name of ["olga", "sam"]) await say(sl, "city", name, "/help");
  for (const name of ["bob", "carol", "dave", "erin", "fay", "gus"]) await say(tg, "kallio", name, "/help");
  await say(tg, "kallio", "alice", "/role @olga official");
  await say(tg, "kallio", "alice", "/role @pia official");
  await say(tg, "kallio", "alice", "/role @mia admin");
  await say(
    sl,
    "city",
    "mia",
    '/setup category add lighting "Street lighting" --keywords "streetlight,lamp,katuvalo" --expect "3 days"',
  );
  await say(sl, "city", "mia", '/setup category add roads "Roads and streets" --keywords "pothole,asphalt"');
  await say(sl, "city", "mia", '/setup category add parks "Parks" --keywords "bench,playground" --expect "1 week"');
  await say(sl, "city", "mia", '/setup contact add "City lighting" --categories lighting --email light@city.example');
  await say(sl, "parks", "mia", '/setup contact add "Parks department" --categories parks');
  await h.settle();
  const community = await h.db.community.findFirstOrThrow({ where: { name: "Kallio" } });
  return { communityId: community.id };
}

/** Texts of the messages in a chat (title and text), oldest first. */
export function textsIn(on: MemoryAdapter, chat: string): string[] {
  return on.messagesIn(chat).map((m) => [m.message.title, m.message.text].filter(Boolean).join("\n"));
}

/** The newest card of a request in a chat. */
export function cardIn(on: MemoryAdapter, chat: string, number: string) {
  // Cards are titled "K-1001 · Street lighting" (or "⚠ Overdue: K-1001 · …"); receipts "Request K-1001".
  const title = new RegExp(`(^|: )${number} · `);
  return [...on.messagesIn(chat)].reverse().find((m) => title.test(m.message.title ?? ""));
}
