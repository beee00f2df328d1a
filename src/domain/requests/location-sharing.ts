// A location or venue a resident shares (Telegram's location message). It is
// remembered as their last shared place, for /request near. When they filed
// a request in the same chat in the last minutes that has no place, the
// location becomes its place (cards re-rendered with the map link);
// otherwise the requests they file here in the next minutes take it
// (recentlySharedPlace, read by commands/file.ts).
// Either order works: "/request … then share", or "share then /request …".

import { UserError } from "../../core/errors.js";
import type { SharedPlace } from "../../core/events.js";
import type { LocationHandler } from "../../core/router.js";
import { inTransaction } from "../../storage/row-lock.js";
import { completing } from "../change-effects.js";
import { checkAddress, checkCoordinates } from "./limits.js";
import { placeText } from "./presentation.js";
import type { RequestRecord } from "./service-request-repository.js";
import type { RequestsServices } from "./services.js";

/** How long a shared location and a request filed in the same chat wait for each other. */
export const SHARED_PLACE_WINDOW_MS = 10 * 60_000;

/** The place this person shared in this chat within the window before `now`, if any. */
export async function recentlySharedPlace(s: RequestsServices, personId: string, chatId: string, now: Date) {
  const shared = await s.repo.sharedLocations.latest(personId);
  if (!shared || shared.chatId !== chatId) return undefined;
  if (now.getTime() - shared.sharedAt.getTime() > SHARED_PLACE_WINDOW_MS) return undefined;
  return {
    coordinates: { lat: shared.lat, long: shared.long },
    address: shared.address ?? undefined,
    placeName: shared.placeName ?? undefined,
  };
}

export function locationHandler(s: RequestsServices): LocationHandler {
  return async (ctx, shared) => {
    const place = checkedPlace(shared);
    const now = ctx.clock.now();
    const { store } = s.deps;
    const placed = await inTransaction(store.database, async (tx) => {
      await s.repo.sharedLocations.record(tx, ctx.person.id, ctx.chat.id, place, now);
      const since = new Date(now.getTime() - SHARED_PLACE_WINDOW_MS);
      const waiting = await s.repo.requests.placelessSince(ctx.person.id, ctx.chat.id, since, tx);
      let updated: RequestRecord | undefined;
      if (waiting) {
        const locked = await s.repo.requests.lock(tx, waiting.id);
        if (locked && locked.lat === null) {
          updated = await s.repo.requests.update(tx, locked.id, {
            lat: place.lat,
            long: place.long,
            placeName: place.venue?.title || locked.placeName,
            address: locked.address ?? (place.venue?.address || null),
            updatedAt: now,
          });
          await store.audit.record(
            {
              communityId: locked.communityId,
              actorPersonId: ctx.person.id,
              action: "request.place",
              subject: locked.number,
            },
            tx,
          );
          await s.messenger.refreshCards(updated, undefined, undefined, tx);
        }
      }
      await completing(ctx.completion)(tx, undefined);
      return updated;
    });
    s.messenger.wake();
    if (placed) {
      await ctx.reply(ctx.t("requests:media.placed", { number: placed.number, place: placeText(placed) ?? "" }));
      return;
    }
    await ctx.reply(ctx.t("requests:media.locationNoted", { minutes: SHARED_PLACE_WINDOW_MS / 60_000 }));
  };
}

/** The place within range, and a venue's words within the address limit. */
function checkedPlace(place: SharedPlace): SharedPlace {
  if (!checkCoordinates(place.lat, place.long)) {
    throw new UserError("requests:errors.badAt", { input: `${place.lat},${place.long}`.slice(0, 40) });
  }
  if (!place.venue) return { lat: place.lat, long: place.long };
  const title = place.venue.title.trim().slice(0, 120);
  const address = place.venue.address.trim() ? checkAddress(place.venue.address) : "";
  return { lat: place.lat, long: place.long, venue: { title, address } };
}
