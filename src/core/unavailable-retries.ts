// An event the core answers "unavailable" while it still takes events has
// met a database that does not answer. A platform that will not deliver it
// again (Slack and Discord are acknowledged before the core runs) keeps it
// here, in memory, and tries again with back-off until the database is back:
// for at most `giveUpAfterMs`, and for at most `maxWaiting` events at a time.
// A crash meanwhile loses them; only a durable inbox would not.
import { abortableSleep } from "./abortable-sleep.js";
import { type BackoffPolicy, exponentialBackoffMs } from "./backoff.js";
import type { EventOutcome, EventSink, InboundEvent } from "./events.js";
import type { Logger } from "./logger.js";

export interface UnavailableRetriesOptions {
  logger: Logger;
  /** Events waiting for the database at one time; more are given up at once (default 1000). */
  maxWaiting?: number;
  /** How long one event waits for the database (default 10 minutes; a Discord interaction lives 15). */
  giveUpAfterMs?: number;
  backoff?: BackoffPolicy;
}

const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, maxMs: 30_000 };

export class UnavailableRetries {
  private waiting = 0;
  private stopping = new AbortController();

  constructor(private readonly options: UnavailableRetriesOptions) {}

  /** The core's outcome for `event`, tried again while the core takes events but cannot record this one. */
  async handle(sink: EventSink, event: InboundEvent): Promise<EventOutcome> {
    let outcome = await sink.handle(event);
    if (!this.databaseDown(sink, outcome)) return outcome;
    const { logger } = this.options;
    if (!this.hasRoom()) {
      logger.error({ eventId: event.eventId }, "event lost: the database is down and too many events wait for it");
      return outcome;
    }
    this.waiting++;
    const signal = this.stopping.signal;
    const giveUpAt = Date.now() + (this.options.giveUpAfterMs ?? 600_000);
    try {
      for (let attempt = 1; this.databaseDown(sink, outcome) && !signal.aborted; attempt++) {
        if (Date.now() >= giveUpAt) break;
        await abortableSleep(exponentialBackoffMs(attempt, this.options.backoff ?? DEFAULT_BACKOFF), signal);
        if (!signal.aborted) outcome = await sink.handle(event);
      }
    } finally {
      this.waiting--;
    }
    if (outcome.status === "unavailable") {
      logger.error({ eventId: event.eventId }, "event not handled: the database stayed down or the bot stopped");
    }
    return outcome;
  }

  /** Whether one more event could wait for the database now (else it would be given up at once). */
  hasRoom(): boolean {
    return this.waiting < (this.options.maxWaiting ?? 1_000);
  }

  /** Ends every wait (shutdown); the events still waiting are given up. */
  stop(): void {
    this.stopping.abort();
    this.stopping = new AbortController();
  }

  /** "unavailable" from a core that still takes events: it could not record the event. */
  private databaseDown(sink: EventSink, outcome: EventOutcome): boolean {
    return outcome.status === "unavailable" && sink.isAccepting?.() !== false;
  }
}
