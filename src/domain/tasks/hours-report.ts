// /hours report: approved hours per volunteer and per task, and who was marked
// absent from the month's shifts (no-shows; the report is for coordinators
// only), as a chat message and, with --csv, as a CSV file for a spreadsheet
// (spreadsheet-csv.ts). Pure.
import type { Locale, Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import { formatHours } from "./hours-input.js";
import type { HoursTotals, NoShowTotals } from "./hours-totals.js";
import { spreadsheetCsv } from "./spreadsheet-csv.js";

export interface ReportInput {
  totals: HoursTotals;
  /** Marked absent from shifts that started this month. */
  noShows: NoShowTotals;
  pending: { count: number; minutes: number };
  /** "December 2026", in the reader's language. */
  monthName: string;
  /** "2026-12", for the file name. */
  monthKey: string;
}

/** Lines shown in chat per section; the CSV always has them all. */
const SHOWN = 25;

export function renderReport(input: ReportInput, t: Translate, locale: Locale, csv: boolean): OutboundMessage {
  const { totals } = input;
  const hours = (minutes: number) => formatHours(minutes, locale);
  const lines: string[] = [];
  if (totals.entries === 0) {
    lines.push(t("tasks:hours.report.empty"));
  } else {
    lines.push(t("tasks:hours.report.byVolunteer"));
    for (const v of totals.volunteers.slice(0, SHOWN)) {
      lines.push(t("tasks:hours.report.volunteerLine", { name: v.name, hours: hours(v.minutes), count: v.entries }));
    }
    if (totals.volunteers.length > SHOWN)
      lines.push(t("tasks:hours.report.more", { count: totals.volunteers.length - SHOWN }));
    lines.push("", t("tasks:hours.report.byTask"));
    for (const task of totals.tasks.slice(0, SHOWN)) {
      const name = task.taskId === null ? t("tasks:hours.report.noTask") : `#${task.taskId} ${task.title ?? ""}`.trim();
      lines.push(t("tasks:hours.report.taskLine", { name, hours: hours(task.minutes), count: task.volunteers }));
    }
    if (totals.tasks.length > SHOWN) lines.push(t("tasks:hours.report.more", { count: totals.tasks.length - SHOWN }));
  }
  if (input.noShows.people.length > 0) {
    lines.push("", t("tasks:hours.report.noShows"));
    for (const person of input.noShows.people.slice(0, SHOWN)) {
      lines.push(t("tasks:hours.report.noShowLine", { name: person.name, count: person.count }));
    }
    if (input.noShows.people.length > SHOWN) {
      lines.push(t("tasks:hours.report.more", { count: input.noShows.people.length - SHOWN }));
    }
  }
  if (input.pending.count > 0) {
    lines.push(
      "",
      t("tasks:hours.report.pending", { count: input.pending.count, hours: hours(input.pending.minutes) }),
    );
  }
  const message: OutboundMessage = {
    title: t("tasks:hours.report.title", { month: input.monthName }),
    text: lines.join("\n"),
    footer: t("tasks:hours.report.total", { hours: hours(totals.minutes), count: totals.entries }),
  };
  if (csv) {
    message.attachment = {
      filename: `hours-${input.monthKey}.csv`,
      mimeType: "text/csv",
      content: reportCsv(totals, input.noShows, t),
    };
  }
  return message;
}

/**
 * One table: a row per volunteer (with a no-show, even without hours), a row
 * per task, and the total; hours as decimals with a dot; no-shows in the last
 * column.
 */
export function reportCsv(totals: HoursTotals, noShows: NoShowTotals, t: Translate): string {
  const decimal = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);
  const rows: string[][] = [
    [
      t("tasks:hours.csv.section"),
      t("tasks:hours.csv.name"),
      t("tasks:hours.csv.taskId"),
      t("tasks:hours.csv.hours"),
      t("tasks:hours.csv.entries"),
      t("tasks:hours.csv.noShows"),
    ],
  ];
  const missed = new Map(noShows.people.map((p) => [p.personId, p.count]));
  for (const v of totals.volunteers) {
    rows.push([
      t("tasks:hours.csv.volunteer"),
      v.name,
      "",
      decimal(v.minutes),
      String(v.entries),
      String(missed.get(v.personId) ?? 0),
    ]);
  }
  const withHours = new Set(totals.volunteers.map((v) => v.personId));
  for (const p of noShows.people.filter((p) => !withHours.has(p.personId))) {
    rows.push([t("tasks:hours.csv.volunteer"), p.name, "", "0", "0", String(p.count)]);
  }
  for (const task of totals.tasks) {
    rows.push([
      t("tasks:hours.csv.task"),
      task.title ?? t("tasks:hours.report.noTask"),
      task.taskId === null ? "" : String(task.taskId),
      decimal(task.minutes),
      String(task.entries),
      task.taskId === null ? "0" : String(noShows.byTask.get(task.taskId) ?? 0),
    ]);
  }
  const allMissed = noShows.people.reduce((sum, p) => sum + p.count, 0);
  rows.push([t("tasks:hours.csv.total"), "", "", decimal(totals.minutes), String(totals.entries), String(allMissed)]);
  return spreadsheetCsv(rows);
}
