// The times a community's shifts usually start ("sat 10:00"), from the starts
// of its recent shifts, to offer as the guided /task add's first buttons: a
// food bank that meets on Saturday mornings gets "sat 10:00" before the
// generic suggestions. Pure.
import { DateTime } from "luxon";

/** How far back a community's shifts count: a season's habits, not last year's. */
export const HABIT_WINDOW_MS = 120 * 24 * 60 * 60_000;
/** How many of the latest shifts are read. */
export const HABIT_SAMPLE = 60;

/** How many shifts must share a weekday and time before it counts as a habit. */
export const HABIT_MIN_SHIFTS = 2;

// English day words: the time parser reads them in every language, and a button's value is typed as is.
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/**
 * The weekday-and-time slots shared by at least HABIT_MIN_SHIFTS of the
 * given starts, most shifts first (on a tie the one used most recently),
 * at most `limit`, written as the time parser reads them ("sat 10:00").
 */
export function usualStartTimes(starts: readonly Date[], zone: string, limit: number): string[] {
  const slots = new Map<string, { count: number; latest: number }>();
  for (const start of starts) {
    const local = DateTime.fromJSDate(start, { zone });
    if (!local.isValid) continue;
    const slot = `${WEEKDAYS[local.weekday - 1]} ${local.toFormat("HH:mm")}`;
    const seen = slots.get(slot) ?? { count: 0, latest: 0 };
    slots.set(slot, { count: seen.count + 1, latest: Math.max(seen.latest, start.getTime()) });
  }
  return [...slots.entries()]
    .filter(([, seen]) => seen.count >= HABIT_MIN_SHIFTS)
    .sort(([, a], [, b]) => b.count - a.count || b.latest - a.latest)
    .slice(0, Math.max(0, limit))
    .map(([slot]) => slot);
}
