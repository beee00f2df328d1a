// A whole Talkoot as the composition root builds it (tasks, job queue, outbox,
// Notifier). Tests drive time by hand: advance the ManualClock, then
// `settle()` runs due jobs and delivers queued notices.
import type { ChatAdapter } from "../../../src/core/adapter.js";
import type { ManualClock } from "../../../src/core/clock.js";
import type { OutboxDispatcher } from "../../../src/outbox/dispatcher.js";
import type { Outbox } from "../../../src/outbox/outbox.js";
import type { JobQueue } from "../../../src/scheduler/job-queue.js";
import { type ManualTimeApp, startManualTimeApp } from "../../support/test-app.js";

export interface TasksTestApp extends ManualTimeApp {
  jobs: JobQueue;
  outbox: Outbox;
  dispatcher: OutboxDispatcher;
}

export async function startTasksApp(
  databaseUrl: string,
  options: { clock: ManualClock; adapters?: ChatAdapter[]; console?: boolean; env?: Record<string, string> },
): Promise<TasksTestApp> {
  const testApp = await startManualTimeApp(databaseUrl, options);
  const { app } = testApp;
  return { ...testApp, jobs: app.jobs, outbox: app.outbox, dispatcher: app.dispatcher };
}
