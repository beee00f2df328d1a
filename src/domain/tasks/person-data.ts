// What tasks keep about a person: sign-ups (with wait-list places), hours
// entries, the shifts they created, and their personal calendar feeds. Erasure drops their sign-ups (the
// wait-list moves up where a place frees, and no reminder reaches them), and
// keeps their hours in every total under a tombstone id that points at nobody.
import type { PersonDataPart } from "../privacy/index.js";
import { REMINDER_JOB } from "./reminders.js";
import { rebalanceTask } from "./signups.js";
import { inLineOrder } from "./waitlist.js";

export const taskPersonData: PersonDataPart = {
  tables: ["Signup", "HoursEntry", "Task", "PersonalCalendar"],

  async export(db, scope) {
    const signups = await db.signup.findMany({
      where: { personId: scope.personId },
      include: { task: { select: { title: true, startsAt: true, status: true, communityId: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const waiting = signups.filter((s) => s.status === "waitlisted");
    const places = new Map<number, number>();
    for (const signup of waiting) {
      const line = await db.signup.findMany({ where: { taskId: signup.taskId, status: "waitlisted" } });
      places.set(signup.id, inLineOrder(line).findIndex((s) => s.id === signup.id) + 1);
    }
    const hours = await db.hoursEntry.findMany({
      where: { personId: scope.personId },
      orderBy: [{ workedOn: "asc" }, { id: "asc" }],
    });
    const created = await db.task.findMany({ where: { createdByPersonId: scope.personId }, orderBy: { id: "asc" } });
    // The feed's token is a key to it: the export says a feed exists, never the key (`/task calendar mine --new` shows it).
    const feeds = await db.personalCalendar.findMany({
      where: { personId: scope.personId },
      orderBy: { createdAt: "asc" },
      select: { communityId: true, createdAt: true },
    });
    // Reminders are jobs per shift; each reaches everyone signed up for it, so those of their shifts are addressed to them.
    const active = signups.filter((s) => s.status !== "cancelled" && s.task.status === "open");
    const reminders = await db.job.findMany({
      where: {
        kind: REMINDER_JOB,
        status: "pending",
        OR: active.map((s) => ({ dedupeKey: { startsWith: `task:${s.taskId}:reminder:` } })),
      },
      orderBy: { runAt: "asc" },
    });
    return {
      signups: signups.map((s) => ({
        taskId: s.taskId,
        task: s.task.title,
        startsAt: s.task.startsAt,
        taskStatus: s.task.status,
        communityId: s.task.communityId,
        status: s.status,
        waitListPlace: places.get(s.id) ?? null,
        note: s.note,
        attended: s.attended,
        from: { identity: s.identityId, chat: s.chatId },
        since: s.createdAt,
      })),
      hours: hours.map((h) => ({
        id: h.id,
        communityId: h.communityId,
        taskId: h.taskId,
        minutes: h.minutes,
        workedOn: h.workedOn,
        note: h.note,
        status: h.status,
        decidedAt: h.decidedAt,
        declineReason: h.declineReason,
        loggedByThemselves: h.createdByPersonId === scope.personId,
      })),
      reminders: active.length
        ? reminders.map((job) => ({ taskId: Number(/^task:(\d+):/.exec(job.dedupeKey ?? "")?.[1]), runAt: job.runAt }))
        : [],
      tasksCreated: created.map((t) => ({ id: t.id, title: t.title, startsAt: t.startsAt, status: t.status })),
      calendarFeeds: feeds.map((f) => ({ communityId: f.communityId, since: f.createdAt })),
    };
  },

  async erase(tx, scope, marks) {
    // A personal feed lists the person's shifts: it goes, and its link stops working.
    await tx.personalCalendar.deleteMany({ where: { personId: scope.personId } });
    const signups = await tx.signup.findMany({ where: { personId: scope.personId }, include: { task: true } });
    const freed = signups.filter((s) => s.status === "confirmed" && s.task.status === "open");
    // Each line changes under its task's lock, as joins and leaves do (task-lock.ts).
    for (const { task } of freed) await marks.lockRow("Task", task.id);
    await tx.signup.deleteMany({ where: { personId: scope.personId } });
    // A confirmed place they leave goes to the next in line, as when anyone leaves.
    for (const { task } of freed) await rebalanceTask(tx, task);
    // Hours stay in totals and reports; their own note may name or describe them, so it goes.
    await tx.hoursEntry.updateMany({
      where: { personId: scope.personId },
      data: { personId: marks.tombstone, note: null },
    });
    await tx.hoursEntry.updateMany({
      where: { createdByPersonId: scope.personId },
      data: { createdByPersonId: marks.tombstone },
    });
    await tx.hoursEntry.updateMany({
      where: { decidedByPersonId: scope.personId },
      data: { decidedByPersonId: marks.tombstone },
    });
    await tx.task.updateMany({
      where: { createdByPersonId: scope.personId },
      data: { createdByPersonId: marks.tombstone },
    });
  },
};
