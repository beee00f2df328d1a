// What else a change writes in its own transaction, given what it decided:
// the completion of the event that asked for it, the notices it owes. They
// commit with the change or not at all, so a crash after the commit neither
// repeats the change on a redelivery nor loses its notices.
import type { EventCompletion } from "../core/event-completion.js";
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
