// /task calendar [--new]: the link of the community's calendar feed (admins),
// and /task calendar mine [--new]: one's own feed of the shifts one signed up
// for (anyone). Each is made on first use; --new replaces the secret, so the
// old link stops working. A feed's link is its only secret: it is made, or
// shown, only where its owner alone sees it (replySecret).
import type { SubcommandSpec } from "../../../core/commands.js";
import { flag } from "../../../core/flag-readers.js";
import type { Translate } from "../../../core/i18n.js";
import { calendarPath, newCalendarToken } from "../calendar-feed.js";
import type { TasksServices } from "../services.js";

export function calendarSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.calendar",
    // Typed platforms call the plain `/task calendar` "community", beside "mine".
    name: "community",
    privateAnswer: true,
    max: 0,
    flags: { new: { kind: "boolean", description: "tasks:options.newFeed" } },
    subcommands: { mine: mineCalendarSubcommand(s) },
    async run(ctx, { flags }) {
      ctx.require("admin");
      const community = ctx.requireCommunity();
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
        return feedLine(ctx.t, s.deps.publicBaseUrl, calendarPath(token), "community");
      });
    },
  };
}

function mineCalendarSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.calendarMine",
    privateAnswer: true,
    max: 0,
    flags: { new: { kind: "boolean", description: "tasks:options.newFeed" } },
    async run(ctx, { flags }) {
      const community = ctx.requireCommunity();
      await ctx.replySecret(async () => {
        let token = await s.tasks.personalCalendarToken(ctx.person.id, community.id);
        if (!token || flag(flags, "new")) {
          token = newCalendarToken();
          await s.tasks.setPersonalCalendarToken(ctx.person.id, community.id, token);
        }
        return feedLine(ctx.t, s.deps.publicBaseUrl, calendarPath(token), "mine");
      });
    },
  };
}

/** The whole link under PUBLIC_BASE_URL; without it, the path and a word that the operator has not set it. */
function feedLine(t: Translate, base: string | undefined, path: string, whose: "community" | "mine"): string {
  const mine = whose === "mine";
  if (base) return t(mine ? "tasks:calendar.mineLink" : "tasks:calendar.link", { url: `${base}${path}` });
  return t(mine ? "tasks:calendar.minePath" : "tasks:calendar.path", { path });
}
