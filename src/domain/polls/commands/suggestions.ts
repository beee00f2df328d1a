// The poll ids people would otherwise copy (`/poll vote poll:`), offered as
// they type: the community's open polls, newest first.
import type { SubcommandSpec } from "../../../core/commands.js";
import type { Suggest } from "../../../core/suggestions.js";
import { clip } from "../../../core/text.js";
import type { PollsServices } from "../services.js";

const LOOKED_AT = 100;

export function suggestPolls(s: PollsServices, status: "open" | "closed" = "open"): Suggest {
  return async (ctx) => {
    if (!ctx.community) return [];
    const polls = await s.polls.list(ctx.community.id, status, LOOKED_AT);
    return polls.map((poll) => ({ value: String(poll.id), label: `#${poll.id} ${clip(poll.question, 80)}` }));
  };
}

/** The arguments of a subcommand that takes exactly one poll number (close, delete). */
export function onePollArgument(s: PollsServices): Pick<SubcommandSpec, "min" | "max" | "params"> {
  return { min: 1, max: 1, params: [{ name: "poll", description: "polls:options.poll", suggest: suggestPolls(s) }] };
}
