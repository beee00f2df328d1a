// Scheduled polls (`--opens "mon 9:00"`): the poll is stored as scheduled
// when asked, and its job posts it at that time. The job's transaction holds
// everything the opening does: the status, a card for the chat it was asked
// in (and with --everywhere for every other community chat) queued in the
// outbox with its PollPost, the close job, and the job's own completion. A
// crash leaves either a scheduled poll whose job runs again, or an open poll
// with all its cards queued.
import { destinationOfChat } from "../../core/ids.js";
import type { JobHandler, RunningJob } from "../../scheduler/job-queue.js";
import { CLOSE_JOB, type ClosePayload, closeKey } from "./closing.js";
import { messageHash } from "./poll-card.js";
import { inPollTransaction, lockPollExclusive } from "./poll-lock.js";
import type { PollsServices } from "./services.js";

export const OPEN_JOB = "poll.open";

export interface OpenPayload {
  pollId: number;
}

export function openKey(pollId: number): string {
  return `poll:${pollId}:open`;
}

/** Posts the scheduled poll; resolves with how many chats it was posted in (0: not scheduled any more). */
export async function openScheduledPoll(
  s: PollsServices,
  pollId: number,
  job: Pick<RunningJob, "completeIn">,
): Promise<number> {
  const { deps, polls } = s;
  const poll = await polls.find(pollId);
  if (poll?.status !== "scheduled") return 0;
  // Read before the transaction, which must not wait for a second pooled connection.
  const chats = [poll.originChatId, ...(poll.everywhere ? (await s.posting.otherChats(poll)).map((c) => c.id) : [])];
  const tally = await polls.tally(poll);
  const opened = { ...poll, status: "open" };
  const cards = await Promise.all(
    chats.map(async (chatId) => ({
      chatId,
      message: s.cards.card(opened, tally, await s.cards.presentation(chatId, poll.communityId)),
    })),
  );
  const posted = await inPollTransaction(deps.store.database, async (tx) => {
    await lockPollExclusive(deps.store.database, tx, pollId);
    // Deleted or opened by another process meanwhile: nothing to post.
    const { count } = await tx.poll.updateMany({
      where: { id: pollId, status: "scheduled" },
      data: { status: "open" },
    });
    if (count === 0) {
      await job.completeIn(tx);
      return 0;
    }
    for (const { chatId, message } of cards) {
      const outboxId = await deps.outbox.enqueue(destinationOfChat(chatId), message, "poll.post", tx);
      await polls.addPost({ pollId, chatId, outboxId, renderedHash: messageHash(message) }, tx);
    }
    if (poll.closesAt) {
      await deps.jobs.schedule(CLOSE_JOB, poll.closesAt, { pollId } satisfies ClosePayload, {
        dedupeKey: closeKey(pollId),
        tx,
      });
    }
    await job.completeIn(tx);
    return cards.length;
  });
  if (posted > 0) deps.outbox.wake();
  return posted;
}

export function openJob(s: PollsServices): JobHandler<OpenPayload> {
  return {
    async run(payload, job) {
      await openScheduledPoll(s, payload.pollId, job);
    },
  };
}
