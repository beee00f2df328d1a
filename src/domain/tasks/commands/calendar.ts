// /task calendar [--new]: the path of the community's calendar feed, made on
// first use. --new replaces the secret, so the old link stops working.
import type { SubcommandSpec } from "../../../core/commands.js";
import { flag } from "../../../core/flag-readers.js";
import { calendarPath, newCalendarToken } from "../calendar-feed.js";
import type { TasksServices } from "../services.js";

export function calendarSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.calendar",
    privateAnswer: true,
    requires: "admin",
    max: 0,
    flags: { new: { kind: "boolean", description: "tasks:options.newFeed" } },
    async run(ctx, { flags }) {
      const community = ctx.requireCommunity();
      // The link is the feed's only secret: it is made, or shown, only where
      // only the admin sees it.
      await ctx.replySecret(async () => {
        const existing = await s.tasks.calendarToken(community.id);
        let token = existing;
        if (!token || flag(flags, "new")) {
          token = newCalendarToken();
          await s.tasks.setCalendarToken(community.id, token);
          await s.deps.store.audit.record({
            communityId: community.id,
            actorPersonId: ctx.person.id,
            action: "task.calendar",
            subject: community.id,
            detail: { renewed: !!existing },
          });
        }
        return ctx.t("tasks:calendar.path", { path: calendarPath(token) });
      });
    },
  };
}
