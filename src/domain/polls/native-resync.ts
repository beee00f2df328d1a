// Votes in a platform's native poll that the bot never heard of: Discord's
// gateway sends a vote once, to the session connected at that moment, so the
// votes cast while the bot was down (a crash, a deploy) are not sent again.
// At every start this job reads each open native poll's voters back from the
// platform and hands them to the core as ordinary vote events, so they are
// counted like live ones, once. The events say "this answer was added": a
// vote taken back while the bot was away is not taken back here (the platform
// cannot say what was there before), but a changed single choice is.
import { DeliveryError } from "../../core/adapter.js";
import type { EventSink, MessageRef } from "../../core/events.js";
import type { JobHandler } from "../../scheduler/job-queue.js";
import type { PostRecord } from "./poll-repository.js";
import type { PollsServices } from "./services.js";

export const NATIVE_RESYNC_JOB = "polls.native-resync";

export interface NativeResyncPayload {
  platform: string;
}

/** Reads each open native poll on the platform back, one poll after another. */
export function nativeResyncJob(
  s: PollsServices,
  events: () => EventSink | undefined,
): JobHandler<NativeResyncPayload> {
  return {
    async run(payload, job) {
      const platform = s.platform(payload.platform);
      const sink = events();
      if (!platform?.nativePollVotes || !sink) return;
      for (const post of await s.polls.openNativePosts(payload.platform)) {
        const ref = await placeOf(s, post);
        if (!ref) continue;
        let votes: Awaited<ReturnType<NonNullable<typeof platform.nativePollVotes>>>;
        try {
          // The job's id: a retry of this run finds its votes done; the next start's run counts again.
          votes = await platform.nativePollVotes(ref, job.id);
        } catch (error) {
          // The poll's message is gone or out of reach: nothing to read back. Anything else is tried again.
          if (!(error instanceof DeliveryError && error.permanent)) throw error;
          s.deps.logger.warn({ err: error, pollId: post.pollId }, "could not read a native poll's votes back");
          continue;
        }
        for (const vote of votes) {
          job.signal.throwIfAborted();
          const outcome = await sink.handle(vote);
          if (outcome.status === "unavailable") throw new Error("the database is away; the resync is tried again");
        }
      }
    },
  };
}

async function placeOf(s: PollsServices, post: PostRecord): Promise<MessageRef | undefined> {
  if (post.ref) return post.ref;
  if (post.outboxId === null) return undefined;
  return (await s.deps.outbox.sentRefsOf(post.outboxId))?.at(-1);
}

/** At start: a resync run for each platform here whose native polls can be read back. */
export async function scheduleNativeResyncs(s: PollsServices, platforms: string[]): Promise<void> {
  for (const platform of platforms) {
    if (!s.platform(platform)?.nativePollVotes) continue;
    const payload: NativeResyncPayload = { platform };
    await s.deps.jobs.schedule(NATIVE_RESYNC_JOB, s.deps.clock.now(), payload, {
      dedupeKey: `polls:native-resync:${platform}`,
    });
  }
}
