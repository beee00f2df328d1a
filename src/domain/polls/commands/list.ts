// /poll list [open|closed|scheduled] and /poll results <id>.

import type { SubcommandSpec } from "../../../core/commands.js";
import { UserError } from "../../../core/errors.js";
import { clip } from "../../../core/text.js";
import { renderListLine } from "../poll-card.js";
import type { PollStatus } from "../poll-repository.js";
import type { PollsServices } from "../services.js";
import { readerPresentation } from "./shared.js";
import { suggestPolls } from "./suggestions.js";
import { showResults } from "./vote.js";

/** Lines per list: more than this is a wall of text in a chat. */
const LIMIT = 20;
const VIEWS: readonly PollStatus[] = ["open", "closed", "scheduled"];

export function listSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.list",
    personal: true,
    max: 1,
    params: [{ name: "view", description: "polls:options.view", choices: VIEWS }],
    async run(ctx, { args }) {
      const community = ctx.requireCommunity();
      const wanted = (args[0] ?? "open").toLowerCase();
      if (!isView(wanted)) throw new UserError("polls:errors.badListView", { input: clip(wanted, 20) });
      const [polls, total] = await Promise.all([
        s.polls.list(community.id, wanted, LIMIT),
        s.polls.count(community.id, wanted),
      ]);
      const p = await readerPresentation(ctx, s, { communityId: community.id });
      const lines: string[] = [];
      for (const poll of polls) lines.push(renderListLine(poll, await s.polls.tally(poll), p));
      if (total > polls.length) lines.push(ctx.t("polls:list.more", { count: total - polls.length }));
      // Polls still to be posted are listed apart; the open list says they are there.
      const scheduled = wanted === "open" ? await s.polls.count(community.id, "scheduled") : 0;
      if (scheduled > 0) lines.push("", ctx.t("polls:list.scheduledToo", { count: scheduled }));
      await ctx.reply({
        title: ctx.t(`polls:list.title.${wanted}`),
        text: lines.length ? lines.join("\n") : ctx.t(`polls:list.empty.${wanted}`),
        footer: lines.length ? ctx.t("polls:list.footer") : undefined,
      });
    },
  };
}

export function resultsSubcommand(s: PollsServices): SubcommandSpec {
  return {
    usage: "polls:usage.results",
    privateAnswer: true,
    min: 1,
    max: 1,
    params: [{ name: "poll", description: "polls:options.poll", suggest: suggestPolls(s) }],
    run: (ctx, { args }) => showResults(ctx, s, args[0]!),
  };
}

function isView(value: string): value is PollStatus {
  return (VIEWS as readonly string[]).includes(value);
}
