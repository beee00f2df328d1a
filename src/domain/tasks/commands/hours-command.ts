// /hours: the volunteer hours ledger.
import type { CommandSpec } from "../../../core/commands.js";
import type { TasksServices } from "../services.js";
import { hoursLogSubcommand, hoursMineSubcommand } from "./hours-log.js";
import { hoursReportSubcommand } from "./hours-report.js";
import { hoursApproveSubcommand, hoursDeclineSubcommand, hoursPendingSubcommand } from "./hours-review.js";

export function hoursCommand(s: TasksServices): CommandSpec {
  return {
    name: "hours",
    personalData: "tasks:personalData.hours",
    summary: "tasks:hours.summary",
    subcommands: {
      log: hoursLogSubcommand(s),
      mine: hoursMineSubcommand(s),
      pending: hoursPendingSubcommand(s),
      approve: hoursApproveSubcommand(s),
      decline: hoursDeclineSubcommand(s),
      report: hoursReportSubcommand(s),
    },
  };
}
