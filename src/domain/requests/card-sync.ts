// A job per posted card: once the outbox has sent it, record which message
// it became (RequestCard.messageRef), so the card can still be edited after
// the outbox's own record is cleaned away; and, when the request changed
// before that was known, edit the card to its current state. The edit and the
// job's completion commit together, so a crash between them neither loses
// the edit nor queues it twice.
import type { JobHandler } from "../../scheduler/job-queue.js";
import type { Database } from "../../storage/database.js";
import { inTransaction } from "../../storage/row-lock.js";
import type { CardSyncPayload, RequestMessenger, RequestOutbox } from "./messenger.js";
import type { RequestRepository } from "./request-repository.js";

export function cardSyncJob(deps: {
  database: Database;
  repo: RequestRepository;
  messenger: RequestMessenger;
  outbox: RequestOutbox;
}): JobHandler<CardSyncPayload> {
  return {
    async run(payload, job) {
      const card = await deps.repo.cards.find(payload.cardId);
      const request = card && (await deps.repo.requests.find(card.requestId));
      if (!card || !request) return;
      const ref = await deps.messenger.refOf(card);
      if (!ref) {
        // Given up by the outbox: nothing to edit. Otherwise not sent yet: the job queue retries with backoff.
        if (await deps.messenger.neverArrives(card)) return;
        throw new Error(`request card ${card.id} is not delivered yet`);
      }
      if (!payload.edit) return;
      await inTransaction(deps.database, async (tx) => {
        const message = await deps.messenger.renderCard(request, card, tx);
        await deps.outbox.enqueueEdit(ref, message, "request.card.edit", tx);
        await job.completeIn(tx);
      });
      deps.outbox.wake();
    },
  };
}
