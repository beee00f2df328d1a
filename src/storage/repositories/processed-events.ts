// De-duplication of inbound events. An event is claimed before it is handled
// and marked done after: by the handler's own transaction where its writes
// must not repeat (markEventDoneIn), else by the router's finish. A claim
// left "started" by a process that died goes stale and a redelivery may take
// it again, so a crash loses no event; one whose writes committed is done.
import { EventAlreadyDone, type EventCompletion } from "../../core/event-completion.js";
import type { Db } from "../database.js";
import { isUniqueViolation } from "./errors.js";
import type { Tx } from "./people.js";

export type ClaimResult = "claimed" | "duplicate";

export class ProcessedEvents {
  constructor(
    private readonly db: Db,
    private readonly staleAfterMs = 120_000,
  ) {}

  async claim(key: string, now: Date): Promise<ClaimResult> {
    try {
      await this.db.processedEvent.create({ data: { id: key, status: "started", processedAt: now } });
      return "claimed";
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    // Only one redelivery can win the stale claim: the update is conditional.
    const stale = new Date(now.getTime() - this.staleAfterMs);
    const taken = await this.db.processedEvent.updateMany({
      where: { id: key, status: "started", processedAt: { lt: stale } },
      data: { processedAt: now },
    });
    return taken.count === 1 ? "claimed" : "duplicate";
  }

  async finish(key: string): Promise<void> {
    await this.db.processedEvent.updateMany({ where: { id: key }, data: { status: "done" } });
  }

  /** Retention: forget events older than the cutoff. Returns how many went. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.db.processedEvent.deleteMany({ where: { processedAt: { lt: cutoff } } });
    return count;
  }
}

/**
 * Marks the event done inside the handler's transaction, with its writes.
 * Only this claim may: if the event is done by another claim, or was taken
 * again by another delivery meanwhile, it throws EventAlreadyDone and the
 * transaction rolls back. A second transaction of the same claim (a handler
 * that commits in steps) passes: the event is already its own.
 */
export async function markEventDoneIn(tx: Tx, completion: EventCompletion): Promise<void> {
  const { eventKey, claimedAt } = completion;
  const flipped = await tx.processedEvent.updateMany({
    where: { id: eventKey, status: "started", processedAt: claimedAt },
    data: { status: "done" },
  });
  if (flipped.count === 1) return;
  const row = await tx.processedEvent.findUnique({ where: { id: eventKey } });
  if (row?.status === "done" && row.processedAt.getTime() === claimedAt.getTime()) return;
  throw new EventAlreadyDone(eventKey);
}
