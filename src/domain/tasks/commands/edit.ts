// /task edit <id> --when|--until|--slots|--where|--note|--title|--cutoff …
// Everyone signed up is told what changed. Fewer slots than sign-ups moves
// the newest back to the front of the wait-list (they are told); more slots
// promote from the wait-list (they are told).

import type { FlagValues } from "../../../core/arguments.js";
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { integer, text } from "../../../core/flag-readers.js";
import { completing } from "../../change-effects.js";
import { renderChange } from "../changes.js";
import { checkNote, checkPlace, checkSlots, checkTitle } from "../limits.js";
import type { TasksServices } from "../services.js";
import type { TaskRecord } from "../task-repository.js";
import type { TaskPatch } from "../task-service.js";
import { parseCutoff, parseEnd, parseStart, type TimeContext } from "../task-times.js";
import { loadTask, refreshCards, refused, timeContext } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

const CLEAR = "-";

export function editSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.edit",
    requires: "coordinator",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s) }],
    flags: {
      title: { kind: "string", description: "tasks:options.title" },
      when: { kind: "string", description: "tasks:options.when" },
      until: { kind: "string", description: "tasks:options.until" },
      slots: { kind: "int", description: "tasks:options.slots" },
      where: { kind: "string", description: "tasks:options.where" },
      note: { kind: "string", description: "tasks:options.note" },
      cutoff: { kind: "string", description: "tasks:options.cutoff" },
    },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const task = await loadTask(ctx, s, args[0]!);
      const patch = planEdit(task, flags, timeContext(ctx));
      // A shift with roles has its slots per role, set when it was added.
      if (patch.capacity !== undefined && (await s.tasks.roles(task.id)).length > 0) {
        throw new UserError("tasks:errors.slotsWithRoles");
      }
      if (Object.keys(patch).length === 0)
        throw new UserError("tasks:errors.nothingToEdit", { usage: ctx.t("tasks:usage.edit") });
      // The edit, the notices to everyone signed up, its audit entry and the event's completion commit together.
      const result = await s.taskService.edit(
        task.id,
        patch,
        completing(ctx.completion, async (tx, edited) => {
          if (edited.kind !== "edited") return;
          await s.announcer.changed(tx, edited.task, edited.changes, edited.audience, edited.moved, ctx.person.id);
          await s.cards.scheduleResync(task.id, tx);
          await s.deps.store.audit.record(
            {
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "task.edit",
              subject: `task:${task.id}`,
              detail: { fields: edited.changes.map((c) => c.field) },
            },
            tx,
          );
        }),
      );
      if (result.kind === "refused") throw refused(result.reason, task.id);
      if (result.kind === "unchanged") {
        await ctx.reply(ctx.t("tasks:edit.unchanged", { id: task.id }));
        return;
      }
      s.announcer.wake();
      await refreshCards(ctx, s, task.id);
      const told = result.audience.filter((a) => a.personId !== ctx.person.id).length;
      const lines = [
        ctx.t("tasks:edit.done", { id: task.id, title: result.task.title }),
        ...result.changes.map((c) => renderChange(c, ctx.t, ctx.locale, community.timezone)),
        ctx.t("tasks:edit.told", { count: told }),
      ];
      await ctx.reply(lines.join("\n"));
    },
  };
}

/**
 * The fields an edit sets, from its flags. Moving the start keeps the
 * shift's length and how long before the start sign-ups close, unless
 * --until or --cutoff say otherwise; "-" clears --until, --where, --note and
 * --cutoff. Pure apart from the clock in `times`.
 */
export function planEdit(task: TaskRecord, flags: FlagValues, times: TimeContext): TaskPatch {
  const patch: TaskPatch = {};
  const title = text(flags, "title");
  const when = text(flags, "when");
  const until = text(flags, "until");
  const slots = integer(flags, "slots");
  const where = text(flags, "where");
  const note = text(flags, "note");
  const cutoff = text(flags, "cutoff");

  if (title !== undefined) patch.title = checkTitle(title);
  const start = when === undefined ? task.startsAt : parseStart(when, times);
  const shift = start.getTime() - task.startsAt.getTime();
  if (when !== undefined) patch.startsAt = start;

  if (until !== undefined) patch.endsAt = until.trim() === CLEAR ? null : parseEnd(until, start, times);
  else if (shift !== 0 && task.endsAt) patch.endsAt = new Date(task.endsAt.getTime() + shift);

  if (cutoff !== undefined) patch.cutoffAt = cutoff.trim() === CLEAR ? null : parseCutoff(cutoff, start, times);
  else if (shift !== 0 && task.cutoffAt) patch.cutoffAt = new Date(task.cutoffAt.getTime() + shift);

  if (slots !== undefined) patch.capacity = checkSlots(slots);
  if (where !== undefined) patch.place = checkPlace(where) ?? null;
  if (note !== undefined) patch.note = checkNote(note) ?? null;
  return patch;
}
