// The flags of /poll that are not text: who may vote, when it closes, and
// whether a platform's own poll can keep the poll's promises. Pure.
import { UserError } from "../../core/errors.js";
import type { Locale } from "../../core/i18n.js";
import { clip } from "../../core/text.js";
import { parseDuration } from "../time/parse-duration.js";
import { parseWhen } from "../time/parse-when.js";

export type Who = "members" | "coordinators";

/** How long a poll may run at most: a quick poll, not a standing vote. */
export const MAX_OPEN_DAYS = 90;
/** Closing sooner than this leaves nobody time to vote. */
export const MIN_OPEN_MS = 60_000;

const WHO_WORDS: Record<string, Who> = {
  members: "members",
  member: "members",
  everyone: "members",
  jäsenet: "members",
  kaikki: "members",
  medlemmar: "members",
  alla: "members",
  coordinators: "coordinators",
  coordinator: "coordinators",
  koordinaattorit: "coordinators",
  koordinatorer: "coordinators",
};

export function parseWho(raw: string | undefined): Who {
  if (raw === undefined) return "members";
  const who = WHO_WORDS[raw.trim().toLowerCase()];
  if (!who) throw new UserError("polls:errors.badWho", { input: clip(raw, 20) });
  return who;
}

/** `--closes "2h"` (a length from now) or `--closes "friday 18:00"` (a time), in the community's zone. */
export function parseCloses(raw: string, ctx: { locale: Locale; timezone: string; now: Date }): Date {
  const length = parseDuration(raw);
  let at: Date;
  if (length !== undefined) {
    at = new Date(ctx.now.getTime() + length);
  } else {
    const parsed = parseWhen(raw, ctx);
    if (!parsed.ok) throw new UserError("polls:errors.badCloses", { input: clip(raw) });
    // "friday" alone would mean midnight, which nobody means by it.
    if (!parsed.hasTime) throw new UserError("polls:errors.closesNeedsTime", { input: clip(raw) });
    at = parsed.at;
  }
  if (at.getTime() - ctx.now.getTime() < MIN_OPEN_MS) throw new UserError("polls:errors.closesTooSoon");
  if (at.getTime() - ctx.now.getTime() > MAX_OPEN_DAYS * 86_400_000) {
    throw new UserError("polls:errors.closesTooLate", { days: MAX_OPEN_DAYS });
  }
  return at;
}

/**
 * `--opens "mon 9:00"`: when a scheduled poll is posted, a day and a time in
 * the community's zone, still to come and within the time a poll may run.
 */
export function parseOpens(raw: string, ctx: { locale: Locale; timezone: string; now: Date }): Date {
  const parsed = parseWhen(raw, ctx);
  if (!parsed.ok) throw new UserError("polls:errors.badOpens", { input: clip(raw) });
  if (!parsed.hasTime) throw new UserError("polls:errors.opensNeedsTime", { input: clip(raw) });
  if (parsed.at.getTime() - ctx.now.getTime() < MIN_OPEN_MS) throw new UserError("polls:errors.opensPast");
  if (parsed.at.getTime() - ctx.now.getTime() > MAX_OPEN_DAYS * 86_400_000) {
    throw new UserError("polls:errors.opensTooLate", { days: MAX_OPEN_DAYS });
  }
  return parsed.at;
}

/** --add-options: voters add options at once ("open"), or the creator approves each ("moderated"). */
export type AddOptions = "open" | "moderated";

const ADD_OPTIONS_WORDS: Record<string, AddOptions> = {
  open: "open",
  avoin: "open",
  öppen: "open",
  moderated: "moderated",
  moderoitu: "moderated",
  modererad: "moderated",
};

export function parseAddOptions(raw: string | undefined): AddOptions | undefined {
  if (raw === undefined) return undefined;
  const mode = ADD_OPTIONS_WORDS[raw.trim().toLowerCase()];
  if (!mode) throw new UserError("polls:errors.badAddOptions", { input: clip(raw, 20) });
  return mode;
}

/** The stored --add-options of a poll (anything else: voters may not add). */
export function addOptionsOf(poll: { addOptions: string | null }): AddOptions | undefined {
  return poll.addOptions === "open" || poll.addOptions === "moderated" ? poll.addOptions : undefined;
}

/** Words for "no closing time" in `/poll edit --closes never`. */
const NEVER_WORDS = new Set(["never", "none", "off", "ei", "ei koskaan", "aldrig", "ingen"]);

/** `/poll edit --closes`: a new closing time as parseCloses reads it, or null for none ("never"). */
export function parseClosesChange(raw: string, ctx: { locale: Locale; timezone: string; now: Date }): Date | null {
  if (NEVER_WORDS.has(raw.trim().toLowerCase())) return null;
  return parseCloses(raw, ctx);
}

/**
 * `--max N`: "choose up to N" on a multiple-choice poll. At least 2 (1 is a
 * single-choice poll) and at most the options: more would limit nothing.
 */
export function checkMaxChoices(max: number | undefined, multi: boolean, optionCount: number): number | undefined {
  if (max === undefined) return undefined;
  if (!multi) throw new UserError("polls:errors.maxWithoutMulti");
  if (!Number.isInteger(max) || max < 2 || max > optionCount) {
    throw new UserError("polls:errors.badMax", { max: optionCount, input: String(max) });
  }
  return max;
}

/** Why a platform-native poll cannot be used for this poll, if it cannot. */
export type NativeRefusal =
  | "unsupported"
  | "anonymous"
  | "hidden"
  | "coordinators"
  | "limited"
  | "addOptions"
  | "scheduled"
  | "tooLong";

/** What a platform's native polls can do. */
export interface NativeSupport {
  native: boolean;
  /** The longest a native poll may run (Discord: 768 hours); unlimited when absent. */
  maxHours?: number;
}

/**
 * A native poll must report who voted (so that votes join the one tally, by
 * person) and shows its results as people vote, and anyone in the chat may
 * answer it. So it cannot keep an anonymous poll's promise with one tally, a
 * hidden poll's, or a coordinators-only poll's; then buttons are used.
 */
export function nativeRefusal(
  poll: {
    anonymous: boolean;
    hidden: boolean;
    who: Who;
    maxChoices?: number;
    closesAt?: Date | null;
    addOptions?: AddOptions;
    /** --opens: posted later by a job, which posts cards. */
    scheduled?: boolean;
  },
  platform: NativeSupport,
  now: Date,
): NativeRefusal | undefined {
  if (poll.anonymous) return "anonymous";
  if (poll.hidden) return "hidden";
  if (poll.who === "coordinators") return "coordinators";
  // Native polls take one answer or any number, never "up to N".
  if (poll.maxChoices !== undefined) return "limited";
  // Nor can they take an option once they are posted.
  if (poll.addOptions !== undefined) return "addOptions";
  if (poll.scheduled) return "scheduled";
  if (!platform.native) return "unsupported";
  if (outlastsNativePoll(poll.closesAt, platform, now)) return "tooLong";
  return undefined;
}

/** The platform would end its native poll before Talkoot closes the poll. */
export function outlastsNativePoll(closesAt: Date | null | undefined, platform: NativeSupport, now: Date): boolean {
  if (platform.maxHours === undefined || !closesAt) return false;
  return closesAt.getTime() - now.getTime() > platform.maxHours * 3_600_000;
}
