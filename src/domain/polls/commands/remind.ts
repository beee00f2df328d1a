// /poll remind <id>: the creator, a coordinator or an admin reminds those who
// have not voted, with one message in each chat the poll is in, naming them.
// Never for an anonymous poll: who is left out would tell who voted.
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import type { Translate } from "../../../core/i18n.js";
import { platformOf } from "../../../core/ids.js";
import { inTransaction } from "../../../storage/row-lock.js";
import { completing } from "../../change-effects.js";
import { minutesUntil } from "../../flood-limits/flood-limits.js";
import { MENTIONS_PER_MESSAGE } from "../../notifications/notifier.js";
import { mentionsOn, notVoted, REMIND_WINDOW_MS } from "../reminding.js";
import type { PollsServices } from "../services.js";
import { canClose, loadPoll, requireOpen } from "./shared.js";
import { onePollArgument } from "./suggestions.js";

const REMIND_SCOPE = "polls.remind";

export function remindSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.remind",
    ...onePollArgument(s),
    async run(ctx, { args }) {
      const poll = await loadPoll(ctx, s, args[0]!);
      if (!canClose(ctx, poll)) throw new UserError("polls:errors.notYoursToRemind", { id: poll.id });
      if (poll.anonymous) throw new UserError("polls:errors.remindAnonymous", { id: poll.id });
      requireOpen(poll);
      const voters = new Set([...(await s.polls.votersByOption(poll)).values()].flat().map((v) => v.personId));
      const members = await s.deps.store.communities.members(poll.communityId);
      const missing = notVoted(members, voters, poll.whoCanVote === "coordinators" ? "coordinators" : "members");
      if (missing.length === 0) {
        await ctx.reply(ctx.t("polls:remind.everyone", { id: poll.id }));
        return;
      }
      const chats = [...new Set((await s.polls.posts(poll.id)).map((p) => p.chatId))];
      const build = (t: Translate) => ({
        text: t("polls:remind.notice", { id: poll.id, question: poll.question, count: missing.length }),
      });
      await inTransaction(s.deps.store.database, async (tx) => {
        // Counted with the messages it allows: a crash before they commit leaves no "too soon" behind.
        const verdict = await s.deps.store.floods.takeIn(
          tx,
          REMIND_SCOPE,
          `poll:${poll.id}`,
          { maxCount: 1, windowMs: REMIND_WINDOW_MS },
          ctx.clock.now(),
        );
        if (!verdict.allowed) {
          throw new UserError("polls:errors.remindTooSoon", {
            id: poll.id,
            minutes: minutesUntil(verdict.retryAfterMs),
          });
        }
        await completing(ctx.completion)(tx, undefined);
        for (const chatId of chats) {
          const mentions = mentionsOn(missing, platformOf(chatId));
          for (let i = 0; i === 0 || i < mentions.length; i += MENTIONS_PER_MESSAGE) {
            await s.deps.notifier.toChat(chatId, build, "poll.remind", tx, mentions.slice(i, i + MENTIONS_PER_MESSAGE));
          }
        }
        await s.deps.store.audit.record(
          {
            communityId: poll.communityId,
            actorPersonId: ctx.person.id,
            action: "poll.remind",
            subject: `poll:${poll.id}`,
            detail: { notVoted: missing.length, chats: chats.length },
          },
          tx,
        );
      });
      s.deps.notifier.wake();
      await ctx.reply(ctx.t("polls:remind.sent", { id: poll.id, count: missing.length }));
    },
  };
}
