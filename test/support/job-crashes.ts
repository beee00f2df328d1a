// Crashing a job's run at a chosen point (JobQueue.injectFaults), for tests
// that prove a crash there neither loses nor doubles the job's effects.
import type { ManualClock } from "../../src/core/clock.js";
import type { JobInfo, JobQueue } from "../../src/scheduler/job-queue.js";

export type CrashPoint = "beforeCompletion" | "afterRun";

/** The job queue's default lease: a dead run's job is retaken once it runs out. */
export const JOB_LEASE_MS = 60_000;

/** The first run of a job that `matches` "dies" at `point`; the result tells how many runs did. */
export function crashOnce(jobs: JobQueue, point: CrashPoint, matches: (job: JobInfo) => boolean): () => number {
  let crashes = 0;
  jobs.injectFaults({
    [point]: (job: JobInfo) => {
      if (matches(job) && crashes++ === 0) throw new Error(`killed at ${point}`);
    },
  });
  return () => crashes;
}

/** Lets the lease of a dead run run out, `times` over, settling after each: the retry, then anything it left. */
export async function pastLeases(clock: ManualClock, settle: () => Promise<void>, times = 2): Promise<void> {
  for (let i = 0; i < times; i++) {
    clock.advance(JOB_LEASE_MS + 1);
    await settle();
  }
}
