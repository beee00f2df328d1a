// The VTIMEZONE block for a zone (RFC 5545 3.6.5): every DTSTART;TZID=… in a
// feed must have one. Written from luxon's zone data as the zone's actual
// transitions over the years given, so no timezone package is needed.
// Times after the last listed transition keep its offset. Pure.
import { DateTime } from "luxon";

/** Zones change offset at most once a day, so a daily scan finds every change; bisection finds its minute. */
const DAY = 86_400_000;
const cache = new Map<string, string>();

export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone} ${fromYear} ${toYear}`;
  const kept = cache.get(key);
  if (kept) return kept;
  const lines = ["BEGIN:VTIMEZONE", `TZID:${zone}`];
  const transitions = transitionsOf(zone, fromYear, toYear);
  if (transitions.length === 0) {
    const offset = DateTime.fromObject({ year: fromYear }, { zone }).offset;
    lines.push(...observance("STANDARD", Date.UTC(1970, 0, 1), offset, offset));
  }
  for (const { at, from, to, daylight } of transitions) {
    lines.push(...observance(daylight ? "DAYLIGHT" : "STANDARD", at, from, to));
  }
  lines.push("END:VTIMEZONE");
  const text = lines.join("\r\n");
  cache.set(key, text);
  return text;
}

interface Transition {
  at: number;
  from: number;
  to: number;
  daylight: boolean;
}

/** Offset changes between the start of `fromYear` and the end of `toYear`. */
function transitionsOf(zone: string, fromYear: number, toYear: number): Transition[] {
  const found: Transition[] = [];
  const end = Date.UTC(toYear + 1, 0, 1);
  let at = Date.UTC(fromYear, 0, 1);
  let offset = offsetAt(zone, at);
  for (at += DAY; at <= end; at += DAY) {
    const next = offsetAt(zone, at);
    if (next === offset) continue;
    // The change happened within the last day: find its minute.
    let low = at - DAY;
    let high = at;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (offsetAt(zone, middle) === offset) low = middle;
      else high = middle;
    }
    found.push({ at: high, from: offset, to: next, daylight: DateTime.fromMillis(high, { zone }).isInDST });
    offset = next;
  }
  return found;
}

function offsetAt(zone: string, at: number): number {
  return DateTime.fromMillis(at, { zone }).offset;
}

/** DTSTART is the onset in local time as it was before the change (TZOFFSETFROM). */
function observance(kind: "STANDARD" | "DAYLIGHT", at: number, from: number, to: number): string[] {
  const local = DateTime.fromMillis(at + from * 60_000, { zone: "utc" }).toFormat("yyyyLLdd'T'HHmmss");
  return [
    `BEGIN:${kind}`,
    `DTSTART:${local}`,
    `TZOFFSETFROM:${utcOffset(from)}`,
    `TZOFFSETTO:${utcOffset(to)}`,
    `END:${kind}`,
  ];
}

function utcOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
}
