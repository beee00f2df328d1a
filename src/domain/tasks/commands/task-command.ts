// /task: volunteer shifts.
import type { CommandSpec } from "../../../core/commands.js";
import type { TasksServices } from "../services.js";
import { addSubcommand } from "./add.js";
import { attendanceSubcommand } from "./attendance.js";
import { calendarSubcommand } from "./calendar.js";
import { cancelSubcommand } from "./cancel.js";
import { doneSubcommand } from "./done.js";
import { editSubcommand } from "./edit.js";
import { joinSubcommand, leaveSubcommand, maybeSubcommand } from "./join-leave.js";
import { listSubcommand, showSubcommand } from "./list.js";
import { remindersSubcommand } from "./reminders.js";
import { rosterSubcommand } from "./roster.js";

export function taskCommand(s: TasksServices): CommandSpec {
  return {
    name: "task",
    personalData: "tasks:personalData.task",
    summary: "tasks:summary",
    subcommands: {
      add: addSubcommand(s),
      list: listSubcommand(s),
      show: showSubcommand(s),
      join: joinSubcommand(s),
      maybe: maybeSubcommand(s),
      leave: leaveSubcommand(s),
      edit: editSubcommand(s),
      cancel: cancelSubcommand(s),
      done: doneSubcommand(s),
      attendance: attendanceSubcommand(s),
      reminders: remindersSubcommand(s),
      calendar: calendarSubcommand(s),
      roster: rosterSubcommand(s),
    },
  };
}
