// What is limited, and how much by default: sensible for a city, where one
// resident files a handful of requests a day and a coordinator posts a week's
// shifts in one sitting. An admin changes the count with `/setup limits`;
// the windows are fixed.
import type { FloodWindow } from "../../storage/repositories/flood-counter.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const FLOOD_KINDS = ["requests", "tasks", "polls", "codes", "open311"] as const;
export type FloodKind = (typeof FLOOD_KINDS)[number];

export function isFloodKind(value: string): value is FloodKind {
  return (FLOOD_KINDS as readonly string[]).includes(value);
}

/** requests, tasks and polls per person; link and invite codes per person; Open311 POSTs per API key and per client address. */
export const FLOOD_DEFAULTS: Readonly<Record<FloodKind, FloodWindow>> = {
  requests: { maxCount: 10, windowMs: HOUR },
  tasks: { maxCount: 20, windowMs: HOUR },
  polls: { maxCount: 20, windowMs: HOUR },
  codes: { maxCount: 5, windowMs: 10 * MINUTE },
  open311: { maxCount: 60, windowMs: MINUTE },
};

/** The most an admin may allow; anything more is no limit at all. */
export const MAX_FLOOD_COUNT = 10_000;

/** Wrong `/link` and `/setup join` codes from one person before codes are refused from them. */
export const CODE_GUESSES: FloodWindow = { maxCount: 10, windowMs: 10 * MINUTE };
