// The filters of GET requests.json and servicerequestupdates.json. Pure.
//   service_request_id  comma-separated numbers; when given, the other filters are ignored (as the spec says)
//   service_code        comma-separated codes, in any case
//   start_date/end_date ISO 8601, at most 90 days apart; with neither, the last 90 days
//   status              open, closed, or both
// At most 1,000 results, newest first.
import { DateTime } from "luxon";
import { Open311Error } from "./errors.js";

export const DEFAULT_SPAN_MS = 90 * 24 * 3_600_000;
export const MAX_RESULTS = 1_000;

export interface Period {
  from: Date;
  to: Date | undefined;
}

export interface RequestFilters {
  numbers?: string[];
  codes?: string[];
  statuses?: Array<"open" | "closed">;
  period: Period;
}

export function parseRequestFilters(params: URLSearchParams, now: Date): RequestFilters {
  const ids = list(params.get("service_request_id"));
  if (ids) return { numbers: ids.map((id) => id.toUpperCase()), period: { from: new Date(0), to: undefined } };
  const codes = list(params.get("service_code"));
  const statuses = list(params.get("status"));
  if (statuses?.some((s) => s !== "open" && s !== "closed")) {
    throw new Open311Error(400, "status must be open, closed, or both separated by a comma");
  }
  const filters: RequestFilters = { period: parsePeriod(params, now) };
  // Codes are lower case (checkCode), and matched so everywhere.
  if (codes) filters.codes = codes.map((code) => code.toLowerCase());
  if (statuses) filters.statuses = statuses as Array<"open" | "closed">;
  return filters;
}

/**
 * start_date and end_date, which the spec lets span 90 days at most: the last
 * 90 days by default, 90 days before end_date or after start_date when only one is given.
 */
export function parsePeriod(params: URLSearchParams, now: Date): Period {
  const start = date(params.get("start_date"), "start_date");
  const end = date(params.get("end_date"), "end_date");
  if (start && end && end < start) throw new Open311Error(400, "end_date is before start_date");
  if (start && end && end.getTime() - start.getTime() > DEFAULT_SPAN_MS) {
    throw new Open311Error(400, "start_date and end_date may be at most 90 days apart");
  }
  if (start) return { from: start, to: end ?? new Date(start.getTime() + DEFAULT_SPAN_MS) };
  const until = end ?? now;
  return { from: new Date(until.getTime() - DEFAULT_SPAN_MS), to: end };
}

function date(raw: string | null, name: string): Date | undefined {
  if (raw === null || raw.trim() === "") return undefined;
  const parsed = DateTime.fromISO(raw.trim(), { setZone: true });
  if (!parsed.isValid) throw new Open311Error(400, `${name} must be an ISO 8601 date, e.g. 2026-12-01T00:00:00Z`);
  return parsed.toJSDate();
}

function list(raw: string | null): string[] | undefined {
  if (raw === null) return undefined;
  const items = raw
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}
