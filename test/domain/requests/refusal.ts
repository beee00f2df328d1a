// The localised refusal a pure function throws, as its translation key.
import { isUserError } from "../../../src/core/errors.js";

export function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return error.key;
    throw error;
  }
  return "no error";
}
