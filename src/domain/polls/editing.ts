// Editing a poll, by `/poll edit`: its question and closing time at any time
// while it is open, its options only before the first vote (a vote is for
// the option people saw). In one transaction with the event's completion,
// under the poll's exclusive lock (votes in flight finish first): the
// change, the poll's new version (so no process keeps serving the old
// question or options from memory), the close job moved or cancelled, an
// edit of every posted copy through the outbox, and the audit entry.
import type { EventCompletion } from "../../core/event-completion.js";
import { clip } from "../../core/text.js";
import { markEventDoneIn } from "../../storage/repositories/processed-events.js";
import { CLOSE_JOB, type ClosePayload, closeKey } from "./closing.js";
import { inPollTransaction, lockPollExclusive } from "./poll-lock.js";
import type { PollChanges, PollRecord } from "./poll-repository.js";
import type { PollsServices } from "./services.js";

export type EditResult =
  | { kind: "edited"; poll: PollRecord; copies: number }
  | { kind: "refused"; reason: "missing" | "closed" | "voted" };

export async function editPoll(
  s: PollsServices,
  poll: PollRecord,
  changes: PollChanges,
  actorPersonId: string,
  completion: EventCompletion,
): Promise<EditResult> {
  const { deps, polls } = s;
  // Read before the transaction, which must not wait for a second pooled connection.
  const copies = await s.live.prepareCopies(poll);
  const result = await inPollTransaction(deps.store.database, async (tx): Promise<EditResult> => {
    await markEventDoneIn(tx, completion);
    await lockPollExclusive(deps.store.database, tx, poll.id);
    const current = await polls.find(poll.id, tx);
    if (!current) return { kind: "refused", reason: "missing" };
    if (current.status !== "open") return { kind: "refused", reason: "closed" };
    // Under the lock: no vote can slip in between this check and the new options.
    if (changes.options && (await polls.hasVotes(poll.id, tx))) return { kind: "refused", reason: "voted" };
    const edited = await polls.editIn(tx, poll.id, changes);
    if (changes.closesAt !== undefined) {
      if (changes.closesAt === null) await deps.jobs.cancel(closeKey(poll.id), tx);
      else
        await deps.jobs.schedule(CLOSE_JOB, changes.closesAt, { pollId: poll.id } satisfies ClosePayload, {
          dedupeKey: closeKey(poll.id),
          tx,
        });
    }
    // Every copy shows the new card; one not sent yet is edited by a flush once it is.
    await polls.markDirty(poll.id, tx);
    await s.live.queueEdits(edited, await polls.tally(edited, tx), copies, tx);
    await deps.store.audit.record(
      {
        communityId: poll.communityId,
        actorPersonId,
        action: "poll.edit",
        subject: `poll:${poll.id}`,
        detail: auditDetail(current, changes),
      },
      tx,
    );
    return { kind: "edited", poll: edited, copies: copies.length };
  });
  if (result.kind === "edited") deps.outbox.wake();
  return result;
}

/** What changed, before and after (texts clipped: the audit trail is a record, not a copy of the poll). */
function auditDetail(before: PollRecord, changes: PollChanges): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  if (changes.question !== undefined) {
    detail.question = { before: clip(before.question, 80), after: clip(changes.question, 80) };
  }
  if (changes.closesAt !== undefined) {
    detail.closesAt = {
      before: before.closesAt?.toISOString() ?? null,
      after: changes.closesAt?.toISOString() ?? null,
    };
  }
  if (changes.options) detail.options = changes.options.map((o) => clip(o, 40));
  return detail;
}
