// Expected failures carry an i18n key: the boundary shows them as one
// localised line. Anything else is a bug: the user gets an incident id and the
// log gets the stack.
import type { TranslateParams } from "./i18n.js";

export class UserError extends Error {
  constructor(
    readonly key: string,
    readonly params: TranslateParams = {},
  ) {
    super(key);
    this.name = "UserError";
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}
