// The last place each person shared with the bot: it places a request they
// file soon after, and centres their /request near.
import type { SharedPlace } from "../../core/events.js";
import type { Database } from "../../storage/database.js";
import { timeOf } from "../../storage/direct-sql.js";
import type { SharedLocation } from "../../storage/generated/sqlite/client.js";
import { dialectOf, type SqlDialect } from "../../storage/raw-sql.js";
import type { Tx } from "../../storage/repositories/people.js";

export type SharedLocationRecord = SharedLocation;

export class SharedLocationRepository {
  private readonly sql: SqlDialect;

  constructor(private readonly database: Database) {
    this.sql = dialectOf(database);
  }

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

  /** Plain SQL, straight to the driver: every /request without a typed place asks (issue 16). */
  async latest(personId: string): Promise<SharedLocationRecord | undefined> {
    const { table, param } = this.sql;
    const [row] = await this.database.direct.query<
      Omit<SharedLocationRecord, "lat" | "long" | "sharedAt"> & { lat: unknown; long: unknown; sharedAt: unknown }
    >(
      `SELECT "personId", "chatId", "lat", "long", "placeName", "address", "sharedAt"
         FROM ${table("SharedLocation")} WHERE "personId" = ${param(1)}`,
      [personId],
    );
    return row ? { ...row, lat: Number(row.lat), long: Number(row.long), sharedAt: timeOf(row.sharedAt) } : undefined;
  }
}
