// The composition root: builds every part from the configuration, in order,
// and hands back what main.ts (and the tests) need to run and stop it.
//   database -> store -> delivery -> router -> outbox + jobs
//   -> feature modules (src/domain/*/feature.ts) -> adapter modules (src/adapters.ts)
//   -> HTTP (health, metrics, feature routes, webhooks, Open311)
import type { Readable, Writable } from "node:stream";
import type { AdapterModule, AdapterRoute } from "./adapter-module.js";
import { ADAPTER_MODULES } from "./adapters.js";
import { type Config, enabledPlatforms, requireAdapters, secretsOf } from "./config.js";
import type { ChatAdapter } from "./core/adapter.js";
import { builtinCommands } from "./core/builtin-commands.js";
import type { ChatChange } from "./core/chat-changes.js";
import { type Clock, systemClock } from "./core/clock.js";
import { AdapterRegistry, Delivery } from "./core/delivery.js";
import { Translator } from "./core/i18n.js";
import { newInstanceId } from "./core/instance-id.js";
import { coreTranslations } from "./core/locales/core.js";
import { type Logger, protectSecrets } from "./core/logger.js";
import { Router } from "./core/router.js";
import { accountabilityModule } from "./domain/accountability/feature.js";
import { ChatLifecycle } from "./domain/communities/chat-lifecycle.js";
import { communitiesModule } from "./domain/communities/feature.js";
import { outboxStatus } from "./domain/communities/outbox-status.js";
import type { FeatureModule } from "./domain/feature-module.js";
import { storedLocales } from "./domain/flows/form-asker.js";
import { guidedForms } from "./domain/flows/guided-forms.js";
import {
  type FlowsModule,
  flowsModule,
  placeKey,
  REQUEST_CATEGORIES,
  requestFlow,
  USUAL_TASK_TIMES,
} from "./domain/flows/index.js";
import { Notifier } from "./domain/notifications/notifier.js";
import { type PollsModule, pollsModule } from "./domain/polls/index.js";
import { type PrivacyModule, privacyModule } from "./domain/privacy/index.js";
import { loadRequestsConfig, nearbyButtons, type RequestsModule, requestsModule } from "./domain/requests/index.js";
import { type TasksModule, tasksModule } from "./domain/tasks/index.js";
import { HABIT_SAMPLE, HABIT_WINDOW_MS, usualStartTimes } from "./domain/tasks/usual-times.js";
import type { HttpServer } from "./http/http-server.js";
import { type ShutdownParts, stopParts } from "./lifecycle.js";
import { Metrics } from "./metrics/metrics.js";
import { MetricsRouterObserver } from "./metrics/router-observer.js";
import { OutboxDispatcher } from "./outbox/dispatcher.js";
import { Outbox } from "./outbox/outbox.js";
import { JobQueue } from "./scheduler/job-queue.js";
import { LeaseRunCoordinator } from "./scheduler/lease-coordinator.js";
import { Leases } from "./scheduler/leases.js";
import { RETENTION_SCHEDULE, Retention, retentionPolicy } from "./scheduler/retention.js";
import { type SingletonSchedule, scheduleSingleton } from "./scheduler/singleton-schedule.js";
import { Ticker } from "./scheduler/ticker.js";
import { serverSecret } from "./server-secret.js";
import { databaseStartError, portStartError } from "./start-errors.js";
import { type Database, openDatabase } from "./storage/database.js";
import { redactDatabaseUrl } from "./storage/database-url.js";
import { releaseLeasesOfGoneInstances } from "./storage/gone-instance-leases.js";
import { migrate } from "./storage/migrations.js";
import type { StatementObserver } from "./storage/statement-observer.js";
import { isStorageOutage } from "./storage/storage-outage.js";
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
  /** Told every statement sent to the database (tests and the benchmark count a path's statements). */
  observeStatement?: StatementObserver;
  /** The platforms this build can run; default every module in src/adapters.ts. */
  adapterModules?: readonly AdapterModule[];
}

