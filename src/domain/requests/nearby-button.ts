// The guided /request's "📍 Nearby": when the request being filed has a place
// as coordinates, read as commands/file.ts reads it (a map link or
// coordinates in its words, else a location shared in this chat just
// before), its preview offers the open requests near that place, so the
// resident can back one instead of filing a duplicate.
import type { HandlerContext } from "../../core/context.js";
import type { Button } from "../../core/messages.js";
import { nearbyButton } from "./commands/near.js";
import { recentlySharedPlace } from "./location-sharing.js";
import { findPlaceInText } from "./place-in-text.js";
import type { RequestsServices } from "./services.js";

/** `words`: the pieces of the request being filed (category, description, where); none, one or the Nearby button. */
export async function nearbyButtons(
  s: RequestsServices,
  ctx: HandlerContext,
  words: readonly (string | undefined)[],
): Promise<Button[]> {
  const typed = findPlaceInText(words.filter(Boolean).join(" "));
  const place = typed ?? (await recentlySharedPlace(s, ctx.person.id, ctx.chat.id, ctx.clock.now()))?.coordinates;
  return place ? [nearbyButton(ctx.t, place)] : [];
}
