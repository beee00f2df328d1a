// Voting: the option buttons on a card, `/poll vote <id> <n…>`, the private
// ballot of an anonymous multiple-choice poll, and answers to native polls.
// One code path per kind of input, all through Voting, so a press, a typed
// vote and a native answer count the same. A press is answered with a toast
// at once; the card itself changes through the live-results flusher, never
// per press.

import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import type { PollVoteChange } from "../../../core/events.js";
import type { Translate } from "../../../core/i18n.js";
import type { PollVoteHandler } from "../../../core/router.js";
import { clip } from "../../../core/text.js";
import type { BallotRequest, Effect } from "../ballot-rules.js";
import {
  decodeSelection,
  PICK_ACTION,
  RESULTS_ACTION,
  renderDraftBallot,
  renderResults,
  resultsVisible,
  SUBMIT_ACTION,
  VOTE_ACTION,
} from "../poll-card.js";
import { POLL_LIMITS } from "../poll-options.js";
import type { OptionRecord, PollRecord } from "../poll-repository.js";
import type { PollsServices } from "../services.js";
import { acceptsVotes, type VoteResult } from "../voting.js";
import { loadPoll, loadPollAnywhere, loadPollForPress, readerPresentation, requireVoter } from "./shared.js";
import { suggestPolls } from "./suggestions.js";

/** A press of an option button: toggles that option (ballot-rules.ts). */
export async function pressOption(
  ctx: HandlerContext,
  s: PollsServices,
  rawId: string,
  rawPosition: string,
): Promise<void> {
  const known = await loadPollForPress(ctx, s, rawId);
  await requireVoter(ctx, s, known);
  const position = Number.parseInt(rawPosition, 10);
  // The private ballot shows the poll's current question and options: read it afresh.
  if (known.anonymous && known.multi) return openDraft(ctx, s, await loadPoll(ctx, s, rawId), [position]);
  await vote(ctx, s, known, { kind: "toggle", position });
}

/** `/poll vote <id> <n> [n…]`: exactly these options (1-based); `-` takes your vote back. */
export function voteSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.vote",
    min: 2,
    params: [
      { name: "poll", description: "polls:options.poll", suggest: suggestPolls(s) },
      { name: "choice", description: "polls:options.choice", repeat: POLL_LIMITS.options.max },
    ],
    async run(ctx, { args }) {
      const poll = await loadPoll(ctx, s, args[0]!);
      await requireVoter(ctx, s, poll);
      const positions = parseChoices(args.slice(1));
      await vote(ctx, s, poll, { kind: "set", positions });
    },
  };
}

/** "2", "1 3", "1,3", or "-" for none. */
export function parseChoices(words: readonly string[]): number[] {
  const parts = words
    .flatMap((w) => w.split(","))
    .map((w) => w.trim())
    .filter(Boolean);
  if (parts.length === 1 && parts[0] === "-") return [];
  return parts.map((part) => {
    if (!/^\d{1,2}$/.test(part)) throw new UserError("polls:errors.badChoice", { input: clip(part, 20) });
    return Number.parseInt(part, 10) - 1;
  });
}

export function voteActions(s: PollsServices): ActionSpec[] {
  return [
    { name: VOTE_ACTION, run: (ctx, args) => pressOption(ctx, s, args[0] ?? "", args[1] ?? "") },
    { name: RESULTS_ACTION, run: (ctx, args) => showResults(ctx, s, args[0] ?? "") },
    {
      name: PICK_ACTION,
      async run(ctx, args) {
        const poll = await loadPollAnywhere(ctx, s, args[0] ?? "");
        await requireVoter(ctx, s, poll);
        const selection = decodeSelection(args[1]);
        const position = Number.parseInt(args[2] ?? "", 10);
        const next = selection.includes(position) ? selection.filter((p) => p !== position) : [...selection, position];
        // Said at the tick, not only at Submit, so that nobody fills a ballot that will be refused.
        if (poll.maxChoices && next.length > poll.maxChoices) {
          throw new UserError("polls:vote.refused.tooMany", { id: poll.id, max: poll.maxChoices });
        }
        await updateDraft(ctx, s, poll, next);
      },
    },
    {
      name: SUBMIT_ACTION,
      async run(ctx, args) {
        const poll = await loadPollAnywhere(ctx, s, args[0] ?? "");
        await requireVoter(ctx, s, poll);
        const cast = await vote(ctx, s, poll, { kind: "set", positions: decodeSelection(args[1]) });
        if (cast) await ctx.updateSource({ title: poll.question, text: ctx.t("polls:draft.submitted") });
      },
    },
  ];
}

/** Native poll answers, mapped into the same tally. An empty answer takes the vote back. */
export function nativeVoteHandler(s: PollsServices): PollVoteHandler {
  return async (ctx, nativePollId, optionIndexes, change) => {
    const post = await s.polls.postByNativeId(nativePollId);
    const poll = post && (await s.polls.find(post.pollId));
    if (!poll) {
      s.deps.logger.info({ nativePollId }, "an answer to a native poll that is not ours");
      return;
    }
    const result = await s.voting.vote(poll.id, ctx.person.id, ballotRequestOf(optionIndexes, change), ctx.completion);
    if (result.kind === "refused") {
      // A native poll has no place to answer a refusal in; the platform shows the poll as stopped.
      s.deps.logger.info({ pollId: poll.id, reason: result.reason }, "native poll answer not counted");
      return;
    }
    if (result.effect !== "unchanged") await s.live.voted(poll.id);
  };
}

