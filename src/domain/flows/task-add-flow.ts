// `/task add` asked piece by piece: title, time, slots, optional place.
import { z } from "zod";
import { nonEmptyText } from "./answer-schemas.js";
import type { FlowAnswers, FlowDefinition } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

const MAX_TITLE_LENGTH = 200;
/** The community's usual shift times (tasks/usual-times.ts), offered first for "When?". */
export const USUAL_TASK_TIMES = "usual-task-times";
const SLOT_CHOICES = ["1", "2", "3", "4", "5", "6"] as const;

export const taskAddFlow: FlowDefinition = {
  name: "task-add",
  steps: [
    { key: "title", kind: "text", schema: nonEmptyText(MAX_TITLE_LENGTH) },
    {
      key: "when",
      kind: "choice",
      choices: ["today 18:00", "tomorrow 18:00", "sat 10:00"],
      suggestionsFrom: USUAL_TASK_TIMES,
      schema: nonEmptyText(100),
    },
    { key: "slots", kind: "number", choices: SLOT_CHOICES, schema: z.string().regex(/^[1-9]\d{0,2}$/) },
    // A shared location or venue answers it too (its name and address, or its coordinates).
    { key: "where", kind: "text", optional: true, place: true, schema: nonEmptyText(200) },
  ],
  commandLine: (answers: FlowAnswers) => {
    const parts = ["/task add", quotedArgument(answers.title ?? "")];
    parts.push("--when", quotedArgument(answers.when ?? ""));
    if (answers.slots) parts.push("--slots", answers.slots);
    if (answers.where) parts.push("--where", quotedArgument(answers.where));
    return parts.join(" ");
  },
};
