// /hours log <hours> [--task <id>] [--date <day>] [--note <text>] and
// /hours mine [--month YYYY-MM]: a volunteer's side of the ledger.

import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import type { Locale, Translate } from "../../../core/i18n.js";
import { clip } from "../../../core/text.js";
import { completing } from "../../change-effects.js";
import { formatDate } from "../../time/format-when.js";
import type { HoursEntryView } from "../hours.js";
import { asStatus } from "../hours.js";
import { formatHours, monthName, monthRange, parseHoursAmount, parseWorkDay } from "../hours-input.js";
import { checkNote } from "../limits.js";
import type { TasksServices } from "../services.js";
import { loadTask, timeContext } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

export function hoursLogSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.hoursLog",
    personal: true,
    min: 1,
    max: 1,
    // "90 min" and "1 h 30 min" are one amount written as several words.
    rest: true,
    params: [{ name: "hours", description: "tasks:options.hours" }],
    flags: {
      task: { kind: "string", description: "tasks:options.task", suggest: suggestTasks(s, { sinceDays: 31 }) },
      date: { kind: "string", description: "tasks:options.date" },
      note: { kind: "string", description: "tasks:options.note" },
    },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const minutes = hoursAmountOrUnexpected(args[0]!, ctx.t("tasks:usage.hoursLog"));
      const taskArg = text(flags, "task");
      const task = taskArg === undefined ? undefined : await loadTask(ctx, s, taskArg);
      const date = text(flags, "date");
      const times = timeContext(ctx);
      // Without --date: the task's day, else today.
      const workedOn =
        date !== undefined ? parseWorkDay(date, times) : (task?.startsAt ?? parseWorkDay("today", times));
      const note = text(flags, "note");
      const entry = await s.hours.log(
        {
          communityId: community.id,
          personId: ctx.person.id,
          minutes,
          workedOn,
          taskId: task?.id,
          note: note === undefined ? undefined : checkNote(note),
          createdByPersonId: ctx.person.id,
        },
        completing(ctx.completion),
      );
      await ctx.reply(
        ctx.t(task ? "tasks:hours.loggedTask" : "tasks:hours.logged", {
          id: entry.id,
          hours: formatHours(minutes, ctx.locale),
          day: formatDate(workedOn, ctx.locale, community.timezone),
          task: task ? `#${task.id} ${task.title}` : "",
        }),
      );
    },
  };
}

/** "2 extra words": the amount is "2", and the rest is named as unexpected rather than called a bad amount. */
function hoursAmountOrUnexpected(input: string, usage: string): number {
  const [first, ...others] = input.trim().split(/\s+/);
  if (others.length === 0 || isHoursAmount(input) || !isHoursAmount(first!)) return parseHoursAmount(input);
  throw new UserError("core:errors.tooManyArguments", { words: clip(others.join(" ")), usage });
}

function isHoursAmount(input: string): boolean {
  try {
    parseHoursAmount(input);
    return true;
  } catch {
    return false;
  }
}

export function hoursMineSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.hoursMine",
    personal: true,
    privateAnswer: true,
    max: 0,
    flags: { month: { kind: "string", description: "tasks:options.month" } },
    async run(ctx, { flags }) {
      const community = ctx.requireCommunity();
      const range = monthRange(text(flags, "month"), community.timezone, ctx.clock.now());
      const [entries, lifetime] = await Promise.all([
        s.hours.entriesOf(community.id, ctx.person.id, range),
        s.hours.lifetimeMinutes(community.id, ctx.person.id),
      ]);
      const sum = (status: string) =>
        entries.filter((e) => e.entry.status === status).reduce((n, e) => n + e.entry.minutes, 0);
      const hours = (m: number) => formatHours(m, ctx.locale);
      const lines = entries.map((e) => entryLine(e, ctx.t, ctx.locale, community.timezone, false));
      await ctx.replyPrivately({
        title: ctx.t("tasks:hours.mineTitle", { month: monthName(range, ctx.locale, community.timezone) }),
        text: lines.length ? lines.join("\n") : ctx.t("tasks:hours.mineEmpty"),
        footer: ctx.t("tasks:hours.mineTotals", {
          approved: hours(sum("approved")),
          pending: hours(sum("pending")),
          lifetime: hours(lifetime),
        }),
      });
    },
  };
}

/** "#7 · Sat 5 Dec 2026 · 3 h · #12 Food bank · approved" (with the volunteer's name for coordinators). */
export function entryLine(
  view: HoursEntryView,
  t: Translate,
  locale: Locale,
  timezone: string,
  withName: boolean,
): string {
  const { entry } = view;
  const parts = [`#${entry.id}`];
  if (withName) parts.push(view.name);
  parts.push(formatDate(entry.workedOn, locale, timezone), formatHours(entry.minutes, locale));
  if (entry.taskId !== null) parts.push(`#${entry.taskId} ${view.taskTitle ?? ""}`.trim());
  parts.push(t(`tasks:hours.status.${asStatus(entry.status)}`));
  if (entry.note) parts.push(entry.note);
  if (entry.declineReason) parts.push(t("tasks:hours.declinedBecause", { reason: entry.declineReason }));
  return parts.join(" · ");
}
