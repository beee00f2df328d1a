// The last place each person shared with the bot: it places a request they
// file soon after, and centres their /request near.
import type { SharedPlace } from "../../core/events.js";
import type { Db } from "../../storage/database.js";
import type { SharedLocation } from "../../storage/generated/sqlite/client.js";
import type { Tx } from "../../storage/repositories/people.js";

export type SharedLocationRecord = SharedLocation;

export class SharedLocationRepository {
  constructor(private readonly db: Db) {}

  async record(tx: Tx, personId: string, chatId: string, place: SharedPlace, sharedAt: Date): Promise<void> {
    const data = {
      chatId,
      lat: place.lat,
      long: place.long,
      placeName: place.venue?.title || null,
      address: place.venue?.address || null,
      sharedAt,
    };
    await tx.sharedLocation.upsert({ where: { personId }, create: { personId, ...data }, update: data });
  }

  async latest(personId: string): Promise<SharedLocationRecord | undefined> {
    return (await this.db.sharedLocation.findUnique({ where: { personId } })) ?? undefined;
  }
}
