// /task join <id>, /task leave <id>, and the Join and Leave buttons on a card:
// one code path, so a press and a typed command behave the same. A press
// updates the card in place and answers with a toast; a command gets the
// same line as its reply (the router turns a toast into one), and the posted
// cards are updated. The sign-up, the notices to people it moved and the
// event's completion commit together.

import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { completing } from "../../change-effects.js";
import { formatSpan } from "../../time/format-when.js";
import type { TasksServices } from "../services.js";
import { JOIN_ACTION, LEAVE_ACTION } from "../task-card.js";
import type { TaskRecord } from "../task-repository.js";
import { loadTask, refreshCards, refused, timezoneOf } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

export async function joinTask(ctx: HandlerContext, s: TasksServices, rawId: string): Promise<void> {
  const task = await loadTask(ctx, s, rawId);
  const result = await s.signups.join(
    task.id,
    { personId: ctx.person.id, identityId: ctx.identityId, chatId: ctx.chat.id },
    completing(ctx.completion, async (tx, joined) => {
      if (joined.kind === "confirmed" || joined.kind === "waitlisted")
        await s.announcer.moved(tx, joined.task, joined.moved);
    }),
  );
  if (result.kind === "refused") throw refused(result.reason, task.id);
  const facts = describe(ctx, result.task, await timezoneOf(ctx, s, task));
  switch (result.kind) {
    case "already":
      ctx.toast(
        result.status === "confirmed"
          ? ctx.t("tasks:join.alreadyIn", facts)
          : ctx.t("tasks:join.alreadyWaiting", { ...facts, position: result.position ?? 1 }),
      );
      return;
    case "confirmed":
      ctx.toast(ctx.t(pressed(ctx) ? "tasks:join.inShort" : "tasks:join.in", facts));
      break;
    case "waitlisted":
      ctx.toast(
        ctx.t(pressed(ctx) ? "tasks:join.waitingShort" : "tasks:join.waiting", { ...facts, position: result.position }),
      );
      break;
  }
  s.announcer.wake();
  await refreshCards(ctx, s, task.id);
}

export async function leaveTask(ctx: HandlerContext, s: TasksServices, rawId: string): Promise<void> {
  const task = await loadTask(ctx, s, rawId);
  const result = await s.signups.leave(
    task.id,
    ctx.person.id,
    completing(ctx.completion, async (tx, left) => {
      if (left.kind === "left") await s.announcer.moved(tx, left.task, left.moved);
    }),
  );
  if (result.kind === "refused") throw refused(result.reason, task.id);
  const facts = describe(ctx, result.task, await timezoneOf(ctx, s, task));
  if (result.kind === "notSignedUp") {
    ctx.toast(ctx.t("tasks:leave.notSignedUp", facts));
    return;
  }
  ctx.toast(ctx.t(result.was === "confirmed" ? "tasks:leave.left" : "tasks:leave.leftWaitlist", facts));
  s.announcer.wake();
  await refreshCards(ctx, s, task.id);
}

export function joinSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.join",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s) }],
    run: (ctx, { args }) => joinTask(ctx, s, args[0]!),
  };
}

export function leaveSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.leave",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s, { mine: true }) }],
    run: (ctx, { args }) => leaveTask(ctx, s, args[0]!),
  };
}

export function signupActions(s: TasksServices): ActionSpec[] {
  return [
    { name: JOIN_ACTION, run: (ctx, args) => joinTask(ctx, s, args[0] ?? "") },
    { name: LEAVE_ACTION, run: (ctx, args) => leaveTask(ctx, s, args[0] ?? "") },
  ];
}

function pressed(ctx: HandlerContext): boolean {
  return ctx.event.kind === "action";
}

function describe(ctx: HandlerContext, task: TaskRecord, timezone: string) {
  return {
    id: task.id,
    title: task.title,
    when: formatSpan(task.startsAt, task.endsAt ?? undefined, ctx.locale, timezone),
  };
}
