// What a task's user-typed parts may be. Pure: each check returns the cleaned
// value or throws a localised UserError naming the limit.
import { UserError } from "../../core/errors.js";
import { characterCount, oneLine, tidy } from "../../core/text.js";

export const LIMITS = {
  title: { min: 1, max: 120 },
  place: { max: 200 },
  note: { max: 1000 },
  slots: { min: 1, max: 1000 },
  reason: { max: 500 },
} as const;

/** A shift with no --slots takes everyone: the largest capacity, shown as "no limit". */
export const UNLIMITED_SLOTS = LIMITS.slots.max;

export function checkTitle(raw: string): string {
  const title = oneLine(raw);
  const length = characterCount(title);
  if (length < LIMITS.title.min || length > LIMITS.title.max) {
    throw new UserError("tasks:errors.titleLength", { max: LIMITS.title.max, length });
  }
  return title;
}

/** A place, or undefined when it was cleared with "-". */
export function checkPlace(raw: string): string | undefined {
  const place = oneLine(raw);
  if (place === "" || place === "-") return undefined;
  const length = characterCount(place);
  if (length > LIMITS.place.max) throw new UserError("tasks:errors.placeLength", { max: LIMITS.place.max, length });
  return place;
}

/** A note, or undefined when it was cleared with "-". */
export function checkNote(raw: string): string | undefined {
  const note = raw.trim();
  if (note === "" || note === "-") return undefined;
  const length = characterCount(note);
  if (length > LIMITS.note.max) throw new UserError("tasks:errors.noteLength", { max: LIMITS.note.max, length });
  return note;
}

export function checkSlots(value: number): number {
  if (!Number.isInteger(value) || value < LIMITS.slots.min || value > LIMITS.slots.max) {
    throw new UserError("tasks:errors.slotsRange", { min: LIMITS.slots.min, max: LIMITS.slots.max, value });
  }
  return value;
}

/** A free-text reason (cancel, decline), cut to its limit rather than refused: it is an afterthought. */
export function cleanReason(raw: string | undefined): string | undefined {
  const reason = raw === undefined ? "" : tidy(raw);
  return reason ? [...reason].slice(0, LIMITS.reason.max).join("") : undefined;
}
