// /task reminders: show the settings; `on|off` for yourself (anyone);
// `<minutes,...>` for the community's reminder times (admins), e.g. 1440,60.
import type { SubcommandSpec } from "../../../core/commands.js";
import type { Translate } from "../../../core/i18n.js";
import { completing } from "../../change-effects.js";
import { parseOffsets } from "../reminder-offsets.js";
import type { TasksServices } from "../services.js";

export function remindersSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.reminders",
    personal: true,
    max: 1,
    params: [{ name: "setting", description: "tasks:options.reminders" }],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const wanted = args[0]?.toLowerCase();
      if (wanted === "on" || wanted === "off") {
        await s.reminders.setMuted(community.id, ctx.person.id, wanted === "off");
        await ctx.reply(ctx.t(wanted === "off" ? "tasks:reminders.personOff" : "tasks:reminders.personOn"));
        return;
      }
      if (wanted === undefined) {
        const offsets = await s.reminders.offsetsOf(community.id);
        const muted = await s.reminders.mutedFor(community.id, ctx.person.id);
        const mine = ctx.t(muted ? "tasks:reminders.yoursOff" : "tasks:reminders.yoursOn");
        await ctx.reply(`${ctx.t("tasks:reminders.current", { times: describeOffsets(offsets, ctx.t) })}\n${mine}`);
        return;
      }
      ctx.require("admin");
      const next = parseOffsets(wanted);
      const previous = await s.reminders.offsetsOf(community.id);
      const upcoming = await s.tasks.openAfter(community.id, ctx.clock.now());
      // The new offsets, every upcoming shift's reminders and the audit entry commit together.
      await s.reminders.changeOffsets(
        community.id,
        upcoming,
        previous,
        next,
        completing(ctx.completion, (tx) =>
          s.deps.store.audit.record(
            {
              communityId: community.id,
              actorPersonId: ctx.person.id,
              action: "task.reminders",
              subject: community.id,
              before: previous,
              after: next,
            },
            tx,
          ),
        ),
      );
      await ctx.reply(ctx.t("tasks:reminders.set", { times: describeOffsets(next, ctx.t), count: upcoming.length }));
    },
  };
}

/** [1440, 60] -> "24 h, 1 h before the start". */
export function describeOffsets(offsets: number[], t: Translate): string {
  const each = offsets.map((m) =>
    m % 60 === 0 ? t("tasks:reminders.hours", { count: m / 60 }) : t("tasks:reminders.minutes", { count: m }),
  );
  return t("tasks:reminders.before", { times: each.join(", ") });
}
