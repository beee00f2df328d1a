// Every Prometheus metric Talkoot exports, on its own registry (never the
// global one, so tests and several bots in one process do not collide).
// Components report through small observer interfaces (RouterObserver,
// JobQueueObserver, OutboxObserver); this module implements them.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { OutboxObserver } from "../outbox/dispatcher.js";
import type { OutboxStats } from "../outbox/outbox.js";
import type { JobQueueObserver } from "../scheduler/job-queue.js";
import { DATABASE_ERROR_SOURCES, INBOUND_KINDS, OUTCOMES } from "./known-labels.js";

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
  /** How long one outbox stats query serves scrapes (the three outbox gauges of a scrape share it). */
  outboxStatsReuseMs?: number;
}

/** Handler latencies: most answers take milliseconds; platforms give up after about 3 s. */
const HANDLER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Job lag: the ticker runs every 15 s, so a healthy lag stays under that. */
const JOB_LAG_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 900, 3600, 21600];

export class Metrics {
  readonly registry = new Registry();
  readonly eventsReceived: Counter<"platform" | "kind">;
  readonly eventsHandled: Counter<"platform" | "kind" | "outcome">;
  readonly handlerSeconds: Histogram<"platform" | "kind">;
  readonly outboxDepth: Gauge;
  readonly outboxOldestAgeSeconds: Gauge;
  readonly outboxDeadLetters: Gauge;
  readonly outboxDeadLettered: Counter<"platform">;
  readonly outboxDelivered: Counter<"platform">;
  readonly jobLagSeconds: Histogram<"kind">;
  readonly jobsDead: Counter<"kind">;
  readonly jobsDropped: Counter<"kind">;
  readonly databaseErrors: Counter<"source">;
  readonly unhandledRejections: Counter;
  private outboxStatsSource: (() => Promise<OutboxStats>) | undefined;
  private outboxStatsCache: { at: number; stats: Promise<OutboxStats | undefined> } | undefined;
  private readonly outboxStatsReuseMs: number;

