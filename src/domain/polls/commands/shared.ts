// Helpers every /poll command and button uses: reading poll numbers, finding
// a poll of this community, the reader's presentation, who may do what.
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { idArgument } from "../../../core/id-argument.js";
import { findInReach } from "../../../core/reach.js";
import { satisfies } from "../../../core/roles.js";
import type { Presentation } from "../poll-card.js";
import type { PollRecord } from "../poll-repository.js";
import type { PollsServices } from "../services.js";

/** The poll with this number in the chat's community; another community's poll is reported as unknown. */
export async function loadPoll(ctx: HandlerContext, s: PollsServices, raw: string): Promise<PollRecord> {
  return loadIn(ctx, raw, (communityId, id) => s.polls.findInCommunity(communityId, id));
}

/** loadPoll for an option button's press: only what never changes once a poll is made is read from it (findForPress). */
export async function loadPollForPress(ctx: HandlerContext, s: PollsServices, raw: string): Promise<PollRecord> {
  return loadIn(ctx, raw, (communityId, id) => s.polls.findForPress(communityId, id));
}

async function loadIn(
  ctx: HandlerContext,
  raw: string,
  find: (communityId: string, id: number) => Promise<PollRecord | undefined>,
): Promise<PollRecord> {
  const community = ctx.requireCommunity();
  const id = idArgument(raw, "polls:errors.badId");
  const poll = await find(community.id, id);
  if (!poll) throw new UserError("polls:errors.unknownPoll", { id });
  return poll;
}

/**
 * For buttons that may be pressed in a direct chat (the private ballot,
 * where a platform has no ephemeral messages): the poll, if the presser is a
 * member of its community, wherever they press.
 */
export async function loadPollAnywhere(ctx: HandlerContext, s: PollsServices, raw: string): Promise<PollRecord> {
  const id = idArgument(raw, "polls:errors.badId");
  const poll = await findInReach(ctx.community, {
    find: () => s.polls.find(id),
    communityOf: (found) => found.communityId,
    memberships: () => s.deps.store.communities.ofMember(ctx.person.id),
  });
  if (!poll) throw new UserError("polls:errors.unknownPoll", { id });
  return poll;
}

/** The reader's own language and the poll's community's zone, for private answers. */
export async function readerPresentation(
  ctx: HandlerContext,
  s: PollsServices,
  poll: Pick<PollRecord, "communityId">,
): Promise<Presentation> {
  const timezone =
    ctx.community?.id === poll.communityId
      ? ctx.community.timezone
      : ((await s.deps.store.communities.find(poll.communityId))?.timezone ?? "UTC");
  return { t: ctx.t, locale: ctx.locale, timezone, now: ctx.clock.now() };
}

/** A change that only an open poll takes: a scheduled one is not posted yet, a closed one is done. */
export function requireOpen(poll: Pick<PollRecord, "id" | "status">): void {
  if (poll.status === "scheduled") throw new UserError("polls:errors.notOpenYet", { id: poll.id });
  if (poll.status !== "open") throw new UserError("polls:errors.refused.closed", { id: poll.id });
}

/** Creator, coordinator or admin. */
export function canClose(ctx: HandlerContext, poll: PollRecord): boolean {
  return poll.createdByPersonId === ctx.person.id || satisfies(ctx.standing, "coordinator");
}

/** A polite refusal for whoever this poll is not for (their role in the poll's community, wherever they press). */
export async function requireVoter(ctx: HandlerContext, s: PollsServices, poll: PollRecord): Promise<void> {
  if (poll.whoCanVote !== "coordinators") return;
  const role =
    ctx.community?.id === poll.communityId
      ? ctx.role
      : await s.deps.store.communities.roleOf(poll.communityId, ctx.person.id);
  if (!satisfies({ ...ctx.standing, role, chatLinked: true }, "coordinator")) {
    throw new UserError("polls:vote.coordinatorsOnly", { id: poll.id });
  }
}
