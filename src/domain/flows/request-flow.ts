// `/request` asked piece by piece: the category (buttons from the
// community's categories), the description, an optional place, and an
// optional photo. The photo is no part of the line: the flow's Create hands
// it to the command as the file sent with it (flow-guide.ts).
import { z } from "zod";
import { nonEmptyText, oneWord } from "./answer-schemas.js";
import { type FlowAnswers, type FlowDefinition, placeKey } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

/** The name of the community's category list, which the requests feature supplies. */
export const REQUEST_CATEGORIES = "request-categories";

export const requestFlow: FlowDefinition = {
  name: "request",
  steps: [
    { key: "category", kind: "choice", choicesFrom: REQUEST_CATEGORIES, schema: oneWord(30) },
    { key: "description", kind: "text", schema: nonEmptyText(2000) },
    // A shared location or venue answers it too: its coordinates go as --at, a venue's words as --where.
    { key: "where", kind: "text", optional: true, place: true, schema: nonEmptyText(200) },
    // Answered only by a sent file (flow.ts), kept as its reference; a platform that cannot send one skips it.
    { key: "photo", kind: "photo", optional: true, schema: z.string() },
  ],
  commandLine: (answers: FlowAnswers) => {
    const parts = ["/request", quotedArgument(answers.category ?? ""), quotedArgument(answers.description ?? "")];
    const at = answers[placeKey("where")];
    // A bare shared point has no words beyond its coordinates.
    if (answers.where && answers.where !== at) parts.push("--where", quotedArgument(answers.where));
    if (at) parts.push("--at", at);
    return parts.join(" ");
  },
};
