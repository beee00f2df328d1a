// The composition root: builds every part from the configuration, in order,
// and hands back what main.ts (and the tests) need to run and stop it.
import type { Readable, Writable } from "node:stream";
import { ConsoleAdapter } from "../adapters/console/console-adapter.js";
import { type SlackAdapter, slackAdapterFromConfig } from "../adapters/slack/slack-adapter.js";
import { type Config, enabledPlatforms } from "./config.js";
import type { ChatAdapter } from "./core/adapter.js";
import { builtinCommands } from "./core/builtin-commands.js";
import { type Clock, systemClock } from "./core/clock.js";
import { AdapterRegistry, Delivery } from "./core/delivery.js";
import { Translator } from "./core/i18n.js";
import { coreTranslations } from "./core/locales/core.js";
import type { Logger } from "./core/logger.js";
import { Router } from "./core/router.js";
import { communitiesFeature } from "./domain/communities/feature.js";
import { type Database, openDatabase } from "./storage/database.js";
import { redactDatabaseUrl } from "./storage/database-url.js";
import { migrate } from "./storage/migrations.js";
import { Store } from "./storage/store.js";

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Terminal streams for the console adapter. */
  console?: { input: Readable; output: Writable };
  /** Extra adapters (tests register their own through the contract suite). */
  adapters?: ChatAdapter[];
}

export interface App {
  router: Router;
  store: Store;
  database: Database;
  registry: AdapterRegistry;
  delivery: Delivery;
  translator: Translator;
  console: ConsoleAdapter | undefined;
  slack: SlackAdapter | undefined;
  banner: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const migrated = await migrate(config.DATABASE_URL);
  if (migrated.applied.length) logger.info({ applied: migrated.applied }, "migrations applied");

  const database = openDatabase(config.DATABASE_URL);
  const store = new Store(database);
  const translator = new Translator([coreTranslations]);
  const registry = new AdapterRegistry();
  const delivery = new Delivery(registry, store.storedActions, store.directory);
  const router = new Router({
    ledger: store.processedEvents,
    directory: store.directory,
    actions: store.storedActions,
    delivery,
    translator,
    clock,
    logger,
  });
  router.use(builtinCommands(router));
  router.use(communitiesFeature({ store, defaultTimezone: config.DEFAULT_TIMEZONE }));

  const platforms = enabledPlatforms(config);
  let consoleAdapter: ConsoleAdapter | undefined;
  if (platforms.includes("console")) {
    consoleAdapter = new ConsoleAdapter({
      input: options.console?.input ?? process.stdin,
      output: options.console?.output ?? process.stdout,
      now: () => clock.now(),
    });
    registry.register(consoleAdapter);
  }
  // Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP mode (signed requests to /slack/events).
  const slack = platforms.includes("slack")
    ? slackAdapterFromConfig(config, {
        logger,
        isCommand: (name) => router.listCommands().some((c) => c.name === name || c.aliases?.includes(name)),
      })
    : undefined;
  if (slack) registry.register(slack);
  for (const adapter of options.adapters ?? []) registry.register(adapter);

  const adapterNames = registry.all().map((a) => a.platform);
  const banner = `Talkoot — database: ${database.provider} (${redactDatabaseUrl(config.DATABASE_URL)}), adapters: ${adapterNames.join(", ")}`;

  return {
    router,
    store,
    database,
    registry,
    delivery,
    translator,
    console: consoleAdapter,
    slack,
    banner,
    async start() {
      for (const adapter of registry.all()) await adapter.start(router);
    },
    async stop() {
      router.stopAccepting();
      await router.drain(10_000);
      for (const adapter of registry.all()) await adapter.stop();
      await database.close();
    },
  };
}
