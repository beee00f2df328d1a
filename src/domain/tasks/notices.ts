// The messages people get about a task they signed up for, built per reader
// (Notifier calls the builder with the reader's language). Pure.
import type { Locale, Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import type { MessageBuilder } from "../notifications/notifier.js";
import { formatSpan } from "../time/format-when.js";
import { renderChange, type TaskChange } from "./changes.js";
import type { TaskRecord } from "./task-repository.js";

type Snapshot = Pick<TaskRecord, "id" | "title" | "startsAt" | "endsAt" | "place" | "cancelReason">;

function about(task: Snapshot, locale: Locale, timezone: string) {
  return {
    title: task.title,
    when: formatSpan(task.startsAt, task.endsAt ?? undefined, locale, timezone),
    id: task.id,
  };
}

function footer(task: Snapshot, t: Translate): string {
  return t("tasks:notice.footer", { id: task.id });
}

export function promotedNotice(task: Snapshot, timezone: string): MessageBuilder {
  return (t, locale) => ({
    text: t("tasks:notice.promoted", about(task, locale, timezone)),
    footer: footer(task, t),
  });
}

export function demotedNotice(task: Snapshot, timezone: string, position: number): MessageBuilder {
  return (t, locale) => ({
    text: t("tasks:notice.demoted", { ...about(task, locale, timezone), position }),
    footer: footer(task, t),
  });
}

/** What changed; plus, for someone whose place changed with it, where they stand now. */
export function changedNotice(
  task: Snapshot,
  changes: TaskChange[],
  timezone: string,
  movedTo?: { to: "confirmed" | "waitlisted"; position?: number },
): MessageBuilder {
  return (t, locale): OutboundMessage => {
    const lines = [
      t("tasks:notice.changed", about(task, locale, timezone)),
      ...changes.map((c) => renderChange(c, t, locale, timezone)),
    ];
    if (movedTo?.to === "confirmed") lines.push(t("tasks:notice.nowIn"));
    if (movedTo?.to === "waitlisted") lines.push(t("tasks:notice.nowWaiting", { position: movedTo.position ?? 1 }));
    return { text: lines.join("\n"), footer: footer(task, t) };
  };
}

export function cancelledNotice(task: Snapshot, timezone: string): MessageBuilder {
  return (t, locale) => {
    const facts = about(task, locale, timezone);
    const text = task.cancelReason
      ? t("tasks:notice.cancelledBecause", { ...facts, reason: task.cancelReason })
      : t("tasks:notice.cancelled", facts);
    return { text, footer: footer(task, t) };
  };
}

export function reminderNotice(task: Snapshot, timezone: string, now: Date): MessageBuilder {
  return (t, locale) => {
    const facts = about(task, locale, timezone);
    const lines = [t("tasks:notice.reminder", { ...facts, relative: relativeTime(task.startsAt, now, locale) })];
    if (task.place) lines.push(t("tasks:notice.reminderPlace", { place: task.place }));
    lines.push(t("tasks:notice.reminderLeave", { id: task.id }));
    return { text: lines.join("\n"), footer: t("tasks:notice.reminderFooter") };
  };
}

/** "in 1 hour", "1 tunnin päästä", "om 1 timme": how long until `at`, rounded to what matters. */
export function relativeTime(at: Date, now: Date, locale: Locale): string {
  const minutes = Math.max(1, Math.round((at.getTime() - now.getTime()) / 60_000));
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
  // "in 1 hour" rather than "in 60 minutes"; "in 90 minutes" rather than a rounded "in 2 hours".
  if (minutes < 60 || (minutes < 180 && minutes % 60 !== 0)) return format.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 48) return format.format(hours, "hour");
  return format.format(Math.round(hours / 24), "day");
}