/** The feature modules, by name, typed for tests and tools that reach their services. */
export interface AppModules {
  communities: FeatureModule;
  tasks: TasksModule;
  polls: PollsModule;
  requests: RequestsModule;
  privacy: PrivacyModule;
  accountability: FeatureModule;
  flows: FlowsModule;
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
  modules: AppModules;
  metrics: Metrics;
  http: HttpServer | undefined;
  /** The running adapters, by platform. */
  adapters: ReadonlyMap<string, ChatAdapter>;
  banner: string;
  /** What the lifecycle stops on SIGTERM, in order. */
  shutdownParts: ShutdownParts;
  start(): Promise<void>;
  /** Stops everything in the lifecycle's order, without exiting (tests). */
  stop(): Promise<void>;
}

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, logger } = options;
  // Whatever logger the caller made, it never prints this configuration's secrets.
  protectSecrets(logger, secretsOf(config));
  const clock = options.clock ?? systemClock;
  // A platform turned on with no adapter module in this build stops the start, before anything opens.
  const platforms = enabledPlatforms(config);
  const adapterModules = options.adapterModules ?? ADAPTER_MODULES;
  requireAdapters(
    platforms,
    adapterModules.map((module) => module.platform),
  );
  const migrated = await migrate(config.DATABASE_URL).catch((error: unknown) => {
    throw databaseStartError(config.DATABASE_URL, error);
  });
  if (migrated.applied.length) logger.info({ applied: migrated.applied }, "migrations applied");

  const secret = serverSecret(config);
  protectSecrets(logger, [secret.value]);
  if (typeof secret.source !== "string") {
    logger.info({ file: secret.source.file, created: secret.source.created }, "server secret kept in a local file");
  }
  const database = await openDatabase(config.DATABASE_URL, { observeStatement: options.observeStatement });
  const instanceId = newInstanceId();
  const store = new Store(database, instanceId);
  const metrics = new Metrics();
  const translator = new Translator([coreTranslations]);
  const registry = new AdapterRegistry();
  const delivery = new Delivery(registry, store.storedActions, store.directory);
  const outbox = new Outbox(database, clock);
  const router = new Router({
    ledger: store.processedEvents,
    directory: store.directory,
    actions: store.storedActions,
    pendingActions: store.pendingActions,
    delivery,
    translator,
    clock,
    logger,
    storageOutage: isStorageOutage,
    observer: new MetricsRouterObserver(metrics),
    deferredReplies: outbox,
  });

  // Chats that move or that the bot can no longer post in, as adapters and failed sends report them.
  const chats = {
    unreachableReason: (chatId: string) => store.chats.unreachableReason(chatId),
    changed: (change: ChatChange) => router.chatChanged(change),
  };
  const dispatcher = new OutboxDispatcher(
    { outbox, sender: delivery, clock, logger, observer: metrics.outboxObserver(), chats },
    { instanceId },
  );
  metrics.watchOutbox(() => outbox.stats());
  const jobs = new JobQueue({ database, clock, logger, observer: metrics.jobObserver() }, { instanceId });
  const notifier = new Notifier(outbox, store, translator);
  router.onChatChange(new ChatLifecycle({ store, notifier, clock, logger }).handle);
  router.use(builtinCommands(router));

  // The features. Capabilities are looked up on each call, so adapters registered below count.
  const platformOf = (platform: string) => (registry.has(platform) ? registry.get(platform) : undefined);
  const tasks = tasksModule({
    store,
    jobs,
    notifier,
    delivery,
    cardOutbox: outbox,
    translator,
    clock,
    logger,
    canEdit: (platform) => platformOf(platform)?.capabilities.editMessage ?? false,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  });
  const polls = pollsModule({
    store,
    jobs,
    outbox,
    notifier,
    translator,
    clock,
    logger,
    tasks: tasks.api,
    ballotSecret: secret.value,
    platform: platformOf,
    events: () => router,
    timers: options.timers ?? true,
  });
  const requests = requestsModule({
    store,
    outbox,
    jobs,
    translator,
    clock,
    logger,
    tasks: tasks.api,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    sharesLocations: (platform) => platformOf(platform)?.capabilities.sharedLocations ?? false,
    files: (platform) => {
      const adapter = platformOf(platform);
      return adapter?.downloadFile ? { downloadFile: adapter.downloadFile.bind(adapter) } : undefined;
    },
  });
  const accountability = accountabilityModule({
    store,
    privacyContact: config.PRIVACY_CONTACT,
    retention: retentionPolicy(config),
  });
  // Privacy reads every module's person data when a command runs, its own included.
  const privacy = privacyModule(
    { store, database, delivery, capabilities: (platform) => platformOf(platform)?.capabilities },
    () => Object.values(modules),
  );
  const communities = communitiesModule(
    { store, defaultTimezone: config.DEFAULT_TIMEZONE, statusLines: [outboxStatus(outbox, store)] },
    [tasks, polls, requests, privacy, accountability],
  );
  // Guided flows: a command that lacks a piece asks for it; the finished line runs through the router.
  const flows = flowsModule({
    store,
    outbox,
    jobs,
    notifier,
    clock,
    commands: () => router,
    choiceLists: {
      [REQUEST_CATEGORIES]: async (ctx) =>
        ctx.community
          ? (await requests.services.repo.categories.list(ctx.community.id)).map((c) => ({
              value: c.code,
              label: c.name,
            }))
          : [],
      [USUAL_TASK_TIMES]: async (ctx) => {
        if (!ctx.community) return [];
        const since = new Date(ctx.clock.now().getTime() - HABIT_WINDOW_MS);
        const starts = await tasks.services.tasks.recentStarts(ctx.community.id, since, HABIT_SAMPLE);
        return usualStartTimes(starts, ctx.community.timezone, 3).map((time) => ({ value: time, label: time }));
      },
    },
    previewButtons: {
      [requestFlow.name]: (ctx, answers) =>
        // A place shared as the answer to "Where?" first: the request gets it as --at, as the list should.
        nearbyButtons(requests.services, ctx, [
          answers[placeKey("where")],
          answers.category,
          answers.description,
          answers.where,
        ]),
    },
  });
  router.guideWith(flows.guide);
  const modules: AppModules = { communities, tasks, polls, requests, privacy, accountability, flows };
  for (const module of Object.values(modules) as FeatureModule[]) {
    router.use(module);
    for (const job of module.jobs ?? []) jobs.register(job.kind, job.handler);
    store.people.onMerge(module.person.merge);
    if (module.pollVotes) router.onPollVote(module.pollVotes);
    if (module.locations) router.onLocation(module.locations);
  }

  // Categories and contacts from a file (TALKOOT_CONFIG_FILE), applied at every start; a bad file stops the bot.
  if (config.TALKOOT_CONFIG_FILE) {
    const report = await loadRequestsConfig(config.TALKOOT_CONFIG_FILE, requests.services);
    logger.info({ file: config.TALKOOT_CONFIG_FILE, applied: report.applied }, "request config applied");
    for (const warning of report.warnings) logger.warn({ file: config.TALKOOT_CONFIG_FILE }, warning);
    for (const name of report.skipped) {
      logger.warn({ community: name }, "config file names a community that does not exist yet; skipped");
    }
  }

  // The adapters this configuration turns on, each from its module.
  const adapterRoutes: AdapterRoute[] = [];
  const adapterDeps = {
    logger,
    clock,
    store,
    translator,
    commands: () => router.listCommands(),
    isCommand: (name: string) => router.listCommands().some((c) => c.name === name || c.aliases?.includes(name)),
    terminal: options.console,
    forms: guidedForms(() => router.listCommands(), {
      locales: storedLocales(store),
      drafts: () => store.formDrafts,
      translator: () => translator,
      clock,
    }),
  };
  for (const module of adapterModules) {
    if (!platforms.includes(module.platform)) continue;
    const built = await module.fromConfig(config, adapterDeps);
    if (!built) continue;
    registry.register(built.adapter);
    adapterRoutes.push(...(built.httpRoutes ?? []));
  }
  for (const adapter of options.adapters ?? []) registry.register(adapter);

  let http: HttpServer | undefined;
  if (config.HTTP_PORT !== undefined) {
    // Loaded only when there is an HTTP server: Open311's XML builder alone is
    // over a megabyte of heap that a long-polling bot never uses.
    const [{ HttpServer }, { Readiness }, { OPEN311_MAX_BODY_BYTES }, { createOpen311Handler }] = await Promise.all([
      import("./http/http-server.js"),
      import("./http/readiness.js"),
      import("./http/open311/body.js"),
      import("./http/open311/handler.js"),
    ]);
    const readiness = new Readiness()
      .addDatabase(database, () => metrics.databaseError("readyz"))
      .addAdapters(registry);
    http = new HttpServer({ port: config.HTTP_PORT, host: config.HTTP_HOST, logger, readiness, metrics });
    for (const route of adapterRoutes) http.mount(route.path, route.handler);
    for (const module of Object.values(modules) as FeatureModule[]) {
      for (const route of module.httpRoutes ?? []) http.mountRoute(route);
    }
    // Open311 is another way in for residents' requests, over HTTP.
    http.mount("/open311", createOpen311Handler(requests.services, "/open311"), {
      maxBodyBytes: OPEN311_MAX_BODY_BYTES,
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
  metrics.startAtZero({
    platforms: adapterNames,
    jobKinds: (Object.values(modules) as FeatureModule[]).flatMap((module) =>
      (module.jobs ?? []).map((job) => job.kind),
    ),
  });
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
    modules,
    metrics,
    http,
    adapters: new Map(registry.all().map((adapter) => [adapter.platform, adapter])),
    banner,
    shutdownParts,
    async start() {
      if (http) {
        await http.listen().catch((error: unknown) => {
          throw portStartError(config.HTTP_PORT ?? 0, config.HTTP_HOST, error);
        });
      }
      // A crashed predecessor's leases end now, so its jobs, sends and events go on at once.
      await releaseLeasesOfGoneInstances(database.db, clock.now()).then(
        (released) => {
          if (released.jobs + released.sends + released.eventClaims > 0) {
            logger.info(released, "ended the leases of a process on this machine that is gone");
          }
        },
        (error: unknown) => logger.warn({ err: error }, "could not look for leases of gone processes"),
      );
      for (const adapter of registry.all()) await adapter.start(router);
      for (const module of Object.values(modules) as FeatureModule[]) await module.started?.(adapterNames);
      dispatcher.start();
      if (timers) {
        ticker.start();
        retention = scheduleSingleton(
          () =>
            new Retention(
              { db: database.db, processedEvents: store.processedEvents, leases, clock, logger },
              retentionPolicy(config),
            ).run(),
          { ...RETENTION_SCHEDULE, coordinator: new LeaseRunCoordinator(leases, instanceId, clock), logger },
        );
      }
    },
    stop: () => stopParts(shutdownParts, logger),
  };
}
