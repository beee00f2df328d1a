// `/poll add-option` asked piece by piece: which poll, then the new option.
// The poll card's "Add option" button starts it with the poll given.
import { z } from "zod";
import { POLL_LIMITS } from "../polls/index.js";
import { nonEmptyText } from "./answer-schemas.js";
import type { FlowAnswers, FlowDefinition } from "./flow.js";
import { quotedArgument } from "./quoted-argument.js";

export const pollAddOptionFlow: FlowDefinition = {
  name: "poll-add-option",
  steps: [
    { key: "poll", kind: "number", schema: z.string().regex(/^#?\d{1,9}$/) },
    { key: "option", kind: "text", schema: nonEmptyText(POLL_LIMITS.option.max) },
  ],
  commandLine: (answers: FlowAnswers) =>
    ["/poll add-option", (answers.poll ?? "").replace(/^#/, ""), quotedArgument(answers.option ?? "")].join(" "),
};