  constructor(options: MetricsOptions = {}) {
    this.outboxStatsReuseMs = options.outboxStatsReuseMs ?? 1_000;
    const registers = [this.registry];
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      this.dropTotalGauges();
    }
    this.eventsReceived = new Counter({
      name: "talkoot_events_received_total",
      help: "Inbound events received, by platform and kind.",
      labelNames: ["platform", "kind"],
      registers,
    });
    this.eventsHandled = new Counter({
      name: "talkoot_events_handled_total",
      help: "Inbound events finished, by platform, kind and outcome (handled, duplicate, failed, ignored).",
      labelNames: ["platform", "kind", "outcome"],
      registers,
    });
    this.handlerSeconds = new Histogram({
      name: "talkoot_handler_duration_seconds",
      help: "Time from receiving an event to finishing its handler.",
      labelNames: ["platform", "kind"],
      buckets: HANDLER_BUCKETS,
      registers,
    });
    this.outboxDepth = this.outboxGauge("talkoot_outbox_depth", "Outbox messages not yet delivered.", (s) => s.depth);
    this.outboxOldestAgeSeconds = this.outboxGauge(
      "talkoot_outbox_oldest_age_seconds",
      "Age of the oldest undelivered outbox message.",
      (s) => s.oldestAgeSeconds,
    );
    this.outboxDeadLetters = this.outboxGauge(
      "talkoot_outbox_dead_letters",
      "Outbox messages given up on (dead letters) currently stored.",
      (s) => s.dead,
    );
    this.outboxDeadLettered = new Counter({
      name: "talkoot_outbox_dead_lettered_total",
      help: "Outbox messages dead-lettered by this process.",
      labelNames: ["platform"],
      registers,
    });
    this.outboxDelivered = new Counter({
      name: "talkoot_outbox_delivered_total",
      help: "Outbox messages delivered by this process.",
      labelNames: ["platform"],
      registers,
    });
    this.jobLagSeconds = new Histogram({
      name: "talkoot_job_lag_seconds",
      help: "How late jobs start: start time minus the time they were due.",
      labelNames: ["kind"],
      buckets: JOB_LAG_BUCKETS,
      registers,
    });
    this.jobsDead = new Counter({
      name: "talkoot_jobs_dead_total",
      help: "Jobs given up on after their last attempt.",
      labelNames: ["kind"],
      registers,
    });
    this.jobsDropped = new Counter({
      name: "talkoot_jobs_dropped_total",
      help: "Jobs dropped because running them had become pointless (too late).",
      labelNames: ["kind"],
      registers,
    });
    this.databaseErrors = new Counter({
      name: "talkoot_database_errors_total",
      help: "Database operations that failed, by where they failed.",
      labelNames: ["source"],
      registers,
    });
    this.unhandledRejections = new Counter({
      name: "talkoot_unhandled_rejections_total",
      help: "Promise rejections nobody handled (each one is a bug).",
      registers,
    });
    for (const source of DATABASE_ERROR_SOURCES) this.databaseErrors.inc({ source }, 0);
  }

  /**
   * Starts every labelled counter at zero for the label values known once
   * the bot is wired (its platforms and job kinds), so that the first event
   * is an increase that alerts can see, not a new series.
   */
  startAtZero(known: { platforms: readonly string[]; jobKinds: readonly string[] }): void {
    for (const platform of known.platforms) {
      this.outboxDelivered.inc({ platform }, 0);
      this.outboxDeadLettered.inc({ platform }, 0);
      for (const kind of INBOUND_KINDS) {
        this.eventsReceived.inc({ platform, kind }, 0);
        for (const outcome of OUTCOMES) this.eventsHandled.inc({ platform, kind, outcome }, 0);
      }
    }
    for (const kind of known.jobKinds) {
      this.jobsDead.inc({ kind }, 0);
      this.jobsDropped.inc({ kind }, 0);
    }
  }

  /**
   * prom-client's default metrics include gauges named …_total (active
   * handles, requests and resources). The exposition format keeps _total for
   * counters, and `promtool check metrics` rejects them; the same numbers are
   * the sum of the labelled gauges without the suffix (nodejs_active_handles…).
   */
  private dropTotalGauges(): void {
    for (const metric of this.registry.getMetricsAsArray()) {
      // prom-client's typings call `type` a numeric enum; at run time it is the name ("counter").
      if (String(metric.type) !== "counter" && metric.name.endsWith("_total"))
        this.registry.removeSingleMetric(metric.name);
    }
  }

  /** Where the outbox gauges read from at scrape time. */
  watchOutbox(source: () => Promise<OutboxStats>): void {
    this.outboxStatsSource = source;
  }

  /** The Prometheus text exposition of every metric. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  databaseError(source: string): void {
    this.databaseErrors.inc({ source });
  }

  jobObserver(): JobQueueObserver {
    return {
      jobStarted: (kind, lagSeconds) => this.jobLagSeconds.observe({ kind }, lagSeconds),
      jobDead: (kind) => this.jobsDead.inc({ kind }),
      jobDropped: (kind) => this.jobsDropped.inc({ kind }),
      databaseError: (source) => this.databaseError(source),
    };
  }

  outboxObserver(): OutboxObserver {
    return {
      delivered: (platform) => this.outboxDelivered.inc({ platform }),
      deadLettered: (platform) => this.outboxDeadLettered.inc({ platform }),
      databaseError: (source) => this.databaseError(source),
    };
  }

  /** A gauge read from the outbox at scrape time. */
  private outboxGauge(name: string, help: string, pick: (stats: OutboxStats) => number): Gauge {
    const read = () => this.currentOutboxStats();
    return new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        const stats = await read();
        if (stats) this.set(pick(stats));
      },
    });
  }

  private currentOutboxStats(): Promise<OutboxStats | undefined> {
    const source = this.outboxStatsSource;
    if (!source) return Promise.resolve(undefined);
    const now = Date.now();
    if (this.outboxStatsCache && now - this.outboxStatsCache.at < this.outboxStatsReuseMs)
      return this.outboxStatsCache.stats;
    const stats = source().catch(() => {
      // A scrape while the database is away keeps the last values and counts the error.
      this.databaseError("metrics.outbox");
      return undefined;
    });
    this.outboxStatsCache = { at: now, stats };
    return stats;
  }
}
