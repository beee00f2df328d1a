// Quick polls: single or multiple choice, anonymous or open, results hidden
// until close, auto-close, one tally across chats and platforms, live
// results that never flood a chat, and poll to shift. The composition root
// wires three things from one PollsDeps:
//   router.use(pollsFeature(deps))            the /poll command, buttons, strings
//   registerPollJobs(jobQueue, deps)          close, live-results flush, shift card
//   router.onPollVote(pollVoteHandler(deps))  answers to platform-native polls
import type { Feature } from "../../core/commands.js";
import type { PollVoteHandler } from "../../core/router.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import { CLOSE_JOB, type ClosePayload, closeJob, TASK_CARD_JOB, type TaskCardPayload, taskCardJob } from "./closing.js";
import { pollCommand } from "./commands/poll-command.js";
import { nativeVoteHandler, voteActions } from "./commands/vote.js";
import { FLUSH_JOB, type FlushPayload } from "./live-results.js";
import { mergePollPeople } from "./person-merge.js";
import { type PollsDeps, servicesFor } from "./services.js";
import { pollTranslations } from "./translations.js";

export type { PollPlatform, PollsDeps } from "./services.js";
export { CLOSE_JOB, FLUSH_JOB, TASK_CARD_JOB };

const mergeHookRegistered = new WeakSet<object>();

/** The /poll command, the card's buttons, and the strings. Also makes /link join two people's votes. */
export function pollsFeature(deps: PollsDeps): Feature {
  const s = servicesFor(deps);
  // One hook per People, however often the feature is built.
  if (!mergeHookRegistered.has(deps.store.people)) {
    deps.store.people.onMerge(mergePollPeople);
    mergeHookRegistered.add(deps.store.people);
  }
  return {
    name: "polls",
    translations: pollTranslations,
    commands: [pollCommand(s)],
    actions: voteActions(s),
  };
}

/** Registers the feature's job kinds: "poll.close", "poll.flush" and "poll.task-card". */
export function registerPollJobs(queue: Pick<JobQueue, "register">, deps: PollsDeps): void {
  const s = servicesFor(deps);
  queue.register<ClosePayload>(CLOSE_JOB, closeJob(s.closer));
  queue.register<FlushPayload>(FLUSH_JOB, { run: (payload) => s.live.changed(payload.pollId) });
  queue.register<TaskCardPayload>(TASK_CARD_JOB, taskCardJob(s.tasks, deps.logger));
}

/** Maps answers to platform-native polls into the one tally. */
export function pollVoteHandler(deps: PollsDeps): PollVoteHandler {
  return nativeVoteHandler(servicesFor(deps));
}
