// /poll edit <id> ["<question>" ["<option>" ...]] [--closes "<time>"|never]:
// the creator or an admin fixes a poll while it is open. The question and
// the closing time may change at any time; the options only before anyone
// has voted. Every copy is edited to match (editing.ts).

import type { SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import { platformOf } from "../../../core/ids.js";
import { satisfies } from "../../../core/roles.js";
import { editPoll } from "../editing.js";
import { checkPollText, checkQuestion, POLL_LIMITS } from "../poll-options.js";
import type { PollChanges, PollRecord } from "../poll-repository.js";
import { outlastsNativePoll, parseClosesChange } from "../poll-settings.js";
import type { PollsServices } from "../services.js";
import { checkShiftsAfterClose, decodePlan, encodePlan, planShift } from "../shift-plan.js";
import { loadPoll, requireOpen } from "./shared.js";
import { suggestPolls } from "./suggestions.js";

export function editSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.edit",
    description: "polls:options.edit",
    min: 1,
    max: 2 + POLL_LIMITS.options.max,
    params: [
      { name: "poll", description: "polls:options.poll", suggest: suggestPolls(s) },
      { name: "question", description: "polls:options.question" },
      { name: "option", description: "polls:options.option", repeat: POLL_LIMITS.options.max },
    ],
    flags: {
      closes: { kind: "string", description: "polls:options.editCloses" },
    },
    async run(ctx, { args, flags }) {
      const poll = await loadPoll(ctx, s, args[0]!);
      // As for deleting: new options or a new question change what people vote on.
      const mayEdit = poll.createdByPersonId === ctx.person.id || satisfies(ctx.standing, "admin");
      if (!mayEdit) throw new UserError("polls:errors.notYoursToEdit", { id: poll.id });
      requireOpen(poll);
      const changes = await readChanges(ctx, s, poll, args.slice(1), text(flags, "closes"));
      const result = await editPoll(s, poll, changes, ctx.person.id, ctx.completion);
      if (result.kind === "refused") {
        const key = result.reason === "voted" ? "polls:errors.editVoted" : `polls:errors.refused.${result.reason}`;
        throw new UserError(key, { id: poll.id });
      }
      await ctx.reply(ctx.t("polls:edited", { id: poll.id, count: result.copies }));
    },
  };
}

/** The checked changes: the texts as /poll would take them, a closing time still to come. */
async function readChanges(
  ctx: HandlerContext,
  s: PollsServices,
  poll: PollRecord,
  texts: string[],
  closesRaw: string | undefined,
): Promise<PollChanges> {
  if (texts.length === 0 && closesRaw === undefined) throw new UserError("polls:errors.editNothing", { id: poll.id });
  const community = ctx.requireCommunity();
  const times = { locale: ctx.locale, timezone: community.timezone, now: ctx.clock.now() };
  const changes: PollChanges = {};
  if (texts.length === 1) changes.question = checkQuestion(texts[0]!);
  if (texts.length > 1) {
    const { question, options } = checkPollText(texts);
    changes.question = question;
    changes.options = options;
    if (poll.maxChoices !== null && poll.maxChoices > options.length) {
      throw new UserError("polls:errors.editFewerThanMax", { id: poll.id, max: poll.maxChoices });
    }
  }
  if (closesRaw !== undefined) changes.closesAt = parseClosesChange(closesRaw, times);

  const native = (await s.polls.posts(poll.id)).filter((post) => post.nativePollId !== null);
  // The platform draws its own poll: its question and options can't be edited there.
  if (native.length > 0 && texts.length > 0) throw new UserError("polls:errors.editNative", { id: poll.id });
  const outlasts = native.some((post) =>
    outlastsNativePoll(changes.closesAt, s.posting.nativeSupport(platformOf(post.chatId)), times.now),
  );
  if (outlasts) throw new UserError("polls:errors.editNativeTooLong", { id: poll.id });

  // Poll to shift: new options are new times for the shift, read as /poll reads them.
  const stored = decodePlan(poll.thenTask);
  const plan = stored && changes.options ? planShift(stored.title, stored.slots, changes.options, times) : stored;
  if (plan && changes.options) changes.thenTask = encodePlan(plan);
  const closesAt = changes.closesAt === undefined ? poll.closesAt : changes.closesAt;
  if (plan && closesAt) {
    const options = changes.options ?? (await s.polls.options(poll)).map((o) => o.text);
    checkShiftsAfterClose(plan, options, closesAt);
  }
  return changes;
}
