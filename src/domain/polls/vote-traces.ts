// What an anonymous poll forgets when it closes: anything that says when each
// vote came, which, lined up with the counts, would say how each went.
//  - Ballots are written again with new random ids, in the order of those
//    ids, and the option counters are written again in the same transaction:
//    a row's storage order (SQLite's rowid, PostgreSQL's heap) and its writing
//    transaction then say nothing about the order of the votes.
//  - A poll opened before ballots were keyed loses its salt.
//  - Live-result edits kept in the outbox (each a snapshot of the counts at
//    one moment) are deleted: the undelivered ones before the final edit is
//    queued, the rest by a job once they are delivered.
import type { MessageRef } from "../../core/events.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobHandler, JobQueue } from "../../scheduler/job-queue.js";
import type { Tx } from "../../storage/repositories/people.js";
import { newBallotId } from "./anonymous-ballot.js";
import { LIVE_EDIT_PURPOSE } from "./poll-repository.js";

export const FORGET_EDITS_JOB = "poll.forget-edits";
/** Time for the final edits to be delivered before their rows go. */
export const FORGET_EDITS_AFTER_MS = 10 * 60_000;

export interface ForgetEditsPayload {
  pollId: number;
}

type EditForgetter = Pick<Outbox, "forgetEdits">;

/** Inside the close's transaction. */
export async function reshuffleBallots(tx: Tx, pollId: number): Promise<void> {
  const ballots = await tx.anonymousBallot.findMany({ where: { pollId }, select: { voterHash: true } });
  await tx.anonymousBallot.deleteMany({ where: { pollId } });
  const fresh = ballots
    .map((b) => ({ id: newBallotId(), pollId, voterHash: b.voterHash }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  if (fresh.length) await tx.anonymousBallot.createMany({ data: fresh });
  const options = await tx.pollOption.findMany({ where: { pollId }, select: { id: true, anonymousCount: true } });
  for (const option of options) {
    await tx.pollOption.update({ where: { id: option.id }, data: { anonymousCount: option.anonymousCount } });
  }
  await tx.poll.update({ where: { id: pollId }, data: { salt: null }, select: { id: true } });
}

/** Deletes the live-result edits of these posted copies in one of `statuses`; resolves with how many are left. */
export async function forgetLiveEdits(
  outbox: EditForgetter,
  refs: readonly MessageRef[],
  statuses: readonly string[],
): Promise<number> {
  let left = 0;
  for (const ref of refs) left += await outbox.forgetEdits(ref, LIVE_EDIT_PURPOSE, statuses);
  return left;
}

/** The job: once the final edits are out, their rows go too; while some are still on their way, it comes back. */
export function forgetEditsJob(
  outbox: EditForgetter,
  refsOf: (pollId: number) => Promise<MessageRef[]>,
  jobs: Pick<JobQueue, "schedule">,
  now: () => Date,
): JobHandler<ForgetEditsPayload> {
  return {
    async run({ pollId }) {
      const left = await forgetLiveEdits(outbox, await refsOf(pollId), ["sent", "dead"]);
      if (left > 0) await scheduleForgetEdits(jobs, pollId, now());
    },
  };
}

export function scheduleForgetEdits(
  jobs: Pick<JobQueue, "schedule">,
  pollId: number,
  from: Date,
  tx?: Tx,
): Promise<string> {
  return jobs.schedule(
    FORGET_EDITS_JOB,
    new Date(from.getTime() + FORGET_EDITS_AFTER_MS),
    { pollId } satisfies ForgetEditsPayload,
    { dedupeKey: `poll:${pollId}:forget-edits`, tx },
  );
}
