// /hours report [--month YYYY-MM] [--csv]: approved hours per volunteer and
// per task, and the month's no-shows (coordinators only); --csv attaches them as a file (a code block where a platform
// takes no files).
import type { SubcommandSpec } from "../../../core/commands.js";
import { flag, text } from "../../../core/flag-readers.js";
import { monthName, monthRange } from "../hours-input.js";
import { renderReport } from "../hours-report.js";
import { totalHours, totalNoShows } from "../hours-totals.js";
import type { TasksServices } from "../services.js";

export function hoursReportSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.hoursReport",
    requires: "coordinator",
    max: 0,
    flags: {
      month: { kind: "string", description: "tasks:options.month" },
      csv: { kind: "boolean", description: "tasks:options.csv" },
    },
    async run(ctx, { flags }) {
      const community = ctx.requireCommunity();
      const range = monthRange(text(flags, "month"), community.timezone, ctx.clock.now());
      const [lines, pending, noShows] = await Promise.all([
        s.hours.approvedIn(community.id, range),
        s.hours.pendingIn(community.id, range),
        s.tasks.noShowsIn(community.id, range),
      ]);
      const report = renderReport(
        {
          totals: totalHours(lines),
          noShows: totalNoShows(noShows),
          pending,
          monthName: monthName(range, ctx.locale, community.timezone),
          monthKey: range.key,
        },
        ctx.t,
        ctx.locale,
        flag(flags, "csv"),
      );
      await ctx.reply(report);
    },
  };
}
