// What a request, a category and a contact may hold, and reading the inputs
// people type for them. Pure: every failure is a localised UserError.
import { UserError } from "../../core/errors.js";
import { parseDuration } from "../time/parse-duration.js";

/** Open311's usual limit; long enough for any street problem, short enough for a card. */
export const MAX_DESCRIPTION = 4_000;
export const MAX_ADDRESS = 300;
export const MAX_CATEGORY_NAME = 80;
export const MAX_CATEGORY_DESCRIPTION = 500;
export const MAX_KEYWORDS = 30;
export const MAX_CONTACT_NAME = 80;
export const MAX_TEXT = 1_000;
/** An expected response time from one minute to a year. */
const MAX_EXPECT_MINUTES = 365 * 24 * 60;

/**
 * Words that are /request's own subcommands cannot be category codes:
 * `/request status …` must always mean the subcommand.
 */
export const RESERVED_CODES = new Set([
  "status",
  "mine",
  "open",
  "near",
  "queue",
  "follow",
  "unfollow",
  "+1",
  "support",
  "ack",
  "progress",
  "schedule",
  "resolve",
  "reply",
  "reassign",
  "close",
  "reopen",
  "task",
  "list",
  "help",
]);

export function checkDescription(raw: string): string {
  const text = raw.trim();
  if (text.length === 0) throw new UserError("requests:errors.needDescription");
  if (text.length > MAX_DESCRIPTION) {
    throw new UserError("requests:errors.descriptionLength", { max: MAX_DESCRIPTION, length: text.length });
  }
  return text;
}

export function checkAddress(raw: string): string {
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_ADDRESS) {
    throw new UserError("requests:errors.addressLength", { max: MAX_ADDRESS });
  }
  return text;
}

export function checkText(raw: string): string {
  const text = raw.trim();
  if (text.length > MAX_TEXT) throw new UserError("requests:errors.textLength", { max: MAX_TEXT, length: text.length });
  return text;
}

/** "60.1699,24.9384" (also with a space, or a semicolon) → coordinates in range. */
export function parseAt(raw: string): { lat: number; long: number } {
  const match = /^\s*([+-]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$/.exec(raw);
  const lat = match ? Number.parseFloat(match[1]!) : Number.NaN;
  const long = match ? Number.parseFloat(match[2]!) : Number.NaN;
  if (!checkCoordinates(lat, long)) throw new UserError("requests:errors.badAt", { input: raw.slice(0, 40) });
  return { lat, long };
}

export function checkCoordinates(lat: number, long: number): boolean {
  return Number.isFinite(lat) && Number.isFinite(long) && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
}

/** A category code: lower-case letters, digits, "-" and "_", up to 30, not a /request subcommand. */
export function checkCode(raw: string): string {
  const code = raw.trim().toLowerCase();
  if (!/^[\p{Ll}\p{N}][\p{Ll}\p{N}_-]{0,29}$/u.test(code)) {
    throw new UserError("requests:errors.badCode", { input: raw.slice(0, 40) });
  }
  if (RESERVED_CODES.has(code)) throw new UserError("requests:errors.reservedCode", { code });
  return code;
}

export function checkCategoryName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > MAX_CATEGORY_NAME) {
    throw new UserError("requests:errors.nameLength", { max: MAX_CATEGORY_NAME });
  }
  return name;
}

export function checkContactName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > MAX_CONTACT_NAME) {
    throw new UserError("requests:errors.nameLength", { max: MAX_CONTACT_NAME });
  }
  return name;
}

export function checkCategoryDescription(raw: string): string {
  const text = raw.trim();
  if (text.length > MAX_CATEGORY_DESCRIPTION) {
    throw new UserError("requests:errors.textLength", { max: MAX_CATEGORY_DESCRIPTION, length: text.length });
  }
  return text;
}

/** "pothole, asphalt,  crack" → ["pothole", "asphalt", "crack"] (lower-case, no repeats). */
export function parseKeywords(raw: string | string[]): string[] {
  const parts = (Array.isArray(raw) ? raw : raw.split(",")).map((k) => k.trim().toLowerCase()).filter(Boolean);
  const unique = [...new Set(parts)];
  if (unique.length > MAX_KEYWORDS || unique.some((k) => k.length > 40 || k.includes(","))) {
    throw new UserError("requests:errors.badKeywords", { max: MAX_KEYWORDS });
  }
  return unique;
}

/** "3 days", "48h", "P2D" → minutes. */
export function parseExpect(raw: string): number {
  const ms = parseDuration(raw);
  const minutes = ms === undefined ? Number.NaN : Math.round(ms / 60_000);
  if (!(minutes >= 1 && minutes <= MAX_EXPECT_MINUTES)) {
    throw new UserError("requests:errors.badExpect", { input: raw.slice(0, 40) });
  }
  return minutes;
}

/** "roads, lighting" → codes, as given (existence is checked against the community's categories). */
export function parseCodeList(raw: string): string[] {
  return [
    ...new Set(
      raw
        .split(/[,\s]+/)
        .map((c) => c.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
}
