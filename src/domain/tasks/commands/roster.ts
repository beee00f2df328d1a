// /task roster <id> [--csv]: who signed up for a shift, who waits and who
// said maybe, with their usernames, notes and no-shows, for coordinators; --csv attaches it as a file (a code
// block where a platform takes no files), as /hours report does.
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { flag } from "../../../core/flag-readers.js";
import { idArgument } from "../../../core/id-argument.js";
import { renderRoster } from "../roster.js";
import type { TasksServices } from "../services.js";
import { suggestTasks } from "./suggestions.js";

export function rosterSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.roster",
    requires: "coordinator",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s) }],
    flags: { csv: { kind: "boolean", description: "tasks:options.csv" } },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const id = idArgument(args[0]!, "tasks:errors.badId");
      // Only this community's shifts: coordinators of one community see no other's volunteers.
      const task = await s.tasks.findInCommunity(community.id, id);
      const view = task && (await s.tasks.view(task));
      if (!view) throw new UserError("tasks:errors.unknownTask", { id });
      const everyone = [...view.confirmed, ...view.waitlisted, ...view.maybe];
      const [contacts, noShows] = await Promise.all([
        s.tasks.contactsOf(everyone.map((v) => v.identityId)),
        s.tasks.noShows(
          community.id,
          everyone.map((v) => v.personId),
        ),
      ]);
      const input = { view, contacts, noShows, timezone: community.timezone };
      await ctx.reply(renderRoster(input, ctx.t, flag(flags, "csv")));
    },
  };
}
