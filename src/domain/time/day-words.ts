// Words that name a day relative to today ("i övermorgon", "huomenna",
// "tonight") and a bare hour after a day ("imorgon 18", "lör 10"). Pure.
//
// chrono misreads several of these: its English reads "day after tomorrow"
// as tomorrow, its Swedish knows neither "i morgon" nor "ikväll", and no
// locale takes "tomorrow 6" as a time. So relative days become ISO dates
// here, computed from today in the community's zone, before chrono runs.
import type { DateTime } from "luxon";

/** Longest phrases first, so "i övermorgon" is not read as "i morgon". */
const RELATIVE_DAYS: Array<{ words: string; days: number; evening?: true }> = [
  { words: "day after tomorrow|i\\s*övermorgon|ylihuomenna", days: 2 },
  { words: "day before yesterday|i\\s*förrgår|toissapäivänä", days: -2 },
  { words: "tomorrow|i\\s*morgon|huomenna", days: 1 },
  { words: "yesterday|i\\s*går|eilen", days: -1 },
  { words: "tonight|this evening|i\\s*kväll|tänä iltana|tänään illalla", days: 0, evening: true },
  { words: "today|i\\s*dag|tänään", days: 0 },
];

/** Weekday names and abbreviations in en, fi and sv, with the endings people add ("lauantaina", "lördags"). */
const WEEKDAY =
  "mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|ma|ti|ke|to|pe|la|su|mån|tis|ons|tor|fre|lör|sön|" +
  "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|maanantai|tiistai|keskiviikko|torstai|perjantai|lauantai|sunnuntai|måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)\\p{L}*";

const ISO_DATE = "\\d{4}-\\d{2}-\\d{2}";

export interface DayWordsResult {
  text: string;
  /** "tonight 9" means 21:00. */
  evening: boolean;
}

/** Rewrites relative day words to ISO dates and a bare hour after a day to "HH:00". */
export function resolveDayWords(input: string, today: DateTime): DayWordsResult {
  let text = input;
  let evening = false;
  for (const { words, days, evening: isEvening } of RELATIVE_DAYS) {
    const pattern = new RegExp(`(?<!\\p{L})(?:${words})(?!\\p{L})`, "giu");
    if (!pattern.test(text)) continue;
    text = text.replace(pattern, today.plus({ days }).toISODate()!);
    if (isEvening) evening = true;
  }
  // "imorgon 18", "lör 10", "tomorrow 6", "ikväll 9": a day, then an hour alone.
  const bareHour = new RegExp(`((?<!\\p{L})(?:${WEEKDAY}|${ISO_DATE})\\.?)\\s+(?:at\\s+)?(\\d{1,2})$`, "iu");
  text = text.replace(bareHour, (_m, day: string, hour: string) => {
    let h = Number.parseInt(hour, 10);
    if (evening && h >= 1 && h <= 11) h += 12;
    return h <= 23 ? `${day} ${String(h).padStart(2, "0")}:00` : _m;
  });
  return { text, evening };
}
