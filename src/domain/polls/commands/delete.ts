// /poll delete <id>: the creator or an admin deletes a poll. Its votes go;
// every copy is edited to say it was deleted (deleting.ts).
import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { satisfies } from "../../../core/roles.js";
import { deletePoll } from "../deleting.js";
import type { PollsServices } from "../services.js";
import { loadPoll } from "./shared.js";
import { onePollArgument } from "./suggestions.js";

export function deleteSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.delete",
    ...onePollArgument(s),
    async run(ctx, { args }) {
      const poll = await loadPoll(ctx, s, args[0]!);
      // Stricter than closing: deleting takes away everyone's votes, not just the chance to vote.
      const mayDelete = poll.createdByPersonId === ctx.person.id || satisfies(ctx.standing, "admin");
      if (!mayDelete) throw new UserError("polls:errors.notYoursToDelete", { id: poll.id });
      const result = await deletePoll(s, poll, ctx.person.id, ctx.completion);
      if (result.kind === "missing") throw new UserError("polls:errors.unknownPoll", { id: poll.id });
      await ctx.reply(ctx.t("polls:deleted", { id: poll.id, count: result.chats.length }));
    },
  };
}
