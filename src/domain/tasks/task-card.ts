// A task as people see it: the card posted in chats (with Join and Leave
// buttons) and the one-line form used in lists. Pure: the caller picks the
// language (the chat's, for a card everyone sees) and the zone (the
// community's). Titles, places, notes and names are echoed as plain text.
import type { Locale, Translate } from "../../core/i18n.js";
import type { Button, Field, OutboundMessage } from "../../core/messages.js";
import { formatSpan, formatWhen } from "../time/format-when.js";
import { UNLIMITED_SLOTS } from "./limits.js";
import { describeRecurrence } from "./recurrence.js";
import type { RoleDraft } from "./roles.js";
import type { TaskListItem, TaskRecord, TaskView, Volunteer } from "./task-repository.js";
import { signupsCloseAt } from "./task-times.js";

export const JOIN_ACTION = "task.join";
export const LEAVE_ACTION = "task.leave";
export const MAYBE_ACTION = "task.maybe";

/** Names listed on a card before "+N more": a card must stay readable on a phone. */
const NAMES_SHOWN = 15;

export interface Presentation {
  t: Translate;
  locale: Locale;
  timezone: string;
  now: Date;
}

export type Phase = "open" | "closed" | "started" | "cancelled" | "done";

/** Where a task stands for sign-ups at `now`. */
export function phaseOf(task: TaskRecord, now: Date): Phase {
  if (task.status === "cancelled") return "cancelled";
  if (task.status === "done") return "done";
  if (now >= task.startsAt) return "started";
  if (now >= signupsCloseAt(task)) return "closed";
  return "open";
}

export function renderTaskCard(view: TaskView, p: Presentation): OutboundMessage {
  const { task } = view;
  const { t } = p;
  const phase = phaseOf(task, p.now);
  const fields: Field[] = [
    {
      label: t("tasks:card.when"),
      value: formatSpan(task.startsAt, task.endsAt ?? undefined, p.locale, p.timezone, p.now),
    },
  ];
  if (task.place) fields.push({ label: t("tasks:card.where"), value: task.place });
  if (view.roles.length === 0) {
    fields.push({
      label: t("tasks:card.slots"),
      value: slotsText(task.capacity, view.confirmed.length, view.waitlisted.length, t),
    });
  }
  // A shift with roles: each role's own slots and wait-list.
  for (const role of view.roles) {
    const inRole = (v: Volunteer) => v.roleId === role.id;
    fields.push({
      label: role.name,
      value: slotsText(role.capacity, view.confirmed.filter(inRole).length, view.waitlisted.filter(inRole).length, t),
    });
  }
  // Apart from the slots: a maybe holds no place.
  if (view.maybe.length) fields.push({ label: t("tasks:card.maybe"), value: String(view.maybe.length) });
  if (task.recurrence) fields.push({ label: t("tasks:card.repeats"), value: repeatText(task.recurrence, t) });
  if (task.cutoffAt && phase === "open") {
    fields.push({ label: t("tasks:card.cutoff"), value: formatWhen(task.cutoffAt, p.locale, p.timezone, p.now) });
  }

  const lines: string[] = [];
  if (phase === "cancelled") {
    lines.push(
      task.cancelReason ? t("tasks:card.cancelledBecause", { reason: task.cancelReason }) : t("tasks:card.cancelled"),
    );
  }
  if (task.note) lines.push(task.note);
  const roleNames = new Map(view.roles.map((r) => [r.id, r.name]));
  if (view.confirmed.length) lines.push(t("tasks:card.in", { names: names(view.confirmed, t, roleNames) }));
  if (view.waitlisted.length) lines.push(t("tasks:card.waiting", { names: names(view.waitlisted, t, roleNames) }));

  const state =
    phase === "open" ? t("tasks:card.footerOpen", { id: task.id }) : t(`tasks:card.footer.${phase}`, { id: task.id });
  return {
    title: task.title,
    text: lines.join("\n"),
    fields,
    footer: state,
    buttons: buttonsFor(task.id, phase, t, view.roles),
  };
}

function buttonsFor(id: number, phase: Phase, t: Translate, roles: readonly RoleDraft[]): Button[][] | undefined {
  const join: Button = { label: t("tasks:card.join"), action: JOIN_ACTION, args: [String(id)], style: "primary" };
  const joinAs = roles.map(
    (role): Button => ({
      label: t("tasks:card.joinAs", { role: role.name }),
      action: JOIN_ACTION,
      args: [String(id), role.name],
      style: "primary",
    }),
  );
  const maybe: Button = { label: t("tasks:card.maybe"), action: MAYBE_ACTION, args: [String(id)] };
  const leave: Button = { label: t("tasks:card.leave"), action: LEAVE_ACTION, args: [String(id)] };
  if (phase === "open") return roles.length ? [joinAs, [maybe, leave]] : [[join, maybe, leave]];
  // After the cutoff people may still drop out (and the wait-list moves up) until the start.
  if (phase === "closed") return [[leave]];
  return undefined;
}

/** "2/4 filled · 1 on the wait-list", or "3 signed up" when there is no limit. */
export function slotsText(capacity: number, confirmed: number, waitlisted: number, t: Translate): string {
  const filled =
    capacity >= UNLIMITED_SLOTS
      ? t("tasks:card.signedUp", { count: confirmed })
      : t("tasks:card.filled", { filled: confirmed, total: capacity });
  return waitlisted > 0 ? `${filled} · ${t("tasks:card.waitlist", { count: waitlisted })}` : filled;
}

export function repeatText(recurrence: string, t: Translate): string {
  const { kind, rule } = describeRecurrence(recurrence);
  return t(`tasks:repeat.${kind}`, { rule });
}

/** "#12 · Sat 6 Dec 10:00–13:00 · Food bank sorting · 2/4 filled" */
export function renderListLine(item: TaskListItem, p: Presentation): string {
  const { task } = item;
  const parts = [
    `#${task.id}`,
    formatSpan(task.startsAt, task.endsAt ?? undefined, p.locale, p.timezone, p.now),
    task.title,
    task.status === "open"
      ? slotsText(task.capacity, item.confirmed, item.waitlisted, p.t)
      : p.t(`tasks:list.status.${task.status === "done" ? "done" : "cancelled"}`),
  ];
  if (task.place) parts.splice(3, 0, task.place);
  if (item.mine) parts.push(p.t(`tasks:list.mine.${item.mine}`));
  return parts.join(" · ");
}

function names(volunteers: Volunteer[], t: Translate, roles: Map<number, string>): string {
  const named = (v: Volunteer) => {
    const role = v.roleId === null ? undefined : roles.get(v.roleId);
    return role ? `${v.displayName} (${role})` : v.displayName;
  };
  const shown = volunteers.slice(0, NAMES_SHOWN).map(named);
  const more = volunteers.length - shown.length;
  return more > 0 ? `${shown.join(", ")} ${t("tasks:card.more", { count: more })}` : shown.join(", ");
}
