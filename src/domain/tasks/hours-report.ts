// /hours report: approved hours per volunteer and per task, as a chat message
// and, with --csv, as a CSV file for a spreadsheet (spreadsheet-csv.ts). Pure.
import type { Locale, Translate } from "../../core/i18n.js";
import type { OutboundMessage } from "../../core/messages.js";
import { formatHours } from "./hours-input.js";
import type { HoursTotals } from "./hours-totals.js";
import { spreadsheetCsv } from "./spreadsheet-csv.js";

export interface ReportInput {
  totals: HoursTotals;
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
      content: reportCsv(totals, t),
    };
  }
  return message;
}

/** One table: a row per volunteer, a row per task, and the total; hours as decimals with a dot. */
export function reportCsv(totals: HoursTotals, t: Translate): string {
  const decimal = (minutes: number) => String(Math.round((minutes / 60) * 100) / 100);
  const rows: string[][] = [
    [
      t("tasks:hours.csv.section"),
      t("tasks:hours.csv.name"),
      t("tasks:hours.csv.taskId"),
      t("tasks:hours.csv.hours"),
      t("tasks:hours.csv.entries"),
    ],
  ];
  for (const v of totals.volunteers) {
    rows.push([t("tasks:hours.csv.volunteer"), v.name, "", decimal(v.minutes), String(v.entries)]);
  }
  for (const task of totals.tasks) {
    rows.push([
      t("tasks:hours.csv.task"),
      task.title ?? t("tasks:hours.report.noTask"),
      task.taskId === null ? "" : String(task.taskId),
      decimal(task.minutes),
      String(task.entries),
    ]);
  }
  rows.push([t("tasks:hours.csv.total"), "", "", decimal(totals.minutes), String(totals.entries)]);
  return spreadsheetCsv(rows);
}
