// `/request near [<place>] [--radius 500m]`: the community's open requests
// near a place, nearest first, so a neighbour can back one (+1) instead of
// filing it again. The place is a map link or coordinates in the command,
// else the last location the person shared with the bot. Each listed request
// has a +1 button; the guided /request's preview offers the same list for
// the place being filed ("📍 Nearby", nearby-button.ts).

import type { ActionSpec, SubcommandSpec } from "../../../core/commands.js";
import type { HandlerContext } from "../../../core/context.js";
import { UserError } from "../../../core/errors.js";
import { text } from "../../../core/flag-readers.js";
import type { Button, OutboundMessage } from "../../../core/messages.js";
import { shownText } from "../../../core/redacted-text.js";
import { completing } from "../../change-effects.js";
import { parseRadius } from "../distance.js";
import { parseAt } from "../limits.js";
import { formatDistance, nearestFirst } from "../nearby.js";
import { type Coordinates, findPlaceInText } from "../place-in-text.js";
import { quote } from "../presentation.js";
import type { RequestsServices } from "../services.js";
import { presentationFor, requestById } from "./shared.js";

export const DEFAULT_NEAR_RADIUS_M = 1000;
/** A button listing the open requests near a place: args [`lat,long`, radius in metres]. */
export const NEARBY_ACTION = "request.nearby";
/** A listed request's +1: args [request id, `lat,long`, radius], so the list is shown again with the new count. */
export const SUPPORT_ACTION = "request.support";
/** A phone screen's worth. */
const NEAR_SHOWN = 10;
/** How many open requests with a place are measured (the newest). */
const NEAR_CANDIDATES = 2000;
/** +1 buttons per row: phone-sized. */
const SUPPORT_BUTTONS_PER_ROW = 3;

export function nearSubcommand(s: RequestsServices): SubcommandSpec {
  return {
    usage: "requests:media.nearUsage",
    max: 1,
    rest: true,
    params: [{ name: "place", description: "requests:media.nearPlaceOption" }],
    flags: { radius: { kind: "string", description: "requests:media.radiusOption" } },
    async run(ctx, { args, flags }) {
      const radiusText = text(flags, "radius");
      const radius = radiusText === undefined ? DEFAULT_NEAR_RADIUS_M : parseRadius(radiusText);
      const origin = await originOf(ctx, s, args[0]);
      await ctx.reply(await nearbyList(ctx, s, origin, radius));
    },
  };
}

/** The "📍 Nearby" and "+1" buttons: the list for a place, and backing one of its requests. */
export function nearActions(s: RequestsServices): ActionSpec[] {
  return [
    {
      name: NEARBY_ACTION,
      async run(ctx, args) {
        await ctx.reply(await nearbyList(ctx, s, parseAt(args[0] ?? ""), radiusOf(args[1])));
      },
    },
    {
      name: SUPPORT_ACTION,
      async run(ctx, args) {
        const request = await requestById(s, args[0]);
        // The +1, its audit entry and the press's completion commit together.
        const result = await s.support.add(ctx.person.id, request, completing(ctx.completion));
        if (result.kind === "refused") {
          throw new UserError(`requests:support.${result.reason}`, { number: request.number });
        }
        ctx.toast(ctx.t("requests:support.added", { number: request.number, count: result.count }));
        await ctx.updateSource(await nearbyList(ctx, s, parseAt(args[1] ?? ""), radiusOf(args[2])));
      },
    },
  ];
}

/** The button that lists the open requests near a place. */
export function nearbyButton(t: HandlerContext["t"], place: Coordinates): Button {
  return {
    label: t("requests:media.nearbyButton"),
    action: NEARBY_ACTION,
    args: [at(place), String(DEFAULT_NEAR_RADIUS_M)],
  };
}

/** The open requests within `radius` metres of `origin`, nearest first, each with its +1 button. */
async function nearbyList(
  ctx: HandlerContext,
  s: RequestsServices,
  origin: Coordinates,
  radius: number,
): Promise<OutboundMessage> {
  const community = ctx.requireCommunity();
  const candidates = await s.repo.requests.openPlaced(community.id, NEAR_CANDIDATES);
  const near = nearestFirst(origin, candidates, radius);
  const shownRadius = formatDistance(radius);
  if (near.length === 0) return { text: ctx.t("requests:media.nearNone", { radius: shownRadius }) };
  const p = await presentationFor(ctx, s, community.id);
  const lines: string[] = [];
  const buttons: Button[] = [];
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
    buttons.push({
      label: ctx.t("requests:media.supportButton", { number: item.number }),
      action: SUPPORT_ACTION,
      args: [String(item.id), at(origin), String(radius)],
    });
  }
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += SUPPORT_BUTTONS_PER_ROW)
    rows.push(buttons.slice(i, i + SUPPORT_BUTTONS_PER_ROW));
  return {
    title: ctx.t("requests:media.nearTitle", { count: near.length, radius: shownRadius }),
    text: lines.join("\n"),
    footer: ctx.t("requests:media.nearFooter"),
    buttons: rows,
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

/** A button's radius; our own buttons carry a valid one. */
function radiusOf(raw: string | undefined): number {
  return raw === undefined ? DEFAULT_NEAR_RADIUS_M : parseRadius(raw);
}

/** Coordinates as a button carries them, read back by parseAt. */
function at(place: Coordinates): string {
  return `${place.lat},${place.long}`;
}
