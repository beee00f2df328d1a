// Every label value the bot's counters can take that is known before the
// first event, so the counters start at zero (Metrics.startAtZero): an alert
// on rate() or increase() sees the first failure only if the series existed
// before it. The compile-time checks below fail when a new event kind or
// outcome is added but not listed here.
import type { EventOutcome, InboundKind } from "../core/events.js";

export const INBOUND_KINDS = [
  "command",
  "action",
  "pollVote",
  "message",
  "location",
] as const satisfies readonly InboundKind[];

export const OUTCOMES = [
  "handled",
  "duplicate",
  "failed",
  "ignored",
  "unavailable",
] as const satisfies readonly EventOutcome["status"][];

/** Where a database error can be counted (the `source` passed to databaseError by outbox, jobs and health). */
export const DATABASE_ERROR_SOURCES = [
  "jobs.claim",
  "jobs.finish",
  "jobs.renew",
  "outbox.flush",
  "outbox.claim",
  "outbox.record",
  "outbox.renew",
  "metrics.outbox",
  "readyz",
] as const;

type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : Exclude<All, Listed>;
const kindsListed: Missing<InboundKind, (typeof INBOUND_KINDS)[number]> = true;
const outcomesListed: Missing<EventOutcome["status"], (typeof OUTCOMES)[number]> = true;
void kindsListed;
void outcomesListed;
