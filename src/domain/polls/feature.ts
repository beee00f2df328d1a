// Quick polls: single or multiple choice, anonymous or open, results hidden
// until close, auto-close, one tally across chats and platforms, live
// results that never flood a chat, and poll to shift, as one feature module.
import type { FeatureModule } from "../feature-module.js";
import { jobDefinition } from "../feature-module.js";
import { CLOSE_JOB, closeJob, refsOf, TASK_CARD_JOB, taskCardJob } from "./closing.js";
import { addOptionActions } from "./commands/add-option.js";
import { pollCommand } from "./commands/poll-command.js";
import { nativeVoteHandler, voteActions } from "./commands/vote.js";
import { FLUSH_JOB, type FlushPayload } from "./live-results.js";
import {
  NATIVE_RESYNC_JOB,
  type NativeResyncPayload,
  nativeResyncJob,
  scheduleNativeResyncs,
} from "./native-resync.js";
import { OPEN_JOB, openJob } from "./opening.js";
import { pollPersonData } from "./person-data.js";
import { pollPersonMerge } from "./person-merge.js";
import { buildPollsServices, type PollsDeps, type PollsServices } from "./services.js";
import { pollTranslations } from "./translations.js";
import { FORGET_EDITS_JOB, type ForgetEditsPayload, forgetEditsJob } from "./vote-traces.js";

export type { PollPlatform, PollsDeps, PollsServices } from "./services.js";
export { CLOSE_JOB, FLUSH_JOB, NATIVE_RESYNC_JOB, OPEN_JOB, TASK_CARD_JOB };

export interface PollsModule extends FeatureModule {
  /** The services behind the module, for tests and tools. */
  services: PollsServices;
}

/** /poll, the card's buttons, answers to native polls, and the open, close, flush, shift-card and native-resync jobs. */
export function pollsModule(deps: PollsDeps): PollsModule {
  const s = buildPollsServices(deps);
  return {
    name: "polls",
    translations: pollTranslations,
    commands: [pollCommand(s)],
    actions: [...voteActions(s), ...addOptionActions(s)],
    jobs: [
      jobDefinition(CLOSE_JOB, closeJob(s.closer)),
      jobDefinition(OPEN_JOB, openJob(s)),
      jobDefinition<FlushPayload>(FLUSH_JOB, { run: (payload) => s.live.changed(payload.pollId) }),
      jobDefinition(TASK_CARD_JOB, taskCardJob(s.tasks, deps.logger)),
      jobDefinition<NativeResyncPayload>(NATIVE_RESYNC_JOB, nativeResyncJob(s, deps.events ?? (() => undefined))),
      jobDefinition<ForgetEditsPayload>(
        FORGET_EDITS_JOB,
        forgetEditsJob(
          deps.outbox,
          async (pollId) => refsOf(await s.polls.posts(pollId)),
          deps.jobs,
          () => deps.clock.now(),
        ),
      ),
    ],
    started: (platforms) => scheduleNativeResyncs(s, platforms),
    pollVotes: nativeVoteHandler(s),
    person: { merge: pollPersonMerge(s.ballots), data: pollPersonData },
    services: s,
  };
}
