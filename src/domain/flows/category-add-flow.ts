// `/setup category add` asked piece by piece: the code, the name, and an
// optional answer time.
import { nonEmptyText, oneWord } from "./answer-schemas.js";
import type { FlowAnswers, FlowDefinition } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

export const categoryAddFlow: FlowDefinition = {
  name: "category-add",
  steps: [
    { key: "code", kind: "text", schema: oneWord(30) },
    { key: "name", kind: "text", schema: nonEmptyText(100) },
    { key: "expect", kind: "choice", choices: ["1 day", "3 days", "7 days"], optional: true, schema: nonEmptyText(50) },
  ],
  commandLine: (answers: FlowAnswers) => {
    // Quoted, a code that starts with "--" stays a code.
    const parts = ["/setup category add", quotedArgument(answers.code ?? ""), quotedArgument(answers.name ?? "")];
    if (answers.expect) parts.push("--expect", quotedArgument(answers.expect));
    return parts.join(" ");
  },
};
