// Forgetting what is no longer needed, so tables stay small and personal
// data is kept no longer than its purpose needs (storage limitation):
// de-duplication records, finished jobs (done, dead or dropped), delivered
// outbox rows, expired slot leases and expired pending actions (commands
// that waited for a direct chat; they hold the author's name), expired form
// drafts (what someone typed into a refused form), flood-limit
// counts past every window, expired one-time codes, the free text of
// requests long closed or fixed (their description and comments; the
// request, its category, place and history stay for the city's records),
// and the volunteer's note on hours declined long ago. Dead outbox rows are
// kept: they are the dead letters that /setup status shows until someone
// deals with them. Audit entries are not touched.
//
// Cluster-wide singleton work: schedule it with scheduleSingleton(…,
// RETENTION_SCHEDULE) so one instance runs each fire.
import type { Config } from "../config.js";
import type { Clock } from "../core/clock.js";
import type { Logger } from "../core/logger.js";
import { REDACTED_TEXT } from "../core/redacted-text.js";
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
  /** After a request is closed or fixed, its description and comments are redacted. */
  closedRequestTextDays: number;
  /** After an hours entry is declined, the volunteer's note is cleared. */
  declinedHoursNotesDays: number;
  /** After a link or invite code expires, it is deleted. */
  expiredCodesDays: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  processedEventsDays: 7,
  finishedJobsDays: 30,
  sentOutboxDays: 7,
  expiredLeasesDays: 1,
  expiredPendingActionsDays: 1,
  floodEventsDays: 1,
  closedRequestTextDays: 180,
  declinedHoursNotesDays: 30,
  expiredCodesDays: 1,
};

/** The periods the configuration sets; the rest keep their defaults. */
export function retentionPolicy(config: Config): RetentionPolicy {
  return {
    ...DEFAULT_RETENTION,
    processedEventsDays: config.RETENTION_PROCESSED_EVENTS_DAYS ?? DEFAULT_RETENTION.processedEventsDays,
    sentOutboxDays: config.RETENTION_SENT_OUTBOX_DAYS ?? DEFAULT_RETENTION.sentOutboxDays,
    closedRequestTextDays: config.RETENTION_CLOSED_REQUEST_TEXT_DAYS ?? DEFAULT_RETENTION.closedRequestTextDays,
    declinedHoursNotesDays: config.RETENTION_DECLINED_HOURS_NOTES_DAYS ?? DEFAULT_RETENTION.declinedHoursNotesDays,
    expiredCodesDays: config.RETENTION_EXPIRED_CODES_DAYS ?? DEFAULT_RETENTION.expiredCodesDays,
  };
}

/** Requests redacted per statement: well under every database's limit on bound values. */
const REDACT_BATCH = 500;

export { REDACTED_TEXT } from "../core/redacted-text.js";

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
  redactedRequests: number;
  redactedUpdates: number;
  clearedHoursNotes: number;
  codes: number;
  formDrafts: number;
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
    const codes = (
      await db.oneTimeCode.deleteMany({ where: { expiresAt: { lt: before(this.policy.expiredCodesDays) } } })
    ).count;
    // A draft is worth nothing once its "Fix it" has expired (15 minutes).
    const formDrafts = (await db.formDraft.deleteMany({ where: { expiresAt: { lte: new Date(now) } } })).count;
    const clearedHoursNotes = (
      await db.hoursEntry.updateMany({
        where: {
          status: "declined",
          decidedAt: { lt: before(this.policy.declinedHoursNotesDays) },
          note: { not: null },
        },
        data: { note: null },
      })
    ).count;
    const { redactedRequests, redactedUpdates } = await this.redactClosedRequests(
      before(this.policy.closedRequestTextDays),
    );
    const report = {
      processedEvents,
      jobs,
      outbox,
      leases,
      pendingActions,
      floodEvents,
      redactedRequests,
      redactedUpdates,
      clearedHoursNotes,
      codes,
      formDrafts,
    };
    this.deps.logger.info(report, "retention clean-up done");
    return report;
  }

  /**
   * Requests closed or fixed before the cutoff lose their free text; a
   * reopened one is open again and keeps it. In batches; comments go first,
   * so a run cut short leaves the request to be found again next time.
   */
  private async redactClosedRequests(cutoff: Date): Promise<{ redactedRequests: number; redactedUpdates: number }> {
    const { db } = this.deps;
    const due = {
      description: { not: REDACTED_TEXT },
      OR: [
        { status: "closed", closedAt: { lt: cutoff } },
        { status: "fixed", fixedAt: { lt: cutoff } },
      ],
    };
    let redactedRequests = 0;
    let redactedUpdates = 0;
    for (;;) {
      const ids = (await db.serviceRequest.findMany({ where: due, select: { id: true }, take: REDACT_BATCH })).map(
        (r) => r.id,
      );
      if (ids.length === 0) break;
      redactedUpdates += (
        await db.requestUpdate.updateMany({
          // A task link's text is the shift's title, not the resident's words.
          where: { requestId: { in: ids }, text: { not: null }, NOT: { kind: "task" } },
          data: { text: REDACTED_TEXT },
        })
      ).count;
      redactedRequests += (
        await db.serviceRequest.updateMany({ where: { id: { in: ids } }, data: { description: REDACTED_TEXT } })
      ).count;
    }
    return { redactedRequests, redactedUpdates };
  }
}
