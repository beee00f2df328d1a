// /task attendance <id> [--all] [--absent "@x, @y"]: once a shift has started,
// its coordinator marks who came. The reply is the register with a button per
// person (a tap goes unmarked → came → absent → came) and "All came"; flags
// do the same in one line. Hours follow the marks (attendance.ts).
import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { flag, text } from "../../../core/flag-readers.js";
import type { Button, OutboundMessage } from "../../../core/messages.js";
import { completing } from "../../change-effects.js";
import type { Marks } from "../attendance.js";
import type { TasksServices } from "../services.js";
import type { TaskRecord, Volunteer } from "../task-repository.js";
import { loadTask, refused } from "./shared.js";
import { suggestTasks } from "./suggestions.js";

export const ATTEND_ACTION = "task.attend";
export const ALL_CAME_ACTION = "task.allCame";

export function attendanceSubcommand(s: TasksServices): SubcommandSpec {
  return {
    usage: "tasks:usage.attendance",
    requires: "coordinator",
    min: 1,
    max: 1,
    params: [{ name: "task", description: "tasks:options.task", suggest: suggestTasks(s, { sinceDays: 14 }) }],
    flags: {
      all: { kind: "boolean", description: "tasks:options.allCame" },
      absent: { kind: "string", description: "tasks:options.absent" },
    },
    async run(ctx, { args, flags }) {
      const task = await loadTask(ctx, s, args[0]!);
      const absent = text(flags, "absent");
      const confirmed = (await s.tasks.view(task))?.confirmed ?? [];
      const attended = new Map<number, boolean>();
      if (flag(flags, "all")) for (const v of confirmed) attended.set(v.signupId, true);
      if (absent !== undefined) {
        for (const v of await matchPeople(s, confirmed, absent)) attended.set(v.signupId, false);
      }
      // With no flags this changes nothing, but refuses a shift that has not started.
      await mark(ctx, s, task, { kind: "set", attended });
      await ctx.reply(await registerMessage(ctx, s, task.id));
    },
  };
}

export function attendanceActions(s: TasksServices): ActionSpec[] {
  const press = (marks: (args: string[]) => Marks) => async (ctx: HandlerContext, args: string[]) => {
    const task = await loadTask(ctx, s, args[0] ?? "");
    await mark(ctx, s, task, marks(args));
    await ctx.updateSource(await registerMessage(ctx, s, task.id));
  };
  return [
    {
      name: ATTEND_ACTION,
      requires: "coordinator",
      run: press((args) => ({ kind: "toggle", signupId: Number(args[1]) })),
    },
    { name: ALL_CAME_ACTION, requires: "coordinator", run: press(() => ({ kind: "all" })) },
  ];
}

async function mark(ctx: HandlerContext, s: TasksServices, task: TaskRecord, marks: Marks): Promise<void> {
  const result = await s.attendance.mark(
    task.id,
    marks,
    ctx.person.id,
    completing(ctx.completion, async (tx, done) => {
      if (done.kind !== "marked" || done.changed === 0) return;
      await s.deps.store.audit.record(
        {
          communityId: task.communityId,
          actorPersonId: ctx.person.id,
          action: "task.attendance",
          subject: `task:${task.id}`,
          detail: { changed: done.changed },
        },
        tx,
      );
    }),
  );
  if (result.kind === "refused") throw refused(result.reason, task.id);
}

/** The register: each confirmed volunteer with their mark, a button each, and "All came". */
async function registerMessage(ctx: HandlerContext, s: TasksServices, taskId: number): Promise<OutboundMessage> {
  const { t } = ctx;
  const view = await s.tasks.view(taskId);
  if (!view) throw new UserError("tasks:errors.unknownTask", { id: taskId });
  const { task, confirmed } = view;
  const label = (v: Volunteer) => `${v.attended === null ? "·" : v.attended ? "✓" : "✗"} ${v.displayName}`;
  const came = confirmed.filter((v) => v.attended !== false).length;
  const lines = confirmed.length
    ? [
        ...confirmed.map(
          (v) =>
            `${label(v)} · ${t(v.attended === null ? "tasks:attendance.unmarked" : v.attended ? "tasks:attendance.came" : "tasks:attendance.absent")}`,
        ),
        "",
        t("tasks:attendance.count", { came, count: confirmed.length }),
      ]
    : [t("tasks:attendance.nobody")];
  const buttons: Button[][] = confirmed.map((v) => [
    { label: label(v), action: ATTEND_ACTION, args: [String(task.id), String(v.signupId)] },
  ]);
  if (confirmed.length) {
    buttons.push([
      { label: t("tasks:attendance.allCame"), action: ALL_CAME_ACTION, args: [String(task.id)], style: "primary" },
    ]);
  }
  return {
    title: t("tasks:attendance.title", { id: task.id, title: task.title }),
    text: lines.join("\n"),
    footer: t(task.status === "done" ? "tasks:attendance.footerDone" : "tasks:attendance.footer", { id: task.id }),
    buttons: buttons.length ? buttons : undefined,
  };
}

/** The confirmed volunteers named in "@x, y": by username (with or without @) or display name. */
async function matchPeople(s: TasksServices, confirmed: Volunteer[], raw: string): Promise<Volunteer[]> {
  const contacts = await s.tasks.contactsOf(confirmed.map((v) => v.identityId));
  const key = (name: string) => name.trim().replace(/^@/, "").toLowerCase();
  // Commas part names; "@x @y" are several usernames, "Olga Berg" one name.
  const names = raw.split(",").flatMap((part) => {
    const words = part.trim().split(/\s+/);
    return words.every((w) => w.startsWith("@")) ? words : [part];
  });
  return names
    .filter((name) => name.trim() !== "")
    .map((name) => {
      const wanted = key(name);
      const found = confirmed.find(
        (v) => key(v.displayName) === wanted || key(contacts.get(v.identityId)?.handle ?? "") === wanted,
      );
      if (!found) throw new UserError("tasks:attendance.notSignedUp", { name: name.trim() });
      return found;
    });
}
