// Shared pieces for the Telegram tests: the real adapter against FakeTelegram,
// and a whole Talkoot (buildApp) around it.

import type { Message, Update } from "grammy/types";
import { catchingUpToastOf } from "../../../adapters/telegram/catching-up-toast.js";
import { commandMenuOf } from "../../../adapters/telegram/command-menu.js";
import type { KeyValueState } from "../../../adapters/telegram/state.js";
import { TelegramAdapter, type TelegramAdapterOptions } from "../../../adapters/telegram/telegram-adapter.js";
import { type App, buildApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/core/logger.js";
import {
  type FakeMessage,
  FakeTelegram,
  type FakeUserInit,
  type RecordedCall,
} from "../../fakes/telegram/fake-bot-api.js";
import { lateInbox } from "../../support/late-inbox.js";

export const silentLogger = createLogger({ level: "silent" });

/**
 * Telegram's real send limits (1 message/s per chat, 20/min per group) would
 * make each test wait seconds between replies; the throttler stays in the
 * path, with one message at a time per chat, only without the pauses.
 */
export const RELAXED_THROTTLE: TelegramAdapterOptions["throttle"] = {
  global: { reservoir: 10_000, reservoirRefreshAmount: 10_000, reservoirRefreshInterval: 1000 },
  group: { maxConcurrent: 1, minTime: 0 },
  out: { maxConcurrent: 1, minTime: 0 },
};

export class MemoryState implements KeyValueState {
  readonly values = new Map<string, string>();
  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
}

let fakes = 0;
/**
 * Each fake numbers its updates from its own base, as one bot's update_ids
 * never repeat: tests that share a database (and so the core's record of
 * handled event ids) must not reuse ids.
 */
export function uniqueFirstUpdateId(): number {
  fakes++;
  return 1_000_000 + fakes * 100_000 + Math.floor(Math.random() * 50_000);
}

/** Who is in the one supergroup most scenarios start from. */
export interface GroupCast {
  bot: string;
  group: number;
  creator: FakeUserInit;
  members?: FakeUserInit[];
  /** Group privacy mode: the bot then gets only commands, mentions and replies to it. */
  privacyMode?: boolean;
}

/** A fresh fake Telegram with one supergroup ("Kallio Friends"), its creator and its members. */
export async function fakeWithGroup(cast: GroupCast): Promise<FakeTelegram> {
  const fake = await FakeTelegram.start({
    firstUpdateId: uniqueFirstUpdateId(),
    botUsername: cast.bot,
    privacyMode: cast.privacyMode ?? false,
  });
  fake.addChat({ id: cast.group, type: "supergroup", title: "Kallio Friends" });
  fake.addUser(cast.creator);
  fake.setMember(cast.group, cast.creator.id, "creator");
  for (const member of cast.members ?? []) {
    fake.addUser(member);
    fake.setMember(cast.group, member.id, "member");
  }
  return fake;
}

/** What a user sees of a bot message: its text (or a document's caption) and its button labels. */
export function visible(message: FakeMessage): { text: string; buttons: string[] } {
  const buttons = message.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
  return { text: message.visibleText ?? message.visibleCaption ?? "", buttons };
}

export interface TelegramApp {
  app: App;
  adapter: TelegramAdapter;
  close(): Promise<void>;
}

/**
 * A whole Talkoot with the Telegram adapter on `databaseUrl`, built the way
 * src/app.ts builds it (CONSOLE=off). The adapter's state and command menu
 * come from the app, which exists only once buildApp returns, so they are
 * read through the app when the adapter starts.
 */
export async function startTelegramApp(
  databaseUrl: string,
  fake: FakeTelegram,
  options: Partial<TelegramAdapterOptions> = {},
  /** Runs after buildApp and before start (e.g. to add a test feature, so it is in the command menu). */
  configure?: (app: App) => void,
  /** More configuration (e.g. HTTP_PORT, PUBLIC_BASE_URL). */
  env: Record<string, string> = {},
): Promise<TelegramApp> {
  let built: App | undefined;
  const app = (): App => {
    if (!built) throw new Error("app not built yet");
    return built;
  };
  const adapter = new TelegramAdapter({
    token: fake.token,
    apiRoot: fake.apiRoot,
    logger: silentLogger,
    throttle: RELAXED_THROTTLE,
    state: {
      get: (key) => app().store.adapterState.get(key),
      set: (key, value) => app().store.adapterState.set(key, value),
    },
    inbox: lateInbox(() => app().store.updateInbox),
    commandMenu: (locale) => commandMenuOf(() => app().router.listCommands(), app().translator)(locale),
    catchingUpToast: (languageCode) => catchingUpToastOf(app().translator, "en")(languageCode),
    isCommand: (name) =>
      app()
        .router.listCommands()
        .some((c) => c.name === name || c.aliases?.includes(name)),
    ...options,
  });
  built = await buildApp({
    config: loadConfig({ ...env, DATABASE_URL: databaseUrl, CONSOLE: "off" }),
    logger: silentLogger,
    adapters: [adapter],
  });
  configure?.(built);
  await built.start();
  const started = built;
  return { app: started, adapter, close: () => started.stop() };
}

/** Resolves with the first successful call of `method` to `chatId` recorded at or after index `since`. */
export function waitForSent(
  fake: FakeTelegram,
  since: number,
  chatId: number,
  method = "sendMessage",
  timeoutMs = 30_000,
): Promise<RecordedCall> {
  return fake.waitFor(
    (call) =>
      call.method.toLowerCase() === method.toLowerCase() &&
      String(call.params.chat_id) === String(chatId) &&
      call.response.status === 200 &&
      fake.calls.indexOf(call) >= since,
    timeoutMs,
  );
}

/** The message a successful send call returned. */
export function resultMessage(call: RecordedCall): Message {
  const body = call.response.body;
  if (!body?.ok) throw new Error(`${call.method} failed: ${JSON.stringify(body)}`);
  return body.result as Message;
}

/** A user says `text` in `chatId`; resolves with what the bot answered there (text as shown, and the call). */
export async function say(
  fake: FakeTelegram,
  chatId: number,
  userId: number,
  text: string,
  answerIn = chatId,
): Promise<{ text: string; call: RecordedCall; update: Update }> {
  const since = fake.calls.length;
  const update = fake.sendText(chatId, userId, text);
  const call = await waitForSent(fake, since, answerIn);
  return { text: resultMessage(call).text ?? "", call, update };
}
