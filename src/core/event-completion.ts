// The claim on the event being handled, handed to the handler (ctx.completion)
// so that a handler whose writes must not repeat can mark its event done in
// the same transaction as those writes (storage: markEventDoneIn). A crash
// after that commit then leaves the event done, and a redelivery after any
// downtime is a duplicate; a crash before it leaves nothing to repeat.

/**
 * How long a claim on an event holds without renewal. The router renews it
 * every third of this while the handler runs; a redelivery after it has run
 * out (the process is gone) takes the event again at once.
 */
export const EVENT_LEASE_MS = 30_000;

export interface EventCompletion {
  /** The ledger's key: "<platform>:<eventId>". */
  readonly eventKey: string;
  /** When this claim was taken. A later claim of the same event (a retake) has a later time, so it tells the claims apart. */
  readonly claimedAt: Date;
}

/**
 * Thrown inside a handler's transaction when its event is already done, or
 * has been claimed again by another delivery: the transaction rolls back and
 * the router answers "duplicate", so the effect happens once.
 */
export class EventAlreadyDone extends Error {
  constructor(readonly eventKey: string) {
    super(`event ${eventKey} is already done or claimed by another delivery`);
    this.name = "EventAlreadyDone";
  }
}

export function isEventAlreadyDone(error: unknown): error is EventAlreadyDone {
  return error instanceof EventAlreadyDone;
}

/** Completions whose event a committed transaction marked done (see noteDoneCommitted). */
const doneInCommit = new WeakSet<EventCompletion>();

/**
 * Called once a transaction that marked this event done (markEventDoneIn)
 * has committed: the router's own finish would only write the same "done"
 * again, so it skips it (three statements fewer per vote).
 */
export function noteDoneCommitted(completion: EventCompletion): void {
  doneInCommit.add(completion);
}

/** Whether a committed transaction already marked this event done. */
export function isDoneCommitted(completion: EventCompletion): boolean {
  return doneInCommit.has(completion);
}
