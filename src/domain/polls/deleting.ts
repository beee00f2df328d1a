// Deleting a poll, by `/poll delete`: its votes, ballots, options and copies
// go, and only the audit entry says it was there. In one transaction with the
// event's completion: every posted card is edited (through the outbox) to say
// the poll was deleted, with no buttons; a native poll is stopped; a pending
// close or live-results flush is cancelled. A card still waiting in the
// outbox to be sent has no message to edit yet: it is sent as it was, and
// its buttons then answer that the poll is unknown.
import type { EventCompletion } from "../../core/event-completion.js";
import type { Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import { clip } from "../../core/text.js";
import { markEventDoneIn } from "../../storage/repositories/processed-events.js";
import { closeKey, refsOf } from "./closing.js";
import { flushKey } from "./live-results.js";
import { openKey } from "./opening.js";
import { inPollTransaction, lockPollExclusive } from "./poll-lock.js";
import type { PollRecord } from "./poll-repository.js";
import type { PollsServices } from "./services.js";

/** The outbox purpose of the edit that marks a card deleted. */
export const DELETED_EDIT_PURPOSE = "poll.deleted";

export type DeleteResult = { kind: "deleted"; poll: PollRecord; chats: string[] } | { kind: "missing" };

export async function deletePoll(
  s: PollsServices,
  poll: PollRecord,
  actorPersonId: string,
  completion: EventCompletion,
): Promise<DeleteResult> {
  const { deps, polls } = s;
  // Read before the transaction, which must not wait for a second pooled connection.
  const posts = await polls.posts(poll.id);
  const copies = await s.live.prepareCopies(poll);
  const tally = await polls.tally(poll);
  const result = await inPollTransaction(deps.store.database, async (tx): Promise<DeleteResult> => {
    await markEventDoneIn(tx, completion);
    await lockPollExclusive(deps.store.database, tx, poll.id);
    if (!(await polls.find(poll.id, tx))) return { kind: "missing" };
    await deps.jobs.cancel(closeKey(poll.id), tx);
    await deps.jobs.cancel(openKey(poll.id), tx);
    await deps.jobs.cancel(flushKey(poll.id), tx);
    for (const { ref, presentation } of copies) {
      if (ref === "later" || ref === "gone") continue;
      await deps.outbox.enqueueEdit(ref, deletedCard(poll, presentation.t), DELETED_EDIT_PURPOSE, tx);
    }
    for (const post of posts) {
      if (post.nativePollId && post.ref) await deps.outbox.enqueueClosePoll(post.ref, "poll.stop", tx);
    }
    await deps.store.audit.record(
      {
        communityId: poll.communityId,
        actorPersonId,
        action: "poll.delete",
        subject: `poll:${poll.id}`,
        before: poll.status,
        after: "deleted",
        detail: { question: clip(poll.question, 80), voters: tally.voters, copies: refsOf(posts).length },
      },
      tx,
    );
    await polls.removeIn(tx, poll.id);
    return { kind: "deleted", poll, chats: [...new Set(posts.map((p) => p.chatId))] };
  });
  if (result.kind === "deleted") deps.outbox.wake();
  return result;
}

/** What every copy shows once the poll is gone: its question, that it was deleted, no buttons. */
export function deletedCard(poll: Pick<PollRecord, "id" | "question">, t: Translate): OutboundMessage {
  return { title: poll.question, text: t("polls:card.deleted", { id: poll.id }) };
}
