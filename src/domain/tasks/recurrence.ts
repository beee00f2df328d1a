// Repeating shifts, as iCalendar RRULEs computed with the `rrule` package.
//
// A series is stored on each occurrence as
//   DTSTART:20261205T100000
//   RRULE:FREQ=WEEKLY;INTERVAL=1
// where DTSTART is the series' first start in *floating* wall-clock time of
// the community's zone (RFC 5545 floating time: no Z). rrule computes in UTC,
// so we hand it wall-clock times dressed as UTC and convert its answers back
// through the zone with luxon: "every Saturday 10:00" stays 10:00 across the
// change to and from summer time, which rrule's own TZID handling gets wrong.
// Pure.
import { DateTime } from "luxon";
import rrule from "rrule";
import { UserError } from "../../core/errors.js";
import { clip } from "../../core/text.js";

const { RRule, rrulestr } = rrule;

export type RepeatKind = "weekly" | "biweekly" | "monthly" | "custom";

const PRESETS: Record<Exclude<RepeatKind, "custom">, string> = {
  weekly: "FREQ=WEEKLY;INTERVAL=1",
  biweekly: "FREQ=WEEKLY;INTERVAL=2",
  monthly: "FREQ=MONTHLY;INTERVAL=1",
};

/** Words people use for the presets, in en, fi and sv. */
const ALIASES: Record<string, Exclude<RepeatKind, "custom">> = {
  weekly: "weekly",
  "every week": "weekly",
  viikoittain: "weekly",
  "joka viikko": "weekly",
  "varje vecka": "weekly",
  veckovis: "weekly",
  biweekly: "biweekly",
  fortnightly: "biweekly",
  "every 2 weeks": "biweekly",
  "every other week": "biweekly",
  "joka toinen viikko": "biweekly",
  "kahden viikon välein": "biweekly",
  "varannan vecka": "biweekly",
  monthly: "monthly",
  "every month": "monthly",
  kuukausittain: "monthly",
  "joka kuukausi": "monthly",
  "varje månad": "monthly",
  månadsvis: "monthly",
};

/**
 * RRULE parts a raw rule may use. The time of day comes from --when, so
 * BYHOUR and friends are out; BYMONTH, BYYEARDAY and BYWEEKNO are out because
 * with them a rule can be impossible ("30 February"), and rrule then searches
 * to the year 9999 before saying so, which takes seconds.
 */
const ALLOWED_PARTS = new Set(["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYSETPOS", "COUNT", "UNTIL", "WKST"]);
/** Shifts repeat daily at most: an hourly "shift" is a mistake, and it would flood reminders. */
const ALLOWED_FREQUENCIES: number[] = [RRule.YEARLY, RRule.MONTHLY, RRule.WEEKLY, RRule.DAILY];
/** How far ahead the next occurrence is looked for. */
const SEARCH_YEARS = 10;

/** The stored series for `--repeat <input>` starting at `start`. Throws a localised error for a bad rule. */
export function buildRecurrence(input: string, start: Date, timezone: string): string {
  const wanted = input.trim().toLowerCase().replace(/\s+/g, " ");
  const preset = ALIASES[wanted];
  const rule = preset ? PRESETS[preset] : normaliseRawRule(input);
  const recurrence = `DTSTART:${floatingStamp(start, timezone)}\nRRULE:${rule}`;
  if (!preset) {
    if (!nextOccurrence(recurrence, start, timezone)) {
      throw new UserError("tasks:errors.repeatNever", { rule: clip(rule) });
    }
  }
  return recurrence;
}

function normaliseRawRule(input: string): string {
  const rule = input
    .trim()
    .replace(/^RRULE:/i, "")
    .toUpperCase();
  const bad = () => new UserError("tasks:errors.badRepeat", { input: clip(input) });
  if (!/^[A-Z0-9=;,+-]+$/.test(rule)) throw bad();
  const parts = rule.split(";").filter(Boolean);
  const names = parts.map((part) => part.split("=")[0] ?? "");
  if (!names.includes("FREQ") || names.some((name) => !ALLOWED_PARTS.has(name))) throw bad();
  let parsed: InstanceType<typeof RRule>;
  try {
    parsed = rrulestr(`DTSTART:20260101T000000\nRRULE:${parts.join(";")}`);
  } catch {
    throw bad();
  }
  if (!ALLOWED_FREQUENCIES.includes(parsed.options.freq)) {
    throw new UserError("tasks:errors.repeatTooOften", { input: clip(input) });
  }
  return parts.join(";");
}

/** The first occurrence of the series strictly after `after`, or undefined when it has ended. */
export function nextOccurrence(recurrence: string, after: Date, timezone: string): Date | undefined {
  const rule = rrulestr(recurrence);
  const from = toFloating(after, timezone);
  const until = new Date(from.getTime());
  until.setUTCFullYear(until.getUTCFullYear() + SEARCH_YEARS);
  const [next] = rule.between(from, until, false, (_date, index) => index < 1);
  return next ? fromFloating(next, timezone) : undefined;
}

/** Which preset a stored series is, for display; anything else is shown as its rule. */
export function describeRecurrence(recurrence: string): { kind: RepeatKind; rule: string } {
  const rule = /RRULE:([^\n]+)/.exec(recurrence)?.[1] ?? recurrence;
  const preset = (Object.keys(PRESETS) as Array<keyof typeof PRESETS>).find((key) => PRESETS[key] === rule);
  return { kind: preset ?? "custom", rule };
}

/** The wall-clock time in `timezone`, as a UTC Date with the same digits (what rrule computes with). */
export function toFloating(at: Date, timezone: string): Date {
  const local = DateTime.fromJSDate(at).setZone(timezone);
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

/** The instant a floating wall-clock time means in `timezone` (the next valid time if it falls in a DST gap). */
export function fromFloating(floating: Date, timezone: string): Date {
  return DateTime.fromObject(
    {
      year: floating.getUTCFullYear(),
      month: floating.getUTCMonth() + 1,
      day: floating.getUTCDate(),
      hour: floating.getUTCHours(),
      minute: floating.getUTCMinutes(),
      second: floating.getUTCSeconds(),
    },
    { zone: timezone },
  ).toJSDate();
}

function floatingStamp(at: Date, timezone: string): string {
  return toFloating(at, timezone)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}Z$/, "");
}
