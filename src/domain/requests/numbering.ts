// Public request numbers: "<prefix>-<sequence>", e.g. K-1042. Pure. The
// sequence itself is taken from Community.requestSequence by an atomic
// increment inside the transaction that creates the request
// (service-request-repository.ts), so two requests filed at once never share one.
import { parseId } from "../../core/id-argument.js";

/** A prefix is 1 to 5 capital letters: short enough to say on the phone. */
export const PREFIX_PATTERN = /^[A-Z]{1,5}$/;

export function formatRequestNumber(prefix: string, sequence: number): string {
  return `${prefix}-${sequence}`;
}

/**
 * What people type for a number, made canonical: "K-1042", "k-1042", "K1042",
 * "#1042" and "1042" are all K-1042 in a community whose prefix is K. Another
 * prefix is kept as typed (upper-cased), so "P-7" stays P-7. Undefined when it
 * is not a request number at all.
 */
export function parseRequestNumber(raw: string, prefix: string): string | undefined {
  const text = raw.trim().toUpperCase();
  const bare = parseId(text);
  if (bare !== undefined) return formatRequestNumber(prefix, bare);
  const full = /^([A-Z]{1,5})-?(\d{1,9})$/.exec(text);
  if (full) return formatRequestNumber(full[1]!, Number.parseInt(full[2]!, 10));
  return undefined;
}

/** The shape of a canonical number, for URLs such as /open311/v2/requests/K-1042.json. */
export const NUMBER_PATTERN = /^[A-Z]{1,5}-\d{1,9}$/;
