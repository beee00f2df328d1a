// /task done <id>: a coordinator closes a shift that has started, and hours
// are proposed (pending) for each confirmed volunteer: the shift's length,
// or 2 hours when it has no --until. The reply lists them with an
// "Approve all" button; single entries can be approved or declined with
// /hours approve|decline <entry>, and corrections logged with /hours log.

import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import type { OutboundMessage } from "../../../core/messages.js";
import { completing } from "../../change-effects.js";
import { formatHours } from "../hours-input.js";
import type { TasksServices } from "../services.js";
import type { TaskRecord } from "../task-repository.js";
import { approvingAll } from "./hours-review.js";
import { loadTask, refreshCards, refused } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

export const APPROVE_TASK_HOURS_ACTION = "task.approveHours";

export function doneSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.done",
    requires: "coordinator",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s, { sinceDays: 14 }) }],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const task = await loadTask(ctx, s, args[0]!);
      // The task done, its proposed hours, its audit entry and the event's completion commit together.
      const result = await s.taskService.markDone(
        task.id,
        ctx.person.id,
        completing(ctx.completion, async (tx, done) => {
          if (done.kind !== "done") return;
          await s.cards.scheduleResync(task.id, tx);
          await s.deps.store.audit.record(
            {
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "task.done",
              subject: `task:${task.id}`,
              detail: { proposed: done.entries.length },
            },
            tx,
          );
        }),
      );
      if (result.kind === "refused") throw refused(result.reason, task.id);
      await refreshCards(ctx, s, task.id);
      await ctx.reply(await taskHoursMessage(ctx, s, result.task));
    },
  };
}

/** The Approve all button under a done task's hours: approves that task's pending entries. */
export function approveTaskHoursAction(s: TasksServices): ActionSpec {
  return {
    name: APPROVE_TASK_HOURS_ACTION,
    requires: "coordinator",
    async run(ctx, args) {
      const task = await loadTask(ctx, s, args[0] ?? "");
      // The approvals, their audit entries and the event's completion commit together.
      const { count, minutes } = await s.hours.approveAll(
        task.communityId,
        ctx.person.id,
        task.id,
        approvingAll(ctx, s, task.communityId),
      );
      ctx.toast(ctx.t("tasks:hours.approvedAll", { count, hours: formatHours(minutes, ctx.locale) }));
      await ctx.updateSource(await taskHoursMessage(ctx, s, task));
    },
  };
}

/** A done task's hours, entry by entry with their status; the button while some are pending. */
async function taskHoursMessage(ctx: HandlerContext, s: TasksServices, task: TaskRecord): Promise<OutboundMessage> {
  const { t } = ctx;
  const entries = await s.hours.ofTask(task.id);
  const names = await s.tasks.namesOf(entries.map((e) => e.personId));
  const lines = entries.map((e) =>
    t("tasks:done.entryLine", {
      id: e.id,
      name: names.get(e.personId) ?? "?",
      hours: formatHours(e.minutes, ctx.locale),
      status: t(`tasks:hours.status.${e.status === "approved" || e.status === "declined" ? e.status : "pending"}`),
    }),
  );
  const pending = entries.some((e) => e.status === "pending");
  return {
    title: t("tasks:done.title", { id: task.id, title: task.title }),
    text: entries.length ? [t("tasks:done.proposed"), ...lines].join("\n") : t("tasks:done.nobody"),
    footer: pending ? t("tasks:done.footer") : undefined,
    buttons: pending
      ? [
          [
            {
              label: t("tasks:done.approveAll"),
              action: APPROVE_TASK_HOURS_ACTION,
              args: [String(task.id)],
              style: "primary",
            },
          ],
        ]
      : undefined,
  };
}
