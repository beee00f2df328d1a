// Times are stored in UTC and shown in the reader's time zone and language,
// with the weekday: "la 6.12. klo 10.00", "Sat 6 Dec 10:00", "lör 6 dec. kl. 10:00".
// Given `now`, a time in another year than now's shows its year ("Sat 2 Jan
// 2027 10:00"): a card for next January must not read as last January. Pure.
import { DateTime } from "luxon";
import type { Locale } from "../../core/i18n.js";

const FORMATS: Record<Locale, { dateTime: string; dateTimeYear: string; time: string; date: string }> = {
  fi: {
    dateTime: "ccc d.L. 'klo' HH.mm",
    dateTimeYear: "ccc d.L.yyyy 'klo' HH.mm",
    time: "HH.mm",
    date: "ccc d.L.yyyy",
  },
  en: { dateTime: "ccc d LLL HH:mm", dateTimeYear: "ccc d LLL yyyy HH:mm", time: "HH:mm", date: "ccc d LLL yyyy" },
  sv: {
    dateTime: "ccc d LLL 'kl.' HH:mm",
    dateTimeYear: "ccc d LLL yyyy 'kl.' HH:mm",
    time: "HH:mm",
    date: "ccc d LLL yyyy",
  },
};

export function formatWhen(at: Date, locale: Locale, timezone: string, now?: Date): string {
  const local = DateTime.fromJSDate(at).setZone(timezone).setLocale(locale);
  const otherYear = now !== undefined && DateTime.fromJSDate(now).setZone(timezone).year !== local.year;
  return local.toFormat(otherYear ? FORMATS[locale].dateTimeYear : FORMATS[locale].dateTime);
}

/** "la 6.12. klo 10.00–13.00": the end time alone when it is the same day. */
export function formatSpan(start: Date, end: Date | undefined, locale: Locale, timezone: string, now?: Date): string {
  const first = formatWhen(start, locale, timezone, now);
  if (!end) return first;
  const from = DateTime.fromJSDate(start).setZone(timezone);
  const to = DateTime.fromJSDate(end).setZone(timezone).setLocale(locale);
  return from.hasSame(to, "day")
    ? `${first}–${to.toFormat(FORMATS[locale].time)}`
    : `${first} – ${formatWhen(end, locale, timezone, now)}`;
}

export function formatDate(at: Date, locale: Locale, timezone: string): string {
  return DateTime.fromJSDate(at).setZone(timezone).setLocale(locale).toFormat(FORMATS[locale].date);
}
