// /poll close <id>: the creator, a coordinator or an admin closes a poll now.
// In a chat the poll was posted in, the summary is the reply; the poll's
// other chats get it through the outbox. The result itself is on the edited
// card, so the summary does not repeat it (poll-notices.ts).

import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { summaryPlace } from "../closing.js";
import { summaryNotice } from "../poll-notices.js";
import type { PollsServices } from "../services.js";
import { canClose, loadPoll, requireOpen } from "./shared.js";
import { onePollArgument } from "./suggestions.js";

export function closeSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.close",
    ...onePollArgument(s),
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const poll = await loadPoll(ctx, s, args[0]!);
      if (!canClose(ctx, poll)) throw new UserError("polls:errors.notYours", { id: poll.id });
      requireOpen(poll);
      const posts = await s.polls.posts(poll.id);
      const postedHere = posts.some((p) => p.chatId === ctx.chat.id);
      const result = await s.closer.close(poll.id, postedHere ? ctx.chat.id : undefined, ctx.person.id);
      if (result.kind === "refused") throw new UserError(`polls:errors.refused.${result.reason}`, { id: poll.id });
      if (!postedHere) {
        await ctx.reply(ctx.t("polls:closed.elsewhere", { id: poll.id, count: result.chats.length }));
        return;
      }
      // The summary is public here: in the chat's language, like the card.
      const p = await s.cards.presentation(ctx.chat.id, community.id);
      const summary = summaryNotice(
        result.poll,
        result.tally,
        community.timezone,
        result.shift,
        summaryPlace(posts, ctx.chat.id),
      );
      await ctx.reply(summary(p.t, p.locale));
    },
  };
}
