// The times a task command takes: --when, --until, --cutoff. Natural language
// in the community's time zone (parseWhen does the reading); this file holds
// the rules about them. Pure: every failure is a localised UserError.
import { UserError } from "../../core/errors.js";
import type { Locale } from "../../core/i18n.js";
import { clip } from "../../core/text.js";
import { parseDuration } from "../time/parse-duration.js";
import { type ParseWhenResult, parseWhen } from "../time/parse-when.js";

export interface TimeContext {
  locale: Locale;
  timezone: string;
  now: Date;
}

/** When a shift has no --until: the length assumed for its hours and its calendar entry. */
export const DEFAULT_DURATION_MS = 2 * 3_600_000;
/** A shift is one day's work at most (its hours are proposed from its length); longer events are several shifts. */
export const MAX_DURATION_HOURS = 24;

/** The start of a shift: a date and a time, in the future. */
export function parseStart(input: string, ctx: TimeContext): Date {
  const parsed = readWhen(input, ctx, "tasks:errors.badWhen");
  // A day alone would silently mean midnight; volunteers need a time.
  if (!parsed.hasTime) throw new UserError("tasks:errors.needTime", { input: clip(input) });
  if (parsed.at.getTime() <= ctx.now.getTime()) throw new UserError("tasks:errors.inPast", { input: clip(input) });
  return parsed.at;
}

/**
 * The end of a shift: a length ("3h", "90 min") or a time. A time is read
 * from the start on: "13:00" is the start's day, and "06:00" after a 22:00
 * start is the next morning (a night shift).
 */
export function parseEnd(input: string, start: Date, ctx: TimeContext): Date {
  const length = parseDuration(input);
  const end =
    length !== undefined
      ? new Date(start.getTime() + length)
      : (() => {
          return readWhen(input, { ...ctx, now: start }, "tasks:errors.badUntil").at;
        })();
  if (end.getTime() <= start.getTime()) throw new UserError("tasks:errors.endBeforeStart");
  if (end.getTime() - start.getTime() > MAX_DURATION_HOURS * 3_600_000) {
    throw new UserError("tasks:errors.tooLong", { max: MAX_DURATION_HOURS });
  }
  return end;
}

/**
 * When sign-ups close: a time, or a length before the start ("1 day" closes
 * sign-ups a day ahead). Between now and the start.
 */
export function parseCutoff(input: string, start: Date, ctx: TimeContext): Date {
  const before = parseDuration(input);
  let at: Date;
  if (before !== undefined) {
    at = new Date(start.getTime() - before);
  } else {
    at = readWhen(input, ctx, "tasks:errors.badCutoff").at;
  }
  if (at.getTime() > start.getTime()) throw new UserError("tasks:errors.cutoffAfterStart");
  if (at.getTime() <= ctx.now.getTime()) throw new UserError("tasks:errors.cutoffInPast");
  return at;
}

/**
 * A time, or the localised reason it was refused: unreadable (the caller's
 * own line), a date that does not exist, or a local time that daylight saving
 * skips or repeats (refused rather than moved an hour).
 */
export function readWhen(
  input: string,
  ctx: TimeContext,
  unreadableKey: string,
): Extract<ParseWhenResult, { ok: true }> {
  const parsed = parseWhen(input, ctx);
  if (parsed.ok) return parsed;
  const params = { input: clip(input), zone: ctx.timezone };
  switch (parsed.problem) {
    case "impossible":
      throw new UserError("tasks:errors.impossibleDate", params);
    case "skipped":
      throw new UserError("tasks:errors.skippedTime", params);
    case "repeated":
      throw new UserError("tasks:errors.repeatedTime", params);
    default:
      throw new UserError(unreadableKey, params);
  }
}

/** When sign-ups close: the cutoff, or else the start. */
export function signupsCloseAt(task: { startsAt: Date; cutoffAt: Date | null }): Date {
  return task.cutoffAt ?? task.startsAt;
}

export function durationMs(task: { startsAt: Date; endsAt: Date | null }): number {
  return task.endsAt ? task.endsAt.getTime() - task.startsAt.getTime() : DEFAULT_DURATION_MS;
}

export function endOf(task: { startsAt: Date; endsAt: Date | null }): Date {
  return new Date(task.startsAt.getTime() + durationMs(task));
}
