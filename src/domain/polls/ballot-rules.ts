// What a press or a typed vote does to someone's ballot. Pure: the voting
// service reads the current ballot under a lock, asks here, and writes the
// difference.
//
//   single choice: a new choice replaces the old; the current one again retracts.
//   multiple choice: a press adds or removes that one option; with a limit
//   ("choose up to N") a ballot that would pass it is refused whole.
//   anonymous: a ballot is cast once and is final, because only counts are
//   kept: nothing could tell which count to take a vote back from.

export type BallotRequest =
  /** A button press (or `/poll vote` with one option): toggles that option. */
  | { kind: "toggle"; position: number }
  /** A native poll's answer or a typed list: exactly these options (none retracts). */
  | { kind: "set"; positions: number[] }
  /** A native poll's single answer added (Discord): on a single-choice poll it replaces the old one. */
  | { kind: "add"; position: number }
  /** A native poll's single answer taken back (Discord). */
  | { kind: "remove"; position: number };

export interface BallotPoll {
  open: boolean;
  multi: boolean;
  /** "Choose up to N" on a multiple-choice poll; none: any number. */
  maxChoices?: number | null;
  anonymous: boolean;
  optionCount: number;
}

/** Where the voter stands now: their choices, or for an anonymous poll only whether they voted. */
export type CurrentBallot = { anonymous: false; choices: number[] } | { anonymous: true; voted: boolean };

export type Effect = "voted" | "changed" | "retracted" | "added" | "removed" | "unchanged";

export type RefusalReason = "closed" | "final" | "badOption" | "oneChoice" | "tooMany" | "empty";

export type BallotDecision =
  | { kind: "refused"; reason: RefusalReason }
  | { kind: "cast"; add: number[]; remove: number[]; choices: number[]; effect: Effect };

export function decideBallot(poll: BallotPoll, current: CurrentBallot, request: BallotRequest): BallotDecision {
  if (!poll.open) return { kind: "refused", reason: "closed" };
  const wanted = request.kind === "set" ? [...new Set(request.positions)].sort(byNumber) : [request.position];
  if (wanted.some((p) => !Number.isInteger(p) || p < 0 || p >= poll.optionCount)) {
    return { kind: "refused", reason: "badOption" };
  }
  if (!poll.multi && wanted.length > 1) return { kind: "refused", reason: "oneChoice" };
  if (overLimit(poll, wanted)) return { kind: "refused", reason: "tooMany" };

  if (current.anonymous) {
    if (request.kind === "remove") return { kind: "refused", reason: "final" };
    if (current.voted) return { kind: "refused", reason: "final" };
    if (wanted.length === 0) return { kind: "refused", reason: "empty" };
    return { kind: "cast", add: wanted, remove: [], choices: wanted, effect: "voted" };
  }

  const before = [...current.choices].sort(byNumber);
  const after = afterRequest(before, request, wanted, poll.multi);
  if (overLimit(poll, after)) return { kind: "refused", reason: "tooMany" };
  const add = after.filter((p) => !before.includes(p));
  const remove = before.filter((p) => !after.includes(p));
  return { kind: "cast", add, remove, choices: after, effect: effectOf(before, after, poll.multi) };
}

/** The ballot a request leaves. Adding what is there, or removing what is not, changes nothing (a repeat). */
function afterRequest(before: number[], request: BallotRequest, wanted: number[], multi: boolean): number[] {
  switch (request.kind) {
    case "toggle":
      return toggled(before, request.position, multi);
    case "set":
      return wanted;
    case "add":
      if (before.includes(request.position)) return before;
      return multi ? [...before, request.position].sort(byNumber) : [request.position];
    case "remove":
      return before.filter((p) => p !== request.position);
  }
}

function toggled(before: number[], position: number, multi: boolean): number[] {
  if (before.includes(position)) return before.filter((p) => p !== position);
  return multi ? [...before, position].sort(byNumber) : [position];
}

function effectOf(before: number[], after: number[], multi: boolean): Effect {
  const same = before.length === after.length && before.every((p, i) => p === after[i]);
  if (same) return "unchanged";
  if (after.length === 0) return "retracted";
  if (before.length === 0) return "voted";
  if (!multi) return "changed";
  const added = after.some((p) => !before.includes(p));
  const removed = before.some((p) => !after.includes(p));
  return added && removed ? "changed" : added ? "added" : "removed";
}

function overLimit(poll: BallotPoll, choices: readonly number[]): boolean {
  return poll.multi && typeof poll.maxChoices === "number" && choices.length > poll.maxChoices;
}

function byNumber(a: number, b: number): number {
  return a - b;
}
