// Natural-language times ("tomorrow 18:00", "la 10", "lör kl 10",
// "2026-12-05 09:30", "6.12. klo 10.00", "in 2 hours", "2h") in a community's
// time zone, with chrono-node doing the parsing. Pure.
//
// Two layers around the library, both because of what people type:
//  - Nordic numeric dates and times ("6.12.", "10.00", "klo", "kl.") are
//    rewritten to forms every chrono locale reads (ISO dates, "10:00").
//  - chrono's Swedish parser finds dates but not times; when the chosen
//    parse has no certain hour, the rest of the input is parsed for a time.
// chrono works with fixed offsets, so the wall-clock result is rebuilt with
// luxon in the IANA zone, which gets daylight saving right.
import type * as chrono from "chrono-node";
// Only the three locales Talkoot speaks: the package's root loads all of them
// (about 35 MB of resident memory against 14 MB for these).
import { casual as en } from "chrono-node/en";
import { casual as fi } from "chrono-node/fi";
import { casual as sv } from "chrono-node/sv";
import { DateTime } from "luxon";
import type { Locale } from "../../core/i18n.js";

export type ParseWhenResult = { ok: true; at: Date; hasTime: boolean } | { ok: false };

const PARSERS: Record<Locale, chrono.Chrono> = { en, fi, sv };

/** Rewrites Nordic numeric forms so that every chrono locale reads them. Pure. */
export function normaliseNordic(input: string, referenceYear: number): string {
  return (
    input
      .trim()
      // "6.12.2026" / "6.12." -> ISO date
      .replace(/\b(\d{1,2})\.(\d{1,2})\.(\d{4})?(?=\s|$)/g, (_m, d: string, mo: string, y: string | undefined) => {
        const year = y ?? String(referenceYear);
        return `${year}-${mo.padStart(2, "0")}-${d.padStart(2, "0")}`;
      })
      // "klo 10.00", "kl. 10.00", "kl 10" -> "10:00"
      .replace(/\b(?:klo|kl)\.?\s*(\d{1,2})(?:[.:](\d{2}))?\b/gi, (_m, h: string, mi: string | undefined) => {
        return `${h.padStart(2, "0")}:${mi ?? "00"}`;
      })
      // a bare "10.30" time -> "10:30"
      .replace(/\b(\d{1,2})\.(\d{2})\b(?!\.)/g, "$1:$2")
  );
}

export function parseWhen(input: string, options: { locale: Locale; timezone: string; now: Date }): ParseWhenResult {
  const nowLocal = DateTime.fromJSDate(options.now).setZone(options.timezone);
  const text = normaliseNordic(input, nowLocal.year);
  if (!text) return { ok: false };
  const reference = { instant: options.now, timezone: nowLocal.offset };
  const order: Locale[] = [options.locale, ...(["en", "fi", "sv"] as const).filter((l) => l !== options.locale)];
  // Every fragment every locale finds; the user's own locale first, so it wins ties.
  const candidates = order.flatMap((locale) => PARSERS[locale].parse(text, reference, { forwardDate: true }));
  if (candidates.length === 0) return { ok: false };

  const best = candidates.reduce((a, b) => (covered(b) > covered(a) ? b : a));
  const apart = (other: chrono.ParsedResult) =>
    other.index >= best.index + best.text.length || other.index + other.text.length <= best.index;
  // chrono's Swedish finds "lör" but not "10:00": join a date fragment and a time fragment.
  const time = hasTime(best) ? best : candidates.find((c) => apart(c) && hasTime(c) && !hasDay(c));
  const date = hasDay(best) ? best : candidates.find((c) => apart(c) && hasDay(c));
  const used = [...new Set([best, time, date].filter((r): r is chrono.ParsedResult => !!r))];
  // Most of the input must be understood: "banana 10" is not a time.
  if (used.reduce((sum, r) => sum + covered(r), 0) < letters(text) * 0.5) return { ok: false };
  if (!time && !date) return { ok: false };

  const day = (date ?? best).start;
  const at = DateTime.fromObject(
    {
      year: day.get("year")!,
      month: day.get("month")!,
      day: day.get("day")!,
      hour: time?.start.get("hour") ?? 0,
      minute: time?.start.get("minute") ?? 0,
    },
    { zone: options.timezone },
  );
  if (!at.isValid) return { ok: false };
  return { ok: true, at: at.toJSDate(), hasTime: !!time };
}

function hasTime(result: chrono.ParsedResult): boolean {
  return result.start.isCertain("hour");
}

/** A fragment that names a day: a date, a weekday, or a relative day ("tomorrow"). */
function hasDay(result: chrono.ParsedResult): boolean {
  const start = result.start;
  return start.isCertain("day") || start.isCertain("weekday") || (!start.isCertain("hour") && start.isCertain("month"));
}

function covered(result: chrono.ParsedResult): number {
  return letters(result.text);
}

function letters(text: string): number {
  return text.replace(/\s+/g, "").length;
}
