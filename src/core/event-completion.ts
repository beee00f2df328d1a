// The claim on the event being handled, handed to the handler (ctx.completion)
// so that a handler whose writes must not repeat can mark its event done in
// the same transaction as those writes (storage: markEventDoneIn). A crash
// after that commit then leaves the event done, and a redelivery after any
// downtime is a duplicate; a crash before it leaves nothing to repeat.
// Writes that belong to the event rather than to one handler (a guided
// flow's end when its Create runs a command) ride on the completion itself
// (commitWithCompletion), so they commit in whichever transaction marks it done.

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

/**
 * A write that commits in the one transaction that marks the event done.
 * It receives that transaction's client: storage, which owns transactions,
 * types it (processed-events.ts: alsoWhenDone); the core only carries it.
 */
export type CompletionWrite = (tx: unknown) => Promise<void>;

const writesOnDone = new WeakMap<EventCompletion, CompletionWrite[]>();

/**
 * Asks that `write` commit with the event's completion: in the handler's
 * transaction that marks the event done (markEventDoneIn), or, when the
 * handler made none and succeeded, in the router's finish. A handler that
 * fails (a refusal) commits none of them, so what they would change stays
 * as it was.
 */
export function commitWithCompletion(completion: EventCompletion, write: CompletionWrite): void {
  const writes = writesOnDone.get(completion);
  if (writes) writes.push(write);
  else writesOnDone.set(completion, [write]);
}

/** The writes asked to commit with this completion, in order. */
export function completionWrites(completion: EventCompletion): readonly CompletionWrite[] {
  return writesOnDone.get(completion) ?? [];
}

/** The handler did not succeed: its completion writes are not to be made (the router's finish then only marks it done). */
export function forgetCompletionWrites(completion: EventCompletion): void {
  writesOnDone.delete(completion);
}
