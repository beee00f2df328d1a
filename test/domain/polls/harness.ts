// A whole Talkoot as the composition root builds it, for poll tests: the
// router, the outbox, the job queue and the polls services. Tests drive time
// by hand: advance the ManualClock, then `settle()` runs due jobs and
// delivers what the outbox holds.
import type { ChatAdapter } from "../../../src/core/adapter.js";
import type { ManualClock } from "../../../src/core/clock.js";
import type { PollsServices } from "../../../src/domain/polls/services.js";
import type { StatementObserver } from "../../../src/storage/statement-observer.js";
import { type ManualTimeApp, startManualTimeApp } from "../../support/test-app.js";

export interface PollsTestApp extends ManualTimeApp {
  s: PollsServices;
}

export async function startPollsApp(
  databaseUrl: string,
  options: { clock: ManualClock; adapters?: ChatAdapter[]; console?: boolean; observeStatement?: StatementObserver },
): Promise<PollsTestApp> {
  const testApp = await startManualTimeApp(databaseUrl, options);
  return { ...testApp, s: testApp.app.modules.polls.services };
}
