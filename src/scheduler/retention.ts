// Forgetting what is no longer needed, so tables stay small: de-duplication
// records, finished jobs (done, dead or dropped), delivered outbox rows,
// expired slot leases and expired pending actions (commands that waited for
// a direct chat; they hold the author's name), and flood-limit counts past
// every window. Dead outbox rows are kept: they are the dead letters
// that /setup status shows until someone deals with them.
//
// Cluster-wide singleton work: schedule it with scheduleSingleton(…,
// RETENTION_SCHEDULE) so one instance runs each fire.
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import type { Db } from "../storage/database.js";
import type { ProcessedEvents } from "../storage/repositories/processed-events.js";
import type { Leases } from "./leases.js";

const DAY_MS = 24 * 60 * 60_000;

export interface RetentionPolicy {
  processedEventsDays: number;
  finishedJobsDays: number;
  sentOutboxDays: number;
  expiredLeasesDays: number;
  expiredPendingActionsDays: number;
  /** Longer than every flood-limit window (the longest is an hour). */
  floodEventsDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  processedEventsDays: 7,
  finishedJobsDays: 30,
  sentOutboxDays: 7,
  expiredLeasesDays: 1,
  expiredPendingActionsDays: 1,
  floodEventsDays: 1,
};

/** Hourly, at an odd minute so it does not meet other hourly work; a fire's lease outlives any run. */
export const RETENTION_SCHEDULE = { name: "talkoot-retention", expression: "0 17 * * * *", leaseMs: 30 * 60_000 };

/** Statuses a job never leaves by itself. */
const FINISHED_JOB_STATUSES = ["done", "dead", "dropped"];

export interface RetentionReport {
  processedEvents: number;
  jobs: number;
  outbox: number;
  leases: number;
  pendingActions: number;
  floodEvents: number;
}

export interface RetentionDeps {
  db: Db;
  processedEvents: ProcessedEvents;
  leases: Leases;
  clock: Clock;
  logger: Logger;
}

export class Retention {
  constructor(
    private readonly deps: RetentionDeps,
    private readonly policy: RetentionPolicy = DEFAULT_RETENTION,
  ) {}

  async run(): Promise<RetentionReport> {
    const now = this.deps.clock.now().getTime();
    const before = (days: number) => new Date(now - days * DAY_MS);
    const { db } = this.deps;
    const processedEvents = await this.deps.processedEvents.purgeBefore(before(this.policy.processedEventsDays));
    const jobs = (
      await db.job.deleteMany({
        where: { status: { in: FINISHED_JOB_STATUSES }, finishedAt: { lt: before(this.policy.finishedJobsDays) } },
      })
    ).count;
    const outbox = (
      await db.outboxMessage.deleteMany({
        where: { status: "sent", sentAt: { lt: before(this.policy.sentOutboxDays) } },
      })
    ).count;
    const leases = await this.deps.leases.purgeExpiredBefore(before(this.policy.expiredLeasesDays));
    const pendingActions = (
      await db.pendingAction.deleteMany({ where: { expiresAt: { lt: before(this.policy.expiredPendingActionsDays) } } })
    ).count;
    const floodEvents = (await db.floodEvent.deleteMany({ where: { at: { lt: before(this.policy.floodEventsDays) } } }))
      .count;
    const report = { processedEvents, jobs, outbox, leases, pendingActions, floodEvents };
    this.deps.logger.info(report, "retention clean-up done");
    return report;
  }
}
