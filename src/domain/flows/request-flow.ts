// `/request` asked piece by piece: the category (buttons from the
// community's categories), the description, and an optional place.
import { nonEmptyText, oneWord } from "./answer-schemas.js";
import type { FlowAnswers, FlowDefinition } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

/** The name of the community's category list, which the requests feature supplies. */
export const REQUEST_CATEGORIES = "request-categories";

export const requestFlow: FlowDefinition = {
  name: "request",
  steps: [
    { key: "category", kind: "choice", choicesFrom: REQUEST_CATEGORIES, schema: oneWord(30) },
    { key: "description", kind: "text", schema: nonEmptyText(2000) },
    { key: "where", kind: "text", optional: true, schema: nonEmptyText(200) },
  ],
  commandLine: (answers: FlowAnswers) => {
    const parts = ["/request", quotedArgument(answers.category ?? ""), quotedArgument(answers.description ?? "")];
    if (answers.where) parts.push("--where", quotedArgument(answers.where));
    return parts.join(" ");
  },
};
