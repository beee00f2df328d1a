// /task join <id> [--note "…"], /task maybe <id>, /task leave <id>, and the
// Join, Maybe and Leave buttons on a card:
// one code path, so a press and a typed command behave the same. A press
// updates the card in place and answers with a toast; a command gets the
// same line as its reply (the router turns a toast into one), and the posted
// cards are updated. The sign-up, the notices to people it moved and the
// event's completion commit together.

import type { FlagValues } from "../../../core/arguments.js";
import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import { completing } from "../../change-effects.js";
import { formatSpan } from "../../time/format-when.js";
import { checkNote } from "../limits.js";
import type { TasksServices } from "../services.js";
import type { Joiner } from "../signups.js";
import { JOIN_ACTION, LEAVE_ACTION, MAYBE_ACTION } from "../task-card.js";
import type { TaskRecord } from "../task-repository.js";
import { loadTask, refreshCards, refused, timezoneOf } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

export async function joinTask(
  ctx: HandlerContext,
  s: TasksServices,
  rawId: string,
  note?: string | null,
  role?: string,
): Promise<void> {
  const task = await loadTask(ctx, s, rawId);
  const result = await s.signups.join(
    task.id,
    joinerOf(ctx),
    completing(ctx.completion, async (tx, joined) => {
      if (joined.kind !== "confirmed" && joined.kind !== "waitlisted") return;
      await s.announcer.moved(tx, joined.task, joined.moved);
      await s.cards.scheduleResync(task.id, tx);
    }),
    note,
    role,
  );
  if (result.kind === "refused") throw refused(result.reason, task.id);
  if (result.kind === "chooseRole") {
    if (result.roles.length === 0) throw new UserError("tasks:errors.noRoles", { id: task.id });
    throw new UserError("tasks:errors.chooseRole", { id: task.id, roles: result.roles.join(", ") });
  }
  const facts = describe(ctx, result.task, await timezoneOf(ctx, s, task));
  switch (result.kind) {
    case "already":
      if (result.noted) {
        ctx.toast(ctx.t("tasks:join.noted", facts));
        return;
      }
      ctx.toast(
        result.status === "confirmed"
          ? ctx.t("tasks:join.alreadyIn", facts)
          : ctx.t("tasks:join.alreadyWaiting", { ...facts, position: result.position ?? 1 }),
      );
      return;
    case "confirmed":
      if (result.role === undefined) ctx.toast(ctx.t(pressed(ctx) ? "tasks:join.inShort" : "tasks:join.in", facts));
      else
        ctx.toast(
          ctx.t(pressed(ctx) ? "tasks:join.inRoleShort" : "tasks:join.inRole", { ...facts, role: result.role }),
        );
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

export async function maybeTask(
  ctx: HandlerContext,
  s: TasksServices,
  rawId: string,
  note?: string | null,
): Promise<void> {
  const task = await loadTask(ctx, s, rawId);
  const result = await s.signups.maybe(
    task.id,
    joinerOf(ctx),
    completing(ctx.completion, async (tx, said) => {
      if (said.kind !== "maybe") return;
      await s.announcer.moved(tx, said.task, said.moved);
      await s.cards.scheduleResync(task.id, tx);
    }),
    note,
  );
  if (result.kind === "refused") throw refused(result.reason, task.id);
  const facts = describe(ctx, result.task, await timezoneOf(ctx, s, task));
  if (result.kind === "already") {
    ctx.toast(ctx.t(result.noted ? "tasks:join.noted" : "tasks:maybe.already", facts));
    return;
  }
  ctx.toast(ctx.t(pressed(ctx) ? "tasks:maybe.short" : "tasks:maybe.done", facts));
  s.announcer.wake();
  await refreshCards(ctx, s, task.id);
}

export async function leaveTask(ctx: HandlerContext, s: TasksServices, rawId: string): Promise<void> {
  const task = await loadTask(ctx, s, rawId);
  const result = await s.signups.leave(
    task.id,
    ctx.person.id,
    completing(ctx.completion, async (tx, left) => {
      if (left.kind !== "left") return;
      await s.announcer.moved(tx, left.task, left.moved);
      await s.cards.scheduleResync(task.id, tx);
    }),
  );
  if (result.kind === "refused") throw refused(result.reason, task.id);
  const facts = describe(ctx, result.task, await timezoneOf(ctx, s, task));
  if (result.kind === "notSignedUp") {
    ctx.toast(ctx.t("tasks:leave.notSignedUp", facts));
    return;
  }
  const line = {
    confirmed: "tasks:leave.left",
    waitlisted: "tasks:leave.leftWaitlist",
    maybe: "tasks:leave.leftMaybe",
  };
  ctx.toast(ctx.t(line[result.was], facts));
  s.announcer.wake();
  await refreshCards(ctx, s, task.id);
}

export function joinSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.join",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s) }],
    flags: {
      note: { kind: "string", description: "tasks:options.signupNote" },
      role: { kind: "string", description: "tasks:options.role" },
    },
    run: (ctx, { args, flags }) => joinTask(ctx, s, args[0]!, noteFlag(flags), text(flags, "role")),
  };
}

export function maybeSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.maybe",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s) }],
    flags: { note: { kind: "string", description: "tasks:options.signupNote" } },
    run: (ctx, { args, flags }) => maybeTask(ctx, s, args[0]!, noteFlag(flags)),
  };
}

/** A sign-up's note for the coordinators, checked like a task's; "-" clears it. */
function noteFlag(flags: FlagValues): string | null | undefined {
  const note = text(flags, "note");
  return note === undefined ? undefined : (checkNote(note) ?? null);
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
    // A role's Join button carries the role's name after the task.
    { name: JOIN_ACTION, run: (ctx, args) => joinTask(ctx, s, args[0] ?? "", undefined, args[1]) },
    { name: MAYBE_ACTION, run: (ctx, args) => maybeTask(ctx, s, args[0] ?? "") },
    { name: LEAVE_ACTION, run: (ctx, args) => leaveTask(ctx, s, args[0] ?? "") },
  ];
}

/** The person pressing or typing, and where from: reminders and notices go back there. */
function joinerOf(ctx: HandlerContext): Joiner {
  return { personId: ctx.person.id, identityId: ctx.identityId, chatId: ctx.chat.id };
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
