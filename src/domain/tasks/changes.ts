// What an edit changed, for the notice to everyone signed up. Pure: the diff
// holds typed values, and each reader's notice renders them in their own
// language.
import type { Locale, Translate } from "../../core/i18n.js";
import { formatSpan, formatWhen } from "../time/format-when.js";
import type { TaskRecord } from "./task-repository.js";

export type TaskChange =
  | { field: "title"; from: string; to: string }
  | { field: "when"; from: Span; to: Span }
  | { field: "place"; from: string | null; to: string | null }
  | { field: "slots"; from: number; to: number }
  | { field: "note"; from: string | null; to: string | null }
  | { field: "cutoff"; from: Date | null; to: Date | null };

interface Span {
  start: Date;
  end: Date | null;
}

type Fields = Pick<TaskRecord, "title" | "startsAt" | "endsAt" | "place" | "capacity" | "note" | "cutoffAt">;

export function diffTask(before: Fields, after: Fields): TaskChange[] {
  const changes: TaskChange[] = [];
  if (before.title !== after.title) changes.push({ field: "title", from: before.title, to: after.title });
  if (!sameTime(before.startsAt, after.startsAt) || !sameTime(before.endsAt, after.endsAt)) {
    changes.push({
      field: "when",
      from: { start: before.startsAt, end: before.endsAt },
      to: { start: after.startsAt, end: after.endsAt },
    });
  }
  if (before.place !== after.place) changes.push({ field: "place", from: before.place, to: after.place });
  if (before.capacity !== after.capacity) changes.push({ field: "slots", from: before.capacity, to: after.capacity });
  if (before.note !== after.note) changes.push({ field: "note", from: before.note, to: after.note });
  if (!sameTime(before.cutoffAt, after.cutoffAt)) {
    changes.push({ field: "cutoff", from: before.cutoffAt, to: after.cutoffAt });
  }
  return changes;
}

/** "When: Sat 6 Dec 10:00–13:00 → Sun 7 Dec 10:00–13:00" */
export function renderChange(change: TaskChange, t: Translate, locale: Locale, timezone: string): string {
  const none = t("tasks:changes.none");
  const show = (value: string | null) => value ?? none;
  const at = (value: Date | null) => (value ? formatWhen(value, locale, timezone) : none);
  const span = (value: Span) => formatSpan(value.start, value.end ?? undefined, locale, timezone);
  const [from, to] = (() => {
    switch (change.field) {
      case "title":
        return [change.from, change.to];
      case "when":
        return [span(change.from), span(change.to)];
      case "place":
      case "note":
        return [show(change.from), show(change.to)];
      case "slots":
        return [String(change.from), String(change.to)];
      case "cutoff":
        return [at(change.from), at(change.to)];
    }
  })();
  return t("tasks:changes.line", { field: t(`tasks:changes.field.${change.field}`), from, to });
}

function sameTime(a: Date | null, b: Date | null): boolean {
  return (a?.getTime() ?? null) === (b?.getTime() ?? null);
}
