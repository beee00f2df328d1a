// /task list [open|mine|today|week|past] and /task show <id> (any shift of the
// community, done ones too: their card says so and has no buttons).

import { DateTime } from "luxon";
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { clip } from "../../../core/text.js";
import type { TasksServices } from "../services.js";
import { renderListLine } from "../task-card.js";
import type { TaskQuery } from "../task-repository.js";
import { loadTask, replyWithCard } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

const VIEWS = ["open", "mine", "today", "week", "past"] as const;
type ListView = (typeof VIEWS)[number];
/** Lines per list: more than this is a wall of text in a chat. */
const LIMIT = 20;

export function listSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.list",
    personal: true,
    max: 1,
    params: [{ name: "view", description: "tasks:options.view", choices: VIEWS }],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const wanted = (args[0] ?? "open").toLowerCase();
      if (!isView(wanted)) throw new UserError("tasks:errors.badListView", { input: clip(wanted, 20) });
      const now = ctx.clock.now();
      const query = listQuery(wanted, community.id, ctx.person.id, now, community.timezone);
      const [items, total] = await Promise.all([s.tasks.list(query), s.tasks.count(query)]);
      const p = { t: ctx.t, locale: ctx.locale, timezone: community.timezone, now };
      const lines = items.map((item) => renderListLine(item, p));
      if (total > items.length) lines.push(ctx.t("tasks:list.more", { count: total - items.length }));
      if (wanted === "mine") {
        // A maybe holds no place: listed apart, under its own heading.
        const maybes = await s.tasks.list({ ...query, maybe: true });
        if (maybes.length > 0) {
          lines.push(
            ...(lines.length ? [""] : []),
            ctx.t("tasks:list.maybes"),
            ...maybes.map((i) => renderListLine(i, p)),
          );
        }
      }
      await ctx.reply({
        title: ctx.t(`tasks:list.title.${wanted}`),
        text: lines.length ? lines.join("\n") : ctx.t(`tasks:list.empty.${wanted}`),
        footer: lines.length ? ctx.t("tasks:list.footer") : undefined,
      });
    },
  };
}

export function showSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.show",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s) }],
    async run(ctx, { args }) {
      await replyWithCard(ctx, s, await loadTask(ctx, s, args[0]!));
    },
  };
}

function isView(value: string): value is ListView {
  return (VIEWS as readonly string[]).includes(value);
}

/**
 * Which tasks a view lists: from now on, open ones, within the view's window;
 * `past` lists the shifts that have started, done or still to be marked done,
 * newest first. Pure.
 */
export function listQuery(
  view: ListView,
  communityId: string,
  personId: string,
  now: Date,
  timezone: string,
): TaskQuery {
  const base: TaskQuery = { communityId, statuses: ["open"], from: now, limit: LIMIT };
  switch (view) {
    case "open":
      return base;
    case "mine":
      return { ...base, personId };
    case "today": {
      const day = DateTime.fromJSDate(now).setZone(timezone);
      // Today's shifts, also the ones already under way.
      return { ...base, from: day.startOf("day").toJSDate(), to: day.startOf("day").plus({ days: 1 }).toJSDate() };
    }
    case "week":
      return { ...base, to: new Date(now.getTime() + 7 * 86_400_000) };
    case "past":
      return { communityId, statuses: ["open", "done"], to: now, newestFirst: true, limit: LIMIT };
  }
}
