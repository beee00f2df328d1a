// The composition root: builds every part from the configuration, in order,
// and hands back what main.ts (and the tests) need to run and stop it.
//   database -> store -> delivery -> router + features -> outbox + jobs
//   -> adapters -> HTTP (health, metrics, webhooks)
import type { Readable, Writable } from "node:stream";
import { ConsoleAdapter } from "../adapters/console/console-adapter.js";
import type { SlackAdapter } from "../adapters/slack/slack-adapter.js";
import type { TelegramAdapter } from "../adapters/telegram/telegram-adapter.js";
import { type Config, enabledPlatforms } from "./config.js";
import type { ChatAdapter } from "./core/adapter.js";
import { builtinCommands } from "./core/builtin-commands.js";
import { type Clock, systemClock } from "./core/clock.js";
import { AdapterRegistry, Delivery } from "./core/delivery.js";
import { Translator } from "./core/i18n.js";
import { newInstanceId } from "./core/instance-id.js";
import { coreTranslations } from "./core/locales/core.js";
import type { Logger } from "./core/logger.js";
import { Router } from "./core/router.js";
import { communitiesFeature } from "./domain/communities/feature.js";
import { outboxStatus } from "./domain/communities/outbox-status.js";
import { Notifier } from "./domain/notifications/notifier.js";
import { type PollsDeps, pollsFeature, pollVoteHandler, registerPollJobs } from "./domain/polls/feature.js";
import {
  loadRequestsConfigFile,
  open311Handler,
  type RequestsDeps,
  registerRequestJobs,
  requestRoutingStatus,
  requestSetupSubcommands,
  requestsFeature,
} from "./domain/requests/feature.js";
import { calendarFeed, registerTaskJobs, type TasksDeps, tasksFeature } from "./domain/tasks/feature.js";
import { HttpServer } from "./http/http-server.js";
import { Readiness } from "./http/readiness.js";
import type { ShutdownParts } from "./lifecycle.js";
import { Metrics } from "./metrics/metrics.js";
import { MetricsRouterObserver } from "./metrics/router-observer.js";
import { OutboxDispatcher } from "./outbox/dispatcher.js";
import { Outbox } from "./outbox/outbox.js";
import { JobQueue } from "./scheduler/job-queue.js";
import { LeaseRunCoordinator } from "./scheduler/lease-coordinator.js";
import { Leases } from "./scheduler/leases.js";
import { RETENTION_SCHEDULE, Retention } from "./scheduler/retention.js";
import { type SingletonSchedule, scheduleSingleton } from "./scheduler/singleton-schedule.js";
import { Ticker } from "./scheduler/ticker.js";
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
  /** Run the job ticker and retention schedule (tests that move a manual clock tick by hand). */
  timers?: boolean;
}

