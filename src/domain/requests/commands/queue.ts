// `/request queue`, in an officials' team chat: the open requests of the
// contacts whose requests arrive in this chat, overdue first, then oldest
// first, each as its card with the usual buttons. Each card is recorded like
// a routed one (RequestCard), so later status changes edit it too; they are
// queued through the outbox with the event's completion, so a redelivery
// after a crash does not post the list twice.

import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { markEventDoneIn } from "../../../storage/repositories/processed-events.js";
import { inTransaction } from "../../../storage/row-lock.js";
import type { PostedCard } from "../messenger.js";
import type { RequestsServices } from "../services.js";

/** Cards in one answer: more would bury the chat. */
const QUEUE_SHOWN = 10;

export function queueSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:usage.queue",
    max: 0,
    async run(ctx) {
      const community = ctx.requireCommunity();
      // Cards name residents: never in a residents' chat.
      if (ctx.chat.role !== "officials") throw new UserError("requests:errors.queueNotOfficials");
      const contacts = (await s.repo.contacts.list(community.id)).filter((c) => c.active && c.chatId === ctx.chat.id);
      if (contacts.length === 0) throw new UserError("requests:errors.queueNoContact");
      const requests = await s.repo.requests.queueOf(
        contacts.map((c) => c.id),
        QUEUE_SHOWN,
      );
      if (requests.length === 0) {
        await ctx.reply(ctx.t("requests:queue.empty"));
        return;
      }
      await inTransaction(s.deps.store.database, async (tx) => {
        const posted: PostedCard[] = [];
        for (const request of requests) posted.push(await s.messenger.postCard(tx, request, ctx.chat.id, "contact"));
        await s.messenger.scheduleSyncs(posted, tx);
        await markEventDoneIn(tx, ctx.completion);
      });
      s.messenger.wake();
    },
  };
}
