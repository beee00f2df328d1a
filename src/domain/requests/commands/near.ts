// `/request near [<place>] [--radius 500m]`: the community's open requests
// near a place, nearest first, so a neighbour can back one (+1) instead of
// filing it again. The place is a map link or coordinates in the command,
// else the last location the person shared with the bot.

import type { SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import { shownText } from "../../../core/redacted-text.js";
import { parseRadius } from "../distance.js";
import { formatDistance, nearestFirst } from "../nearby.js";
import { type Coordinates, findPlaceInText } from "../place-in-text.js";
import { quote } from "../presentation.js";
import type { RequestsServices } from "../services.js";
import { presentationFor } from "./shared.js";

export const DEFAULT_NEAR_RADIUS_M = 1000;
/** A phone screen's worth. */
const NEAR_SHOWN = 10;
/** How many open requests with a place are measured (the newest). */
const NEAR_CANDIDATES = 2000;

export function nearSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:media.nearUsage",
    max: 1,
    rest: true,
    params: [{ name: "place", description: "requests:media.nearPlaceOption" }],
    flags: { radius: { kind: "string", description: "requests:media.radiusOption" } },
    async run(ctx, { args, flags }) {
      const community = ctx.requireCommunity();
      const radiusText = text(flags, "radius");
      const radius = radiusText === undefined ? DEFAULT_NEAR_RADIUS_M : parseRadius(radiusText);
      const origin = await originOf(ctx, s, args[0]);
      const candidates = await s.repo.requests.openPlaced(community.id, NEAR_CANDIDATES);
      const near = nearestFirst(origin, candidates, radius);
      const shownRadius = formatDistance(radius);
      if (near.length === 0) {
        await ctx.reply(ctx.t("requests:media.nearNone", { radius: shownRadius }));
        return;
      }
      const p = await presentationFor(ctx, s, community.id);
      const lines: string[] = [];
      for (const { item, metres } of near.slice(0, NEAR_SHOWN)) {
        const view = await s.messenger.view(item);
        lines.push(
          ctx.t("requests:media.nearLine", {
            number: item.number,
            distance: formatDistance(metres),
            category: view.category.name,
            text: quote(
              shownText(item.description, () => p.t("requests:redacted")),
              60,
            ),
            count: item.supportCount,
          }),
        );
      }
      await ctx.reply({
        title: ctx.t("requests:media.nearTitle", { count: near.length, radius: shownRadius }),
        text: lines.join("\n"),
        footer: ctx.t("requests:media.nearFooter"),
      });
    },
  };
}

/** The place typed in the command, else the person's last shared location. */
async function originOf(ctx: HandlerContext, s: RequestsServices, typed: string | undefined): Promise<Coordinates> {
  if (typed !== undefined) {
    const place = findPlaceInText(typed);
    if (!place) throw new UserError("requests:errors.badAt", { input: typed.slice(0, 40) });
    return place;
  }
  const shared = await s.repo.sharedLocations.latest(ctx.person.id);
  if (!shared) throw new UserError("requests:media.nearNeedsPlace");
  return { lat: shared.lat, long: shared.long };
}
