// Named leases in the Lease table: at most one instance holds a name until the
// lease expires. Used to elect the instance that runs cluster-wide singleton
// work (retention), through node-cron's RunCoordinator.

import { compareAndSet } from "../storage/compare-and-set.js";
import type { Db } from "../storage/database.js";
import { isUniqueViolation } from "../storage/repositories/errors.js";

export class Leases {
  constructor(private readonly db: Db) {}

  /**
   * Takes the lease for `ttlMs` if it is free, expired, or already ours.
   * Both paths are single atomic statements (insert on the primary key, or a
   * conditional update), so of several instances racing exactly one wins.
   */
  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const expiresAt = new Date(now.getTime() + ttlMs);
    try {
      await this.db.lease.create({ data: { name, owner, expiresAt } });
      return true;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const taken = await compareAndSet(() =>
      this.db.lease.update({
        where: { name, OR: [{ expiresAt: { lt: now } }, { owner }] },
        data: { owner, expiresAt },
      }),
    );
    return taken !== undefined;
  }

  /** Gives the lease up early (only if we hold it). */
  async release(name: string, owner: string): Promise<void> {
    await this.db.lease.deleteMany({ where: { name, owner } });
  }

  /** Who holds the lease now, if anyone. */
  async holder(name: string, now: Date): Promise<string | undefined> {
    const lease = await this.db.lease.findUnique({ where: { name } });
    return lease && lease.expiresAt >= now ? lease.owner : undefined;
  }

  /** Retention: forgets leases that expired before the cutoff. */
  async purgeExpiredBefore(cutoff: Date): Promise<number> {
    const { count } = await this.db.lease.deleteMany({ where: { expiresAt: { lt: cutoff } } });
    return count;
  }
}
