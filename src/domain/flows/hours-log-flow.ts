// `/hours log` asked piece by piece: which shift (its number) or what was
// done, then how long.
import { nonEmptyText } from "./answer-schemas.js";
import type { FlowAnswers, FlowDefinition } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

/** "12" or "#12" names a shift; anything else describes the work. */
const TASK_NUMBER = /^#?(\d{1,9})$/;

export const hoursLogFlow: FlowDefinition = {
  name: "hours-log",
  steps: [
    { key: "what", kind: "text", schema: nonEmptyText(500) },
    { key: "hours", kind: "choice", choices: ["1", "2", "3", "4"], schema: nonEmptyText(30) },
  ],
  commandLine: (answers: FlowAnswers) => {
    const what = (answers.what ?? "").trim();
    const task = TASK_NUMBER.exec(what)?.[1];
    // The amount is the one positional argument; a few words ("1 h 30 min") are still one amount.
    const parts = ["/hours log", quotedArgument(answers.hours ?? "")];
    parts.push(task ? `--task ${task}` : `--note ${quotedArgument(what)}`);
    return parts.join(" ");
  },
};
