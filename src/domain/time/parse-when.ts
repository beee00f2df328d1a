// Natural-language times ("tomorrow 18:00", "la 10", "lör kl 10",
// "2026-12-05 09:30", "6.12. klo 10.00", "in 2 hours", "2h") in a community's
// time zone, with chrono-node doing the parsing. Pure.
//
// Two layers around the library, both because of what people type:
//  - Nordic numeric dates and times ("6.12.", "10.00", "klo", "kl.") are
//    rewritten to forms every chrono locale reads (ISO dates, "10:00").
//  - chrono's Swedish parser finds dates but not times; when the chosen
//    parse has no certain hour, the rest of the input is parsed for a time.
//  - Relative days and bare hours ("i övermorgon", "imorgon 18") are
//    resolved first (day-words.ts).
// chrono works with fixed offsets, so the wall-clock result is rebuilt with
// luxon in the IANA zone. A date that does not exist ("2027-13-01") and a
// wall-clock time that the zone skips or repeats at a daylight-saving change
// are refused with their reason, never moved to a neighbouring time.
import type * as chrono from "chrono-node";
// Only the three locales Talkoot speaks: the package's root loads all of them
// (about 35 MB of resident memory against 14 MB for these).
import { casual as en } from "chrono-node/en";
import { casual as fi } from "chrono-node/fi";
import { casual as sv } from "chrono-node/sv";
import { DateTime } from "luxon";
import type { Locale } from "../../core/i18n.js";
import { resolveDayWords } from "./day-words.js";

/**
 * Why a time was refused: not a time at all, a date or clock time that does
 * not exist ("2027-13-01", "25:00"), or a local time the zone skips (spring
 * forward) or has twice (autumn).
 */
export type WhenProblem = "unreadable" | "impossible" | "skipped" | "repeated";

export type ParseWhenResult = { ok: true; at: Date; hasTime: boolean } | { ok: false; problem: WhenProblem };

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
  const { text } = resolveDayWords(normaliseNordic(input, nowLocal.year), nowLocal.startOf("day"));
  if (!text) return unreadable;
  if (!numbersExist(text)) return { ok: false, problem: "impossible" };
  const reference = { instant: options.now, timezone: nowLocal.offset };
  const order: Locale[] = [options.locale, ...(["en", "fi", "sv"] as const).filter((l) => l !== options.locale)];
  // Every fragment every locale finds; the user's own locale first, so it wins ties.
  const candidates = order.flatMap((locale) => PARSERS[locale].parse(text, reference, { forwardDate: true }));
  if (candidates.length === 0) return unreadable;

  const best = candidates.reduce((a, b) => (covered(b) > covered(a) ? b : a));
  const apart = (other: chrono.ParsedResult) =>
    other.index >= best.index + best.text.length || other.index + other.text.length <= best.index;
  // chrono's Swedish finds "lör" but not "10:00": join a date fragment and a time fragment.
  const time = hasTime(best) ? best : candidates.find((c) => apart(c) && hasTime(c) && !hasDay(c));
  const date = hasDay(best) ? best : candidates.find((c) => apart(c) && hasDay(c));
  const used = [...new Set([best, time, date].filter((r): r is chrono.ParsedResult => !!r))];
  // Most of the input must be understood: "banana 10" is not a time.
  if (used.reduce((sum, r) => sum + covered(r), 0) < letters(text) * 0.5) return unreadable;
  if (!time && !date) return unreadable;

  const day = (date ?? best).start;
  const wall = {
    year: day.get("year")!,
    month: day.get("month")!,
    day: day.get("day")!,
    hour: time?.start.get("hour") ?? 0,
    minute: time?.start.get("minute") ?? 0,
  };
  const at = DateTime.fromObject(wall, { zone: options.timezone });
  if (!at.isValid) return { ok: false, problem: "impossible" };
  // luxon moves a skipped time forward and picks one of a repeated hour's two instants.
  if (at.hour !== wall.hour || at.minute !== wall.minute) return { ok: false, problem: "skipped" };
  if (otherInstantWithSameWallClock(at)) return { ok: false, problem: "repeated" };
  return { ok: true, at: at.toJSDate(), hasTime: !!time };
}

const unreadable: ParseWhenResult = { ok: false, problem: "unreadable" };

/** Every ISO date and clock time written in the text exists: chrono would read "2027-13-01" as another day. */
function numbersExist(text: string): boolean {
  for (const [, y, mo, d] of text.matchAll(/\b(\d{4})-(\d{1,2})-(\d{1,2})\b/g)) {
    if (!DateTime.fromObject({ year: Number(y), month: Number(mo), day: Number(d) }).isValid) return false;
  }
  for (const [, h, mi] of text.matchAll(/\b(\d{1,2}):(\d{2})\b/g)) {
    if (Number(h) > 23 || Number(mi) > 59) return false;
  }
  return true;
}

/** True when the zone shows the same wall-clock time at a second instant (the hour repeated in autumn). */
function otherInstantWithSameWallClock(at: DateTime): boolean {
  const neighbourOffsets = new Set([at.minus({ hours: 3 }).offset, at.plus({ hours: 3 }).offset]);
  for (const offset of neighbourOffsets) {
    if (offset === at.offset) continue;
    const other = at.plus({ minutes: at.offset - offset });
    if (other.hour === at.hour && other.minute === at.minute && other.day === at.day) return true;
  }
  return false;
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
