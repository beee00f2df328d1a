// A button that starts a guided command's questions for whoever presses it,
// with the pieces the button already knows (a poll's "Add option" knows the
// poll). The flows feature handles the action; a feature only places the
// button, so it need not know the flows.
import type { Button } from "../core/messages.js";

export const GUIDED_START_ACTION = "flow.start";

/** `words` are the command's canonical words (["poll", "add-option"]); `args` its first positional arguments. */
export function guidedStartButton(label: string, words: readonly string[], args: readonly string[]): Button {
  return { label, action: GUIDED_START_ACTION, args: [words.join(" "), ...args] };
}

/** The command words and arguments a guided-start button carries. */
export function guidedStartOf(args: readonly string[]): { words: string[]; args: string[] } {
  const [words = "", ...rest] = args;
  return { words: words.split(" ").filter(Boolean), args: rest };
}
