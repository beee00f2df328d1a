// Durations as people write them: "2h", "90 min", "3 days", "1 vk", "2 timmar",
// "P3D". Pure. Returns milliseconds, or undefined when it is not a duration.
import { Duration } from "luxon";

const UNIT_MS: Array<[RegExp, number]> = [
  [/^(m|min|mins|minute|minutes|minuutti|minuuttia|minuutin|minut|minuter)$/, 60_000],
  [/^(h|hr|hrs|hour|hours|t|tunti|tuntia|tunnin|tim|timme|timmar|timmars)$/, 3_600_000],
  [/^(d|day|days|pv|päivä|päivää|päivän|dag|dagar|dygn)$/, 86_400_000],
  [/^(w|wk|week|weeks|vk|viikko|viikkoa|viikon|v|vecka|veckor)$/, 7 * 86_400_000],
];

export function parseDuration(input: string): number | undefined {
  const text = input.trim().toLowerCase();
  if (/^p/i.test(text)) {
    const iso = Duration.fromISO(text.toUpperCase());
    return iso.isValid && iso.toMillis() > 0 ? iso.toMillis() : undefined;
  }
  const parts = [...text.matchAll(/(\d+(?:[.,]\d+)?)\s*([a-zåäö]+)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("").length < text.replace(/\s+|and|ja|och/g, "").length) {
    return undefined;
  }
  let total = 0;
  for (const [, amount, unit] of parts) {
    const ms = UNIT_MS.find(([pattern]) => pattern.test(unit!))?.[1];
    if (!ms) return undefined;
    total += Number.parseFloat(amount!.replace(",", ".")) * ms;
  }
  return total > 0 ? Math.round(total) : undefined;
}
