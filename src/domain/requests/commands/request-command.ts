// /request: residents file and follow requests; officials answer them in
// their team chat; coordinators hand them to volunteers.
import type { CommandSpec } from "../../../core/commands.js";
import type { RequestsServices } from "../services.js";
import { fileFallback } from "./file.js";
import { followSubcommand, supportSubcommand, unfollowSubcommand } from "./follow.js";
import {
  closeSubcommand,
  statusSubcommand as handleSubcommand,
  reassignSubcommand,
  replySubcommand,
} from "./handle.js";
import { nearSubcommand } from "./near.js";
import { queueSubcommand } from "./queue.js";
import { reopenSubcommand } from "./reopen.js";
import { mineSubcommand, openSubcommand, statusSubcommand } from "./status.js";
import { taskSubcommand } from "./to-task.js";

export function requestCommand(s: RequestsServices): CommandSpec {
  const support = supportSubcommand(s);
  return {
    name: "request",
    personalData: "requests:personalData.request",
    summary: "requests:summary",
    subcommands: {
      status: statusSubcommand(s),
      mine: mineSubcommand(s),
      open: openSubcommand(s),
      near: nearSubcommand(s),
      queue: queueSubcommand(s),
      follow: followSubcommand(s),
      unfollow: unfollowSubcommand(s),
      "+1": support,
      // The same, under a name typed platforms accept ("+1" is not one); /help shows one usage line.
      support,
      ack: handleSubcommand(s, "acknowledge", "requests:usage.ack"),
      progress: handleSubcommand(s, "progress", "requests:usage.progress"),
      schedule: handleSubcommand(s, "schedule", "requests:usage.schedule"),
      resolve: handleSubcommand(s, "resolve", "requests:usage.resolve"),
      reply: replySubcommand(s),
      reassign: reassignSubcommand(s),
      close: closeSubcommand(s),
      reopen: reopenSubcommand(s),
      task: taskSubcommand(s),
    },
    fallback: fileFallback(s),
  };
}
