// Poll to shift: `--then-task "Park clean-up" --slots 8` with options that
// are times. The times are read when the poll is made (so "sat 10:00" means
// the Saturday people saw when they voted) and stored with the poll; when it
// closes, the winning time becomes the shift. Pure.
import { UserError } from "../../core/errors.js";
import type { Locale } from "../../core/i18n.js";
import { clip } from "../../core/text.js";
import { checkSlots, checkTitle, UNLIMITED_SLOTS } from "../tasks/index.js";
import { parseWhen } from "../time/parse-when.js";
import type { Tally } from "./tally.js";

export interface ShiftPlan {
  title: string;
  slots: number;
  /** The start of the shift each option stands for, ISO, in option order. */
  starts: string[];
}

/** A time that starts before the poll closes could never become the shift. */
export function checkShiftsAfterClose(plan: ShiftPlan, options: readonly string[], closesAt: Date): void {
  plan.starts.forEach((iso, index) => {
    if (new Date(iso).getTime() <= closesAt.getTime()) {
      throw new UserError("polls:errors.optionBeforeClose", { number: index + 1, option: options[index] ?? "" });
    }
  });
}

export function planShift(
  title: string,
  slots: number | undefined,
  options: readonly string[],
  ctx: { locale: Locale; timezone: string; now: Date },
): ShiftPlan {
  const starts = options.map((option, index) => {
    const parsed = parseWhen(option, ctx);
    if (!parsed.ok || !parsed.hasTime) {
      throw new UserError("polls:errors.optionNotTime", { number: index + 1, option: clip(option, 40) });
    }
    if (parsed.at.getTime() <= ctx.now.getTime()) {
      throw new UserError("polls:errors.optionInPast", { number: index + 1, option: clip(option, 40) });
    }
    return parsed.at.toISOString();
  });
  return {
    title: checkTitle(title),
    slots: slots === undefined ? UNLIMITED_SLOTS : checkSlots(slots),
    starts,
  };
}

export function encodePlan(plan: ShiftPlan): string {
  return JSON.stringify(plan);
}

/** The stored plan, or undefined when there is none or it cannot be read. */
export function decodePlan(stored: string | null | undefined): ShiftPlan | undefined {
  if (!stored) return undefined;
  try {
    const value = JSON.parse(stored) as Partial<ShiftPlan>;
    if (typeof value.title !== "string" || typeof value.slots !== "number" || !Array.isArray(value.starts)) {
      return undefined;
    }
    return { title: value.title, slots: value.slots, starts: value.starts.map(String) };
  } catch {
    return undefined;
  }
}

export type ShiftDecision =
  | { kind: "create"; position: number; startsAt: Date }
  | { kind: "tie"; positions: number[] }
  | { kind: "noVotes" }
  | { kind: "past"; position: number };

/** What the closed poll means for the shift: the single winner's time, or why there is none. */
export function decideShift(plan: ShiftPlan, tally: Tally, now: Date): ShiftDecision {
  const { outcome } = tally;
  if (outcome.kind === "none") return { kind: "noVotes" };
  if (outcome.kind === "tie") return { kind: "tie", positions: outcome.positions };
  const iso = plan.starts[outcome.position];
  const startsAt = iso ? new Date(iso) : undefined;
  if (!startsAt || Number.isNaN(startsAt.getTime()) || startsAt.getTime() <= now.getTime()) {
    return { kind: "past", position: outcome.position };
  }
  return { kind: "create", position: outcome.position, startsAt };
}
