// /poll: quick polls. `/poll "Question?" "A" "B"` asks; the subcommands
// add-option, close, delete, edit, remind, list, read results and vote by typing.
import type { CommandSpec } from "../../../core/commands.js";
import type { PollsServices } from "../services.js";
import { addOptionSubcommand } from "./add-option.js";
import { closeSubcommand } from "./close.js";
import { createSubcommand } from "./create.js";
import { deleteSubcommand } from "./delete.js";
import { editSubcommand } from "./edit.js";
import { listSubcommand, resultsSubcommand } from "./list.js";
import { remindSubcommand } from "./remind.js";
import { voteSubcommand } from "./vote.js";

export function pollCommand(s: PollsServices): CommandSpec {
  return {
    name: "poll",
    personalData: "polls:personalData.poll",
    summary: "polls:summary",
    subcommands: {
      "add-option": addOptionSubcommand(s),
      close: closeSubcommand(s),
      delete: deleteSubcommand(s),
      edit: editSubcommand(s),
      remind: remindSubcommand(s),
      results: resultsSubcommand(s),
      list: listSubcommand(s),
      vote: voteSubcommand(s),
    },
    fallback: createSubcommand(s),
  };
}
