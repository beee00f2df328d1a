// A community's reminder times: minutes before a shift's start, stored as
// "1440,60" (Community.reminderOffsets). Pure.
import { UserError } from "../../core/errors.js";
import { clip } from "../../core/text.js";

export const DEFAULT_OFFSETS = [1440, 60];
const MAX_OFFSETS = 5;
/** A month ahead is as early as a reminder makes sense. */
const MAX_MINUTES = 30 * 24 * 60;

/** "1440,60" -> [1440, 60]: whole minutes, each 1 to 43200, at most 5, latest first; a localised error otherwise. */
export function parseOffsets(input: string): number[] {
  const parts = input
    .split(/[,\s]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const bad = () => new UserError("tasks:errors.badOffsets", { input: clip(input), max: MAX_MINUTES });
  if (parts.length === 0 || parts.length > MAX_OFFSETS) throw bad();
  const minutes = parts.map((p) => (/^\d+$/.test(p) ? Number.parseInt(p, 10) : Number.NaN));
  if (minutes.some((m) => !Number.isInteger(m) || m < 1 || m > MAX_MINUTES)) throw bad();
  return [...new Set(minutes)].sort((a, b) => b - a);
}

/** The stored form, read leniently: a damaged value falls back to the default rather than silencing reminders. */
export function readOffsets(stored: string | null | undefined): number[] {
  try {
    return stored ? parseOffsets(stored) : DEFAULT_OFFSETS;
  } catch {
    return DEFAULT_OFFSETS;
  }
}

export function formatOffsets(offsets: number[]): string {
  return offsets.join(",");
}
