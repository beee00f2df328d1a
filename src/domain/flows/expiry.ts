// A flow left unanswered for 15 minutes is put away with a short note to its
// person, in the chat where it was asked. The job runs at the flow's expiry
// (each answer moves it on); it takes every flow that has run out, in one
// transaction with the notes and its own completion.

import type { Clock } from "../../core/clock.js";
import type { JobHandler } from "../../scheduler/job-queue.js";
import type { Store } from "../../storage/store.js";
import type { Notifier } from "../notifications/notifier.js";

export function flowExpiryJob(deps: { store: Store; notifier: Notifier; clock: Clock }): JobHandler<null> {
  return {
    async run(_payload, job) {
      await deps.store.database.db.$transaction(async (tx) => {
        const expired = await deps.store.guidedFlows.takeExpired(deps.clock.now(), tx);
        for (const flow of expired) {
          await deps.notifier.toPerson(
            { personId: flow.personId, identityId: flow.identityId, fallbackChatId: flow.chatId, inFallbackChat: true },
            (t) => ({ text: t("flows:expired") }),
            "flows.expired",
            tx,
          );
        }
        await job.completeIn(tx);
      });
    },
  };
}
