// /task cancel <id> [reason] [--series]: everyone signed up is told. One
// occurrence of a repeating shift is cancelled alone; --series also cancels
// the later ones and stops the series.

import type { SubcommandSpec } from "../../../core/commands.js";
import { flag } from "../../../core/flag-readers.js";
import { completing } from "../../change-effects.js";
import { cleanReason } from "../limits.js";
import type { TasksServices } from "../services.js";
import { loadTask, refreshCards, refused } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

export function cancelSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.cancel",
    requires: "coordinator",
    min: 1,
    max: 2,
    rest: true,
    params: [
      { name: "task", description: "tasks:options.task", suggest: suggestTasks(s) },
      { name: "reason", description: "tasks:options.reason" },
    ],
    flags: { series: { kind: "boolean", description: "tasks:options.series" } },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const task = await loadTask(ctx, s, args[0]!);
      const reason = cleanReason(args[1]);
      // Every cancelled occurrence, its notices and audit entry, and the event's completion commit together.
      const result = await s.taskService.cancel(
        task.id,
        reason,
        flag(flags, "series"),
        completing(ctx.completion, async (tx, { task: cancelled, audience }) => {
          await s.announcer.cancelled(tx, cancelled, audience, ctx.person.id);
          await s.cards.scheduleResync(cancelled.id, tx);
          await s.deps.store.audit.record(
            {
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "task.cancel",
              subject: `task:${cancelled.id}`,
              after: "cancelled",
              detail: { reason: reason ?? null },
            },
            tx,
          );
        }),
      );
      if (result.kind === "refused") throw refused(result.reason, task.id);
      s.announcer.wake();
      let told = 0;
      for (const { task: cancelled, audience } of result.tasks) {
        told += audience.filter((a) => a.personId !== ctx.person.id).length;
        await refreshCards(ctx, s, cancelled.id);
      }
      const key = result.tasks.length > 1 ? "tasks:cancel.doneSeries" : "tasks:cancel.done";
      await ctx.reply(
        `${ctx.t(key, { id: task.id, title: task.title, count: result.tasks.length })}\n${ctx.t("tasks:edit.told", { count: told })}`,
      );
    },
  };
}
