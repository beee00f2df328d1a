// De-duplication of inbound events. An event is claimed before it is handled
// and marked done after. A claim left "started" by a process that died goes
// stale and a redelivery may take it again, so a crash loses no event.
import type { Db } from "../database.js";
import { isUniqueViolation } from "./errors.js";

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
