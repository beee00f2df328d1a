// A request's life, as FixMyStreet practises it. Pure: what a change does to
// the state, or why it is refused; the caller stores the outcome.
//
//   open ─┬─ (new) ── acknowledged ── in progress ── action scheduled   (any order, forward or sideways)
//         ├─ resolve ──────────────────────────────▶ fixed ── reopen (resident, 14 days) ──▶ open
//         └─ close --reason ───────────────────────▶ closed (duplicate | not responsible | no action | referred)
//
// Open311 GeoReport v2 knows only open and closed: fixed and closed are both
// "closed" there.

export const STATUSES = ["open", "fixed", "closed"] as const;
export type RequestStatus = (typeof STATUSES)[number];

/** Where an open request stands; null is "new" (nobody has answered yet). */
export const OPEN_STEPS = ["acknowledged", "in_progress", "action_scheduled"] as const;
export type OpenStep = (typeof OPEN_STEPS)[number];

export const CLOSE_REASONS = ["duplicate", "not_responsible", "no_action", "referred"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export type SubStatus = OpenStep | CloseReason;

/** A resident may reopen a fixed request this long after it was fixed. */
export const REOPEN_WINDOW_MS = 14 * 24 * 3_600_000;

export interface RequestState {
  status: RequestStatus;
  subStatus: SubStatus | null;
  /** When it became fixed (for the reopen window). */
  fixedAt: Date | null;
}

export type RequestAction =
  | { kind: "acknowledge" }
  | { kind: "progress" }
  | { kind: "schedule" }
  | { kind: "resolve" }
  | { kind: "close"; reason: CloseReason }
  | { kind: "reopen" }
  | { kind: "reassign" };

export type ActionKind = RequestAction["kind"];

/** Why a change is refused, each a localised line ("requests:errors.refused.<reason>"). */
export type Refusal = "already" | "notOpen" | "notFixed" | "reopenExpired" | "closed";

export type Transition =
  | {
      ok: true;
      status: RequestStatus;
      subStatus: SubStatus | null;
      /** The first answer from the officials: it stops the SLA clock. */
      answers: boolean;
    }
  | { ok: false; refusal: Refusal };

export function transition(state: RequestState, action: RequestAction, now: Date): Transition {
  const isNew = state.status === "open" && state.subStatus === null;
  const to = (status: RequestStatus, subStatus: SubStatus | null): Transition => ({
    ok: true,
    status,
    subStatus,
    answers: isNew && !(status === "open" && subStatus === null),
  });
  switch (action.kind) {
    case "acknowledge":
      if (state.status !== "open") return refuse(state);
      // Acknowledging is the first answer only; a request already being worked on stays as it is.
      return isNew ? to("open", "acknowledged") : { ok: false, refusal: "already" };
    case "progress":
      if (state.status !== "open") return refuse(state);
      return state.subStatus === "in_progress" ? { ok: false, refusal: "already" } : to("open", "in_progress");
    case "schedule":
      if (state.status !== "open") return refuse(state);
      return state.subStatus === "action_scheduled"
        ? { ok: false, refusal: "already" }
        : to("open", "action_scheduled");
    case "resolve":
      if (state.status === "fixed") return { ok: false, refusal: "already" };
      if (state.status === "closed") return { ok: false, refusal: "closed" };
      return to("fixed", null);
    case "close":
      // A fixed request may still turn out to be a duplicate: closing it is allowed.
      if (state.status === "closed") return { ok: false, refusal: "already" };
      return to("closed", action.reason);
    case "reopen":
      if (state.status !== "fixed") return { ok: false, refusal: "notFixed" };
      if (!state.fixedAt || now.getTime() - state.fixedAt.getTime() > REOPEN_WINDOW_MS) {
        return { ok: false, refusal: "reopenExpired" };
      }
      return to("open", null);
    case "reassign":
      // Moving an open request keeps its state; one closed as "not ours" opens again at its new contact.
      if (state.status === "open") return { ok: true, status: "open", subStatus: state.subStatus, answers: false };
      if (state.status === "closed" && state.subStatus === "not_responsible") return to("open", null);
      return refuse(state);
  }
}

function refuse(state: RequestState): Transition {
  return { ok: false, refusal: state.status === "closed" ? "closed" : "notOpen" };
}

/** GeoReport v2 has two states. */
export function open311Status(status: string): "open" | "closed" {
  return status === "open" ? "open" : "closed";
}

/**
 * The states of FixMyStreet's Open311 extension (servicerequestupdates), so
 * that a client tells a request closed as a duplicate from a fixed one:
 * open, investigating, in_progress, action_scheduled, fixed, duplicate,
 * not_councils_responsibility, no_further_action, internal_referral, closed.
 */
export function open311ExtendedStatus(status: string, subStatus: string | null): string {
  if (status === "fixed") return "fixed";
  if (status === "open") {
    if (subStatus === "acknowledged") return "investigating";
    return subStatus === "in_progress" || subStatus === "action_scheduled" ? subStatus : "open";
  }
  return EXTENDED_CLOSED[subStatus as CloseReason] ?? "closed";
}

const EXTENDED_CLOSED: Record<CloseReason, string> = {
  duplicate: "duplicate",
  not_responsible: "not_councils_responsibility",
  no_action: "no_further_action",
  referred: "internal_referral",
};

/** "not-responsible", "not_responsible", "Not responsible" → not_responsible. */
export function parseCloseReason(raw: string): CloseReason | undefined {
  const normal = raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return (CLOSE_REASONS as readonly string[]).includes(normal) ? (normal as CloseReason) : undefined;
}

export function isStatus(value: string): value is RequestStatus {
  return (STATUSES as readonly string[]).includes(value);
}

export function isSubStatus(value: string | null): value is SubStatus {
  return value !== null && ([...OPEN_STEPS, ...CLOSE_REASONS] as readonly string[]).includes(value);
}

/**
 * The one word for a state that people read: "new", "acknowledged",
 * "in_progress", "action_scheduled", "fixed", "duplicate", … (the last part
 * of its i18n key, under requests:state).
 */
export function stateKey(status: string, subStatus: string | null): string {
  if (status === "fixed") return "fixed";
  if (status === "closed") return isSubStatus(subStatus) ? subStatus : "closed";
  return isSubStatus(subStatus) ? subStatus : "new";
}

export const STATE_KEYS = ["new", ...OPEN_STEPS, "fixed", ...CLOSE_REASONS, "closed"] as const;

/** Reads a stored row's state, tolerating values written by a newer version. */
export function stateOf(row: { status: string; subStatus: string | null; fixedAt: Date | null }): RequestState {
  return {
    status: isStatus(row.status) ? row.status : "open",
    subStatus: isSubStatus(row.subStatus) ? row.subStatus : null,
    fixedAt: row.fixedAt,
  };
}
