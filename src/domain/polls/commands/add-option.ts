// /poll add-option <id> "<option>": a voter adds an option to a poll made
// with --add-options (at once, or for its creator to approve), and the
// creator's Add and Reject buttons on such a request (adding-options.ts).
import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { idArgument } from "../../../core/id-argument.js";
import { satisfies } from "../../../core/roles.js";
import {
  APPROVE_OPTION_ACTION,
  decideOption,
  OPTIONS_PER_PERSON,
  proposeOption,
  REJECT_OPTION_ACTION,
  type Refusal,
} from "../adding-options.js";
import { checkOption, POLL_LIMITS } from "../poll-options.js";
import type { PollsServices } from "../services.js";
import { loadPoll, requireOpen, requireVoter } from "./shared.js";
import { suggestPolls } from "./suggestions.js";

export function addOptionSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.addOption",
    description: "polls:options.addOption",
    min: 2,
    max: 2,
    rest: true,
    params: [
      { name: "poll", description: "polls:options.poll", suggest: suggestPolls(s) },
      { name: "option", description: "polls:options.option" },
    ],
    async run(ctx, { args }) {
      const poll = await loadPoll(ctx, s, args[0]!);
      await requireVoter(ctx, s, poll);
      requireOpen(poll);
      const text = checkOption(args[1]!, 1);
      const result = await proposeOption(
        s,
        poll,
        text,
        {
          personId: ctx.person.id,
          identityId: ctx.identityId,
          chatId: ctx.chat.id,
          displayName: ctx.person.displayName,
        },
        ctx.completion,
      );
      if (result.kind === "refused") throw refusal(result.reason, poll.id);
      await ctx.reply(ctx.t(`polls:addOption.${result.kind}`, { option: text, id: poll.id }));
    },
  };
}

export function addOptionActions(s: PollsServices): ActionSpec[] {
  return [
    { name: APPROVE_OPTION_ACTION, run: (ctx, args) => decide(ctx, s, args[0] ?? "", true) },
    { name: REJECT_OPTION_ACTION, run: (ctx, args) => decide(ctx, s, args[0] ?? "", false) },
  ];
}

/** Pressed where the notice reached the creator, often their direct chat: their standing in the poll's community counts. */
async function decide(ctx: HandlerContext, s: PollsServices, rawId: string, approve: boolean): Promise<void> {
  const proposalId = idArgument(rawId, "polls:errors.badId");
  const proposal = await s.deps.store.database.db.pollOptionProposal.findUnique({ where: { id: proposalId } });
  const poll = proposal && (await s.polls.find(proposal.pollId));
  if (!poll) throw new UserError("polls:addOption.gone");
  const role = await s.deps.store.communities.roleOf(poll.communityId, ctx.person.id);
  const mayDecide =
    poll.createdByPersonId === ctx.person.id || satisfies({ ...ctx.standing, role, chatLinked: true }, "admin");
  if (!mayDecide) throw new UserError("polls:errors.notYoursToModerate", { id: poll.id });
  const result = await decideOption(s, proposalId, approve, ctx.person.id, ctx.completion);
  if (result.kind === "refused") throw refusal(result.reason, poll.id);
  await ctx.updateSource({
    title: poll.question,
    text: ctx.t(`polls:addOption.decided.${result.kind}`, { option: result.text, id: poll.id }),
  });
}

function refusal(reason: Refusal, id: number): UserError {
  return new UserError(`polls:addOption.refused.${reason}`, {
    id,
    max: POLL_LIMITS.options.max,
    perPerson: OPTIONS_PER_PERSON,
  });
}