/** A native vote as a ballot request: a whole ballot (Telegram), or one answer added or taken back (Discord). */
function ballotRequestOf(optionIndexes: number[], change: PollVoteChange): BallotRequest {
  if (change === "set") return { kind: "set", positions: optionIndexes };
  return { kind: change, position: optionIndexes[0] ?? -1 };
}

/** The Results button and `/poll results <id>`: privately, in the reader's language. */
export async function showResults(ctx: HandlerContext, s: PollsServices, rawId: string): Promise<void> {
  const poll = await loadPoll(ctx, s, rawId);
  const tally = await s.polls.tally(poll);
  const viewer = poll.anonymous
    ? { voted: await s.polls.hasBallot(poll.id, s.ballots.voterKey(poll, ctx.person.id)) }
    : await (async () => {
        const choices = await s.polls.choicesOf(poll, ctx.person.id);
        return { choices, voted: choices.length > 0 };
      })();
  const names = !poll.anonymous && resultsVisible(poll) ? await s.polls.votersByOption(poll) : undefined;
  await ctx.replyPrivately(renderResults(poll, tally, await readerPresentation(ctx, s, poll), viewer, names));
}

/** Casts through Voting and acknowledges; resolves true when the ballot was cast. */
async function vote(ctx: HandlerContext, s: PollsServices, poll: PollRecord, request: BallotRequest): Promise<boolean> {
  const result = await s.voting.vote(poll.id, ctx.person.id, request, ctx.completion);
  if (result.kind === "refused") throw refusal(result, poll.id);
  const options = await s.polls.options(result.poll);
  ctx.toast(acknowledgement(ctx.t, result.poll, result.effect, result.choices, request, options));
  if (result.effect !== "unchanged") await s.live.voted(poll.id);
  return true;
}

function refusal(result: Extract<VoteResult, { kind: "refused" }>, id: number): UserError {
  if (result.poll?.status === "scheduled") return new UserError("polls:errors.notOpenYet", { id });
  return new UserError(`polls:vote.refused.${result.reason}`, { id, max: result.poll?.maxChoices ?? 0 });
}

/**
 * The toast for a cast ballot. A hidden poll says only that the vote is
 * counted; an anonymous one also that it is final.
 */
export function acknowledgement(
  t: Translate,
  poll: Pick<PollRecord, "hidden" | "anonymous" | "status">,
  effect: Effect,
  choices: number[],
  request: BallotRequest,
  options: readonly OptionRecord[],
): string {
  const textOf = (positions: readonly number[]) =>
    positions.map((p) => clip(options.find((o) => o.position === p)?.text ?? String(p + 1), 40)).join(", ");
  if (poll.anonymous) return t("polls:vote.countedAnonymous");
  if (poll.hidden) return t(effect === "retracted" ? "polls:vote.retractedHidden" : "polls:vote.counted");
  const pressed = request.kind === "toggle" ? textOf([request.position]) : textOf(choices);
  switch (effect) {
    case "voted":
      return t("polls:vote.voted", { option: textOf(choices) });
    case "changed":
      return t("polls:vote.changed", { option: textOf(choices) });
    case "retracted":
      return t("polls:vote.retracted");
    case "added":
      return t("polls:vote.added", { option: pressed, options: textOf(choices) });
    case "removed":
      return t("polls:vote.removed", { option: pressed, options: textOf(choices) });
    case "unchanged":
      return choices.length ? t("polls:vote.unchanged", { options: textOf(choices) }) : t("polls:vote.noVote");
  }
}

/** The private ballot of an anonymous multiple-choice poll, for someone who has not voted yet. */
async function openDraft(ctx: HandlerContext, s: PollsServices, poll: PollRecord, selection: number[]): Promise<void> {
  await checkDraftAllowed(ctx, s, poll);
  const tally = await s.polls.tally(poll);
  const valid = selection.filter((p) => tally.options.some((o) => o.position === p));
  await ctx.replyPrivately(renderDraftBallot(poll, tally, valid, await readerPresentation(ctx, s, poll)));
  ctx.toast(ctx.t("polls:draft.opened"));
}

async function updateDraft(
  ctx: HandlerContext,
  s: PollsServices,
  poll: PollRecord,
  selection: number[],
): Promise<void> {
  await checkDraftAllowed(ctx, s, poll);
  const tally = await s.polls.tally(poll);
  await ctx.updateSource(renderDraftBallot(poll, tally, selection, await readerPresentation(ctx, s, poll)));
}

async function checkDraftAllowed(ctx: HandlerContext, s: PollsServices, poll: PollRecord): Promise<void> {
  if (!acceptsVotes(poll, ctx.clock.now())) throw new UserError("polls:vote.refused.closed", { id: poll.id });
  if (await s.polls.hasBallot(poll.id, s.ballots.voterKey(poll, ctx.person.id))) {
    throw new UserError("polls:vote.refused.final", { id: poll.id });
  }
}
