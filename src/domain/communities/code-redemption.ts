// Redeeming a `/link` or `/setup join` code: after 10 wrong codes in 10
// minutes, a person's codes are refused for the rest of that time, even a
// right one, so a code cannot be found by trying. Counted per person in the
// database (flood-limits), so that every instance agrees.
import { type FloodLimits, refusal } from "../flood-limits/index.js";

/** What `redeem` found for the code, or undefined when the code was wrong (then counted as a wrong guess). */
export async function redeemCode<T>(
  floods: FloodLimits,
  personId: string,
  now: Date,
  redeem: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const lockout = await floods.codeLockout(personId, now);
  if (!lockout.allowed) throw refusal("communities:limits.lockedOut", lockout);
  const found = await redeem();
  if (found === undefined) await floods.wrongCode(personId, now);
  return found;
}
