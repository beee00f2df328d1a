// Cluster-wide singleton work on a cron schedule: every instance schedules it,
// node-cron asks the coordinator at each fire, and one instance runs it.
import cron, { type RunCoordinator, type ScheduledTask } from "node-cron";
import type { Logger } from "../core/logger.js";
import { cronLogger } from "./cron-logger.js";

export interface SingletonScheduleOptions {
  /** The same on every instance: it names the lease. */
  name: string;
  /** Six-field node-cron expression (seconds first). */
  expression: string;
  coordinator: RunCoordinator;
  /** How long a fire's lease lasts; longer than the work takes. */
  leaseMs: number;
  logger: Logger;
}

/** A started schedule; `stop()` resolves after a run in progress ends. */
export interface SingletonSchedule {
  stop(): Promise<void>;
}

export function scheduleSingleton(work: () => Promise<unknown>, options: SingletonScheduleOptions): SingletonSchedule {
  let running: Promise<void> | undefined;
  const run = async () => {
    try {
      await work();
    } catch (error) {
      options.logger.error({ err: error, task: options.name }, "scheduled singleton task failed");
    }
  };
  const task: ScheduledTask = cron.schedule(
    options.expression,
    () => {
      running = run().finally(() => {
        running = undefined;
      });
      return running;
    },
    {
      name: options.name,
      distributed: true,
      runCoordinator: options.coordinator,
      distributedLease: options.leaseMs,
      noOverlap: true,
      logger: cronLogger(options.logger),
    },
  );
  return {
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
