// Counting a poll: how many chose each option, how many people voted, and
// who leads. Pure; the repository supplies the counts. Ties are a result of
// their own, never broken silently by option order.

export interface OptionCount {
  /** 0-based place of the option; people see position + 1. */
  position: number;
  text: string;
  count: number;
}

export type Outcome = { kind: "none" } | { kind: "winner"; position: number } | { kind: "tie"; positions: number[] };

export interface Tally {
  options: OptionCount[];
  /** People who voted (in a multiple-choice poll one person may count for several options). */
  voters: number;
  /** Choices made, summed over options. */
  votes: number;
  outcome: Outcome;
}

export function tallyOf(
  options: ReadonlyArray<{ position: number; text: string }>,
  counts: ReadonlyMap<number, number>,
  voters: number,
): Tally {
  const counted = [...options]
    .sort((a, b) => a.position - b.position)
    .map((o) => ({ position: o.position, text: o.text, count: counts.get(o.position) ?? 0 }));
  const votes = counted.reduce((sum, o) => sum + o.count, 0);
  return { options: counted, voters, votes, outcome: outcomeOf(counted) };
}

export function outcomeOf(options: readonly OptionCount[]): Outcome {
  const top = Math.max(0, ...options.map((o) => o.count));
  if (top === 0) return { kind: "none" };
  const leaders = options.filter((o) => o.count === top).map((o) => o.position);
  return leaders.length === 1 ? { kind: "winner", position: leaders[0]! } : { kind: "tie", positions: leaders };
}

/** Whole-number percentage of voters who chose an option (0 when nobody voted). */
export function shareOf(count: number, voters: number): number {
  return voters > 0 ? Math.round((count / voters) * 100) : 0;
}

/** A bar of `width` cells for a share, so results read at a glance on a phone. */
export function barOf(percent: number, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round((percent / 100) * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}
