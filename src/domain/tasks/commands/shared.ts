// Helpers every task and hours command uses: reading ids, finding a task of
// this community, the reader's time context, and refreshing cards after a
// change.

import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { idArgument } from "../../../core/id-argument.js";
import { findInReach } from "../../../core/reach.js";
import type { TasksServices } from "../services.js";
import type { TaskRecord } from "../task-repository.js";
import type { TimeContext } from "../task-times.js";

/**
 * The task with this id in the chat's community; another community's task is
 * reported as unknown. In a direct chat, which belongs to no community, a
 * button on a personal notice (an invitation, a promotion) names its task:
 * it is found in a community the person is a member of.
 */
export async function loadTask(ctx: HandlerContext, s: TasksServices, raw: string): Promise<TaskRecord> {
  const id = idArgument(raw, "tasks:errors.badId");
  // A group chat reaches a community's tasks only once it is linked to one.
  if (!ctx.event.conversation.isDirect) ctx.requireCommunity();
  const task = await findInReach(ctx.community, {
    find: () => s.tasks.find(id),
    communityOf: (found) => found.communityId,
    memberships: () => s.deps.store.communities.ofMember(ctx.person.id),
  });
  if (!task) throw new UserError("tasks:errors.unknownTask", { id });
  return task;
}

/** The time zone a task's times are shown in: its community's. */
export async function timezoneOf(ctx: HandlerContext, s: TasksServices, task: TaskRecord): Promise<string> {
  if (ctx.community?.id === task.communityId) return ctx.community.timezone;
  return (await s.deps.store.communities.find(task.communityId))?.timezone ?? "UTC";
}

export function timeContext(ctx: HandlerContext): TimeContext {
  const community = ctx.requireCommunity();
  return { locale: ctx.locale, timezone: community.timezone, now: ctx.clock.now() };
}

/**
 * Brings the task's cards up to date: the card whose button was pressed is
 * replaced in place (updateSource), every other posted copy is edited.
 */
export async function refreshCards(ctx: HandlerContext, s: TasksServices, taskId: number): Promise<void> {
  const source = ctx.event.kind === "action" ? ctx.event.message : undefined;
  if (source) {
    try {
      const view = await s.tasks.view(taskId);
      if (view) await ctx.updateSource(await s.cards.renderFor(view, ctx.chat.id));
    } catch (error) {
      // The change itself is done; a card that cannot be edited must not make it look failed.
      s.deps.logger.warn({ err: error, taskId }, "could not update the pressed task card");
    }
  }
  await s.cards.refresh(taskId, source);
}

/** Posts the task's card as the reply and remembers it, so later changes update it. */
export async function replyWithCard(ctx: HandlerContext, s: TasksServices, task: TaskRecord): Promise<void> {
  const view = await s.tasks.view(task);
  if (!view) return;
  const posted = await ctx.replyCard(await s.cards.renderFor(view, ctx.chat.id));
  await s.cards.remember(task.id, ctx.chat.id, posted);
}

/** A refusal from the services as one localised line. */
export function refused(reason: string, id: number): UserError {
  return new UserError(`tasks:errors.refused.${reason}`, { id });
}
