// What /hours commands take: an amount of hours, a day, a month. Pure.
import { DateTime } from "luxon";
import { UserError } from "../../core/errors.js";
import type { Locale } from "../../core/i18n.js";
import { clip } from "../../core/text.js";
import { parseDuration } from "../time/parse-duration.js";
import { readWhen, type TimeContext } from "./task-times.js";

/** One entry is one day's work at most. */
export const MAX_ENTRY_MINUTES = 24 * 60;
/** Entries older than this are refused: a correction that late belongs with an admin. */
const MAX_DAYS_BACK = 366;
/** Weekday abbreviations in en, fi and sv ("sat", "la", "lör"). */
const WEEKDAY_WORDS = new Set(
  "mon tue tues wed thu thur thurs fri sat sun ma ti ke to pe la su mån tis ons tor fre lör sön".split(" "),
);
/** Full weekday names, with any ending ("saturday", "lauantaina", "lördags"). */
const WEEKDAY_STEMS =
  /^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)/;

/** True when the input names a weekday (which chrono reads as the next one). */
function namesWeekday(input: string): boolean {
  return input
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((word) => WEEKDAY_WORDS.has(word) || WEEKDAY_STEMS.test(word));
}

/** "2", "1.5", "1,5", "2h", "90 min", "1 h 30 min" -> minutes. */
export function parseHoursAmount(input: string): number {
  const text = input.trim();
  const bare = /^\d+(?:[.,]\d+)?$/.test(text) ? Number.parseFloat(text.replace(",", ".")) * 60 : undefined;
  const ms = bare === undefined ? parseDuration(text) : bare * 60_000;
  const minutes = ms === undefined ? Number.NaN : Math.round(ms / 60_000);
  if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_ENTRY_MINUTES) {
    throw new UserError("tasks:hours.errors.badAmount", { input: clip(input), max: MAX_ENTRY_MINUTES / 60 });
  }
  return minutes;
}

/**
 * The day the work was done: "yesterday", "6.12.", "monday" (the past one:
 * hours are logged after the work), "2026-12-05". Not in the future.
 */
export function parseWorkDay(input: string, ctx: TimeContext): Date {
  const parsed = readWhen(input, ctx, "tasks:hours.errors.badDate");
  const today = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).startOf("day");
  let day = DateTime.fromJSDate(parsed.at).setZone(ctx.timezone).startOf("day");
  // A weekday name is read forwards ("monday" = the next one); for hours it means the last one.
  if (day > today && namesWeekday(input) && !/\d/.test(input) && day.diff(today, "days").days <= 7) {
    day = day.minus({ days: 7 });
  }
  if (day > today) throw new UserError("tasks:hours.errors.futureDate", { input: clip(input) });
  if (today.diff(day, "days").days > MAX_DAYS_BACK)
    throw new UserError("tasks:hours.errors.oldDate", { input: clip(input) });
  return day.toJSDate();
}

export interface MonthRange {
  from: Date;
  to: Date;
  /** "2026-12" */
  key: string;
}

/** `--month YYYY-MM` (default: this month) as a range in the community's zone. */
export function monthRange(input: string | undefined, timezone: string, now: Date): MonthRange {
  let start: DateTime;
  if (input === undefined) {
    start = DateTime.fromJSDate(now).setZone(timezone).startOf("month");
  } else {
    const match = /^(\d{4})-(\d{1,2})$/.exec(input.trim());
    const month = match ? Number.parseInt(match[2]!, 10) : 0;
    if (!match || month < 1 || month > 12) throw new UserError("tasks:hours.errors.badMonth", { input: clip(input) });
    start = DateTime.fromObject({ year: Number.parseInt(match[1]!, 10), month, day: 1 }, { zone: timezone });
  }
  return { from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate(), key: start.toFormat("yyyy-MM") };
}

/** "December 2026", "joulukuu 2026", "december 2026". */
export function monthName(range: MonthRange, locale: Locale, timezone: string): string {
  return DateTime.fromJSDate(range.from).setZone(timezone).setLocale(locale).toFormat("LLLL yyyy");
}

/** 150 -> "2.5 h" (en), "2,5 h" (fi, sv). */
export function formatHours(minutes: number, locale: Locale): string {
  const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(minutes / 60);
  return `${hours} h`;
}
