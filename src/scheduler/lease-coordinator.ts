// node-cron's RunCoordinator over the Lease table. For a `distributed` task
// node-cron asks `shouldRun("<task name>:<slot ISO time>", distributedLease)`
// at every fire; the instance that takes that slot's lease runs it, the others
// skip it ("not-elected"). A database error makes node-cron skip the slot
// (fail-closed), which for clean-up work is the safe side.
//
// There is no onComplete: the lease is kept until it expires, so an instance
// whose timer fires late (a long GC pause) still finds the slot taken.
// Retention purges expired slot leases.
import type { RunCoordinator } from "node-cron";
import type { Clock } from "../core/clock.js";
import type { Leases } from "./leases.js";

export class LeaseRunCoordinator implements RunCoordinator {
  constructor(
    private readonly leases: Leases,
    private readonly owner: string,
    private readonly clock: Clock,
  ) {}

  shouldRun(key: string, ttlMs: number): Promise<boolean> {
    return this.leases.acquire(key, this.owner, ttlMs, this.clock.now());
  }
}
