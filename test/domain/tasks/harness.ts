// A whole Talkoot as the composition root builds it (tasks, job queue, outbox,
// Notifier). Tests drive time by hand: advance the ManualClock, then
// `settle()` runs due jobs and delivers queued notices.
import type { ChatAdapter } from "../../../src/core/adapter.js";
import type { ManualClock } from "../../../src/core/clock.js";
import type { TasksDeps } from "../../../src/domain/tasks/feature.js";
import type { OutboxDispatcher } from "../../../src/outbox/dispatcher.js";
import type { Outbox } from "../../../src/outbox/outbox.js";
import type { JobQueue } from "../../../src/scheduler/job-queue.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

export interface TasksTestApp extends TestApp {
  jobs: JobQueue;
  outbox: Outbox;
  dispatcher: OutboxDispatcher;
  deps: TasksDeps;
  /** Runs due jobs, then sends every queued notice; resolves when both are done. */
  settle(): Promise<void>;
}

export async function startTasksApp(
  databaseUrl: string,
  options: { clock: ManualClock; adapters?: ChatAdapter[]; console?: boolean },
): Promise<TasksTestApp> {
  const testApp = await startTestApp(databaseUrl, options);
  const { app } = testApp;
  // Notices go out when a test settles, not whenever the dispatcher wakes, so
  // each test reads replies and notices in a fixed order.
  await app.dispatcher.stop();
  return {
    ...testApp,
    jobs: app.jobs,
    outbox: app.outbox,
    dispatcher: app.dispatcher,
    deps: app.tasks,
    async settle() {
      await app.jobs.tick();
      await app.dispatcher.dispatchDue();
    },
  };
}
