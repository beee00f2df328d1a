// `/poll` asked piece by piece: the question, the options as a list, and an
// optional close time.
import { z } from "zod";
import { nonEmptyText } from "./answer-schemas.js";
import type { FlowAnswers, FlowDefinition } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

const MAX_QUESTION = 300;
const MAX_OPTION = 100;
const OPTIONS = { min: 2, max: 10 };

/** Options one a line, or on one line separated by commas. */
export function pollOptionsOf(list: string): string[] {
  const lines = list.split(/\r?\n/).map((line) => line.trim());
  const items = lines.filter(Boolean).length > 1 ? lines : list.split(",");
  return items.map((item) => item.trim().replace(/^[-*•]\s*/, "")).filter(Boolean);
}

const optionList = z.string().refine((list) => {
  const options = pollOptionsOf(list);
  return options.length >= OPTIONS.min && options.length <= OPTIONS.max && options.every((o) => o.length <= MAX_OPTION);
});

export const pollFlow: FlowDefinition = {
  name: "poll",
  steps: [
    { key: "question", kind: "text", schema: nonEmptyText(MAX_QUESTION) },
    { key: "options", kind: "text", schema: optionList },
    { key: "closes", kind: "choice", choices: ["2h", "24h", "3 days"], optional: true, schema: nonEmptyText(100) },
  ],
  commandLine: (answers: FlowAnswers) => {
    const parts = ["/poll", quotedArgument(answers.question ?? "")];
    for (const option of pollOptionsOf(answers.options ?? "")) parts.push(quotedArgument(option));
    if (answers.closes) parts.push("--closes", quotedArgument(answers.closes));
    return parts.join(" ");
  },
};
