// A whole Talkoot as the composition root builds it, for poll tests: the
// router, the outbox, the job queue and the polls services. Tests drive time
// by hand: advance the ManualClock, then `settle()` runs due jobs and
// delivers what the outbox holds.
import type { ChatAdapter } from "../../../src/core/adapter.js";
import type { ManualClock } from "../../../src/core/clock.js";
import { type PollsServices, servicesFor } from "../../../src/domain/polls/services.js";
import { startTestApp, type TestApp } from "../../support/test-app.js";

export interface PollsTestApp extends TestApp {
  s: PollsServices;
  /** Sends what is queued, runs due jobs, then sends what they queued; resolves when all is done. */
  settle(): Promise<void>;
}

export async function startPollsApp(
  databaseUrl: string,
  options: { clock: ManualClock; adapters?: ChatAdapter[]; console?: boolean },
): Promise<PollsTestApp> {
  const testApp = await startTestApp(databaseUrl, options);
  const { app } = testApp;
  // Deliveries go out when a test settles, so each test reads them in a fixed order.
  await app.dispatcher.stop();
  return {
    ...testApp,
    s: servicesFor(app.polls),
    async settle() {
      // What waits in the outbox first (as the running dispatcher would have sent it), then due jobs, then what they queued.
      await app.dispatcher.dispatchDue();
      await app.jobs.tick();
      await app.dispatcher.dispatchDue();
    },
  };
}
