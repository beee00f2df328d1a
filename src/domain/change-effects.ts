// What else a change writes in its own transaction, given what it decided:
// the completion of the event that asked for it, the notices it owes. They
// commit with the change or not at all, so a crash after the commit neither
// repeats the change on a redelivery nor loses its notices.
import type { EventCompletion } from "../core/event-completion.js";
import type { AuditLog, AuditRecord } from "../storage/repositories/audit.js";
import type { Tx } from "../storage/repositories/people.js";
import { markEventDoneIn } from "../storage/repositories/processed-events.js";

export type ChangeEffects<R> = (tx: Tx, result: R) => Promise<void>;

/** Marks the event done with the change (see markEventDoneIn), then writes `more`. */
export function completing<R>(completion: EventCompletion, more?: ChangeEffects<R>): ChangeEffects<R> {
  return async (tx, result) => {
    await markEventDoneIn(tx, completion);
    if (more) await more(tx, result);
  };
}

/** Marks the event done with the change, and records its audit entry (`entry` of what was decided) in the same transaction. */
export function completingAudited<R>(
  completion: EventCompletion,
  audit: AuditLog,
  entry: (result: R) => AuditRecord,
): ChangeEffects<R> {
  return completing<R>(completion, (tx, result) => audit.record(entry(result), tx));
}