export interface App {
  config: Config;
  router: Router;
  store: Store;
  database: Database;
  registry: AdapterRegistry;
  delivery: Delivery;
  translator: Translator;
  outbox: Outbox;
  dispatcher: OutboxDispatcher;
  jobs: JobQueue;
  notifier: Notifier;
  tasks: TasksDeps;
  requests: RequestsDeps;
  polls: PollsDeps;
  metrics: Metrics;
  http: HttpServer | undefined;
  console: ConsoleAdapter | undefined;
  slack: SlackAdapter | undefined;
  telegram: TelegramAdapter | undefined;
  banner: string;
  /** What the lifecycle stops on SIGTERM, in order. */
  shutdownParts: ShutdownParts;
  start(): Promise<void>;
  /** Stops everything in the lifecycle's order, without exiting (tests). */
  stop(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  const clock = options.clock ?? systemClock;
  const migrated = await migrate(config.DATABASE_URL);
  if (migrated.applied.length) logger.info({ applied: migrated.applied }, "migrations applied");

  const database = openDatabase(config.DATABASE_URL);
  const store = new Store(database);
  const metrics = new Metrics();
  const instanceId = newInstanceId();
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
    observer: new MetricsRouterObserver(metrics),
  });

  const outbox = new Outbox(database, clock);
  const dispatcher = new OutboxDispatcher(
    { outbox, sender: delivery, clock, logger, observer: metrics.outboxObserver() },
    { instanceId },
  );
  metrics.watchOutbox(() => outbox.stats());
  const jobs = new JobQueue({ database, clock, logger, observer: metrics.jobObserver() }, { instanceId });
  const notifier = new Notifier(outbox, store, translator);

  router.use(builtinCommands(router));
  const tasks: TasksDeps = {
    store,
    jobs,
    notifier,
    delivery,
    translator,
    clock,
    logger,
    // Checked on each call, so adapters registered below count.
    canEdit: (platform) => registry.has(platform) && registry.get(platform).capabilities.editMessage,
  };
  const requests: RequestsDeps = { store, outbox, jobs, translator, clock, logger, tasks };

  router.use(
    communitiesFeature({
      store,
      defaultTimezone: config.DEFAULT_TIMEZONE,
      statusProviders: [outboxStatus(outbox, store), requestRoutingStatus(requests)],
      setupSubcommands: requestSetupSubcommands(requests),
    }),
  );

  router.use(tasksFeature(tasks));
  registerTaskJobs(jobs, tasks);

  const polls: PollsDeps = {
    store,
    jobs,
    outbox,
    notifier,
    translator,
    clock,
    logger,
    tasks,
    // Looked up on each call, so adapters registered below count.
    platform: (platform) => (registry.has(platform) ? registry.get(platform) : undefined),
    timers: options.timers ?? true,
  };
  router.use(pollsFeature(polls));
  registerPollJobs(jobs, polls);
  router.onPollVote(pollVoteHandler(polls));

  router.use(requestsFeature(requests));
  registerRequestJobs(jobs, requests);
  // Categories and contacts from a file (TALKOOT_CONFIG_FILE), applied at every start; a bad file stops the bot.
  if (config.TALKOOT_CONFIG_FILE) {
    const report = await loadRequestsConfigFile(config.TALKOOT_CONFIG_FILE, requests);
    logger.info({ file: config.TALKOOT_CONFIG_FILE, applied: report.applied }, "request config applied");
    for (const warning of report.warnings) logger.warn({ file: config.TALKOOT_CONFIG_FILE }, warning);
    for (const name of report.skipped) {
      logger.warn({ community: name }, "config file names a community that does not exist yet; skipped");
    }
  }

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
  const isCommand = (name: string) => router.listCommands().some((c) => c.name === name || c.aliases?.includes(name));
  // Telegram: long polling, or a webhook on the HTTP server when TELEGRAM_WEBHOOK_URL is set.
  // Platform SDKs are loaded only when configured: Bolt alone is tens of MB.
  const telegram = platforms.includes("telegram")
    ? await telegramFrom(config, store, router, translator, logger, isCommand)
    : undefined;
  if (telegram) registry.register(telegram);
  // Slack: Socket Mode with SLACK_APP_TOKEN, else HTTP mode (signed requests to /slack/events).
  const slack = platforms.includes("slack")
    ? (await import("../adapters/slack/slack-adapter.js")).slackAdapterFromConfig(config, { logger, isCommand })
    : undefined;
  if (slack) registry.register(slack);
  for (const adapter of options.adapters ?? []) registry.register(adapter);

  let http: HttpServer | undefined;
  if (config.HTTP_PORT !== undefined) {
    const readiness = new Readiness()
      .addDatabase(database, () => metrics.databaseError("readyz"))
      .addAdapters(registry);
    http = new HttpServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, logger, readiness, metrics });
    if (slack?.mode === "http") http.mount(slack.httpPath, slack.handleHttp);
    if (telegram?.webhookPath) http.mount(telegram.webhookPath, telegram.webhookHandler());
    http.mount("/open311", open311Handler(requests));
    const calendar = calendarFeed(tasks);
    http.mount("/cal", async (req, res) => {
      if (!(await calendar(req, res)))
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("not found");
    });
  }

  const timers = options.timers ?? true;
  const ticker = new Ticker(() => jobs.tick(), logger, { everySeconds: config.SCHEDULER_TICK_SECONDS });
  const leases = new Leases(database.db);
  let retention: SingletonSchedule | undefined;
  const retentionTicker = {
    stop: async () => {
      await retention?.stop();
    },
  };

  const adapterNames = registry.all().map((a) => a.platform);
  const banner = `Talkoot — database: ${database.provider} (${redactDatabaseUrl(config.DATABASE_URL)}), adapters: ${adapterNames.join(", ")}${http ? `, http: port ${config.HTTP_PORT}` : ""}`;

  const shutdownParts: ShutdownParts = {
    router,
    tickers: [ticker, retentionTicker],
    outbox: dispatcher,
    adapters: registry.all(),
    http,
    database,
  };

  return {
    config,
    router,
    store,
    database,
    registry,
    delivery,
    translator,
    outbox,
    dispatcher,
    jobs,
    notifier,
    tasks,
    requests,
    polls,
    metrics,
    http,
    console: consoleAdapter,
    slack,
    telegram,
    banner,
    shutdownParts,
    async start() {
      if (http) await http.listen();
      for (const adapter of registry.all()) await adapter.start(router);
      dispatcher.start();
      if (timers) {
        ticker.start();
        retention = scheduleSingleton(
          () => new Retention({ db: database.db, processedEvents: store.processedEvents, leases, clock, logger }).run(),
          { ...RETENTION_SCHEDULE, coordinator: new LeaseRunCoordinator(leases, instanceId, clock), logger },
        );
      }
    },
    async stop() {
      router.stopAccepting();
      await router.drain(10_000);
      await ticker.stop();
      await retentionTicker.stop();
      await dispatcher.flush(5_000);
      await dispatcher.stop();
      for (const adapter of registry.all()) await adapter.stop();
      await http?.close();
      await database.close();
    },
  };
}

async function telegramFrom(
  config: Config,
  store: Store,
  router: Router,
  translator: Translator,
  logger: Logger,
  isCommand: (name: string) => boolean,
): Promise<TelegramAdapter | undefined> {
  const { telegramAdapterFromConfig } = await import("../adapters/telegram/from-config.js");
  const { commandMenuOf } = await import("../adapters/telegram/command-menu.js");
  return telegramAdapterFromConfig(config, {
    state: store.adapterState,
    logger,
    commandMenu: commandMenuOf(() => router.listCommands(), translator),
    isCommand,
  });
}
