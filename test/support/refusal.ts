// The i18n key of the UserError a piece of work throws, or "accepted" when it
// throws none: how tests of input rules say which line a user would see.
import { UserError } from "../../src/core/errors.js";

export function refusal(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    if (error instanceof UserError) return error.key;
    throw error;
  }
  return "accepted";
}
