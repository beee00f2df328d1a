// Shared pieces for the Discord end-to-end tests: a whole Talkoot (buildApp)
// with the real Discord adapter and discord.js against the fake Discord, its
// slash commands registered in the test guild at start, and a person typing
// a slash command or pressing a button.
import type { DiscordAdapter, DiscordAdapterOptions } from "../../../adapters/discord/discord-adapter.js";
import { slashCommandsOf } from "../../../adapters/discord/slash-commands.js";
import { type App, buildApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import type { ChatAdapter } from "../../../src/core/adapter.js";
import type { Clock } from "../../../src/core/clock.js";
import { typedCommands } from "../../../src/core/typed-commands.js";
import { storedLocales } from "../../../src/domain/flows/form-asker.js";
import { guidedForms } from "../../../src/domain/flows/guided-forms.js";
import {
  type DiscordWorld,
  discordAdapter,
  discordWorld,
  findButton,
  silentLogger,
  visibleText,
} from "../../adapters/discord/support.js";
import type { FakeDiscord, InteractionHandle, OptionValue, StoredMessage } from "../../fakes/discord/fake-discord.js";
import { lateInbox } from "../../support/late-inbox.js";

/**
 * The fake's options for the feature flows. Discord's 3 s interaction
 * deadline is held in the contract, commands and resilience suites; the flows
 * give a loaded 2-core machine room, where a busy event loop (SQLite is
 * synchronous) can hold back even a deferral.
 */
export const FLOW_FAKE = { heartbeatIntervalMs: 1000, interactionDeadlineMs: 10_000 } as const;

export interface DiscordApp {
  app: App;
  adapter: DiscordAdapter;
  world: DiscordWorld;
  close(): Promise<void>;
}

export interface StartOptions {
  adapter?: Partial<DiscordAdapterOptions>;
  clock?: Clock;
  /** Other adapters beside Discord's (Slack, Telegram). */
  others?: ChatAdapter[];
  /** Runs after buildApp and before start (a test feature, so it is registered too). */
  configure?: (app: App) => void;
  world?: DiscordWorld;
  /** More configuration (e.g. HTTP_PORT, PUBLIC_BASE_URL for photo links). */
  env?: Record<string, string>;
}

/**
 * A whole Talkoot with the Discord adapter, built the way src/app.ts builds
 * it, on `databaseUrl`. The adapter reads the commands from the app's router
 * and registers them in the world's guild at start, as
 * DISCORD_REGISTER_ON_START=guild:<id> does.
 */
export async function startDiscordApp(
  databaseUrl: string,
  fake: FakeDiscord,
  options: StartOptions = {},
): Promise<DiscordApp> {
  const world = options.world ?? discordWorld(fake);
  let built: App | undefined;
  const app = (): App => {
    if (!built) throw new Error("app not built yet");
    return built;
  };
  // As src/app.ts builds them: the person's language read from the app's own store.
  const forms = guidedForms(() => app().router.listCommands(), {
    locales: (who) => storedLocales(app().store)(who),
    drafts: () => app().store.formDrafts,
    translator: () => app().translator,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const adapter = discordAdapter(fake, () => app().router.listCommands(), {
    slashCommands: () =>
      slashCommandsOf(typedCommands(app().router.listCommands()), app().translator, (path) => forms.hasForm(path)),
    registerOnStart: { scope: "guild", guildId: world.guildId },
    isCommand: (name) =>
      app()
        .router.listCommands()
        .some((c) => c.name === name || c.aliases?.includes(name)),
    deferAfterMs: 500,
    forms,
    // The app's own store: interactions are stored before they are deferred.
    inbox: lateInbox(() => app().store.updateInbox),
    ...options.adapter,
  });
  built = await buildApp({
    config: loadConfig({ ...options.env, DATABASE_URL: databaseUrl, CONSOLE: "off" }),
    logger: silentLogger(),
    adapters: [adapter, ...(options.others ?? [])],
    clock: options.clock,
    timers: options.clock === undefined,
  });
  options.configure?.(built);
  await built.start();
  const started = built;
  return { app: started, adapter, world, close: () => started.stop() };
}

export interface SlashInput {
  user: string;
  channel: string;
  name: string;
  group?: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  memberPermissions?: bigint;
  locale?: string;
}

/** A person runs a slash command; the handle follows its interaction. */
export function slash(fake: FakeDiscord, world: DiscordWorld, input: SlashInput): InteractionHandle {
  return fake.slashCommand({
    name: input.name,
    channelId: world.channel(input.channel),
    userId: world.user(input.user),
    ...(input.group ? { group: input.group } : {}),
    ...(input.subcommand ? { subcommand: input.subcommand } : {}),
    options: input.options ?? {},
    ...(input.memberPermissions !== undefined ? { memberPermissions: input.memberPermissions } : {}),
    ...(input.locale ? { locale: input.locale } : {}),
  });
}

/** Runs a slash command and resolves with its answer as the person reads it. */
export async function ask(fake: FakeDiscord, world: DiscordWorld, input: SlashInput): Promise<Answer> {
  const handle = slash(fake, world, input);
  const message = await handle.waitForOriginal(undefined, 15_000);
  return { handle, message, text: visibleText(message) };
}

export interface Answer {
  handle: InteractionHandle;
  message: StoredMessage;
  text: string;
}

/** A person presses the newest button labelled `label` in a channel. */
export function press(
  fake: FakeDiscord,
  world: DiscordWorld,
  user: string,
  channel: string,
  label: string,
): InteractionHandle {
  const channelId = world.channel(channel);
  const { message, customId } = findButton(fake, channelId, label);
  return fake.pressButton({ channelId, userId: world.user(user), messageId: message.id, customId });
}

/** Resolves once the bot has posted a message in `channelId` whose text matches. */
export function waitForPost(
  fake: FakeDiscord,
  channelId: string,
  pattern: RegExp,
  ms = 15_000,
): Promise<StoredMessage> {
  return fake.waitFor(
    () =>
      fake
        .messagesIn(channelId)
        .find((m) => m.authorId === fake.botUserId && !m.deleted && pattern.test(visibleText(m))),
    ms,
    `a message matching ${pattern} in ${channelId}`,
  );
}
