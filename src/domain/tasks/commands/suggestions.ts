// The task ids people would otherwise copy (`/task join task:`), offered as
// they type: the community's shifts that are still ahead, soonest first.
import type { Suggest, Suggestion } from "../../../core/suggestions.js";
import { clip } from "../../../core/text.js";
import { formatWhen } from "../../time/format-when.js";
import type { TasksServices } from "../services.js";

/** More than a picker shows, so that typing a word still finds a later shift. */
const LOOKED_AT = 100;

/**
 * Open shifts of the asker's community: from now on, or from `sinceDays` ago
 * (marking a shift done comes after it); with `mine`, only the asker's.
 */
export function suggestTasks(s: TasksServices, options: { mine?: boolean; sinceDays?: number } = {}): Suggest {
  return async (ctx) => {
    const community = ctx.community;
    if (!community) return [];
    const now = ctx.clock.now();
    const items = await s.tasks.list({
      communityId: community.id,
      statuses: ["open"],
      from: new Date(now.getTime() - (options.sinceDays ?? 0) * 86_400_000),
      ...(options.mine ? { personId: ctx.person.id } : {}),
      limit: LOOKED_AT,
    });
    return items.map(
      ({ task }): Suggestion => ({
        value: String(task.id),
        label: `#${task.id} ${clip(task.title, 50)} · ${formatWhen(task.startsAt, ctx.locale, community.timezone)}`,
      }),
    );
  };
}
