// The durable inbox of platform updates (see src/core/update-inbox.ts).
// Written for every update a platform sends, so its two writes go straight
// to the driver (direct-sql.ts): a batch is one multi-row insert (Prisma's
// upsert is a transaction of three to five statements per row), and a
// handled update one delete.
import type { InboxEntry, UpdateInbox } from "../../core/update-inbox.js";
import type { Database, Db } from "../database.js";
import type { DirectSql } from "../direct-sql.js";
import { paramList, paramRows, type SqlDialect } from "../raw-sql.js";
import { TurnBatch } from "../turn-batch.js";

/** Keys in one delete or read: far below SQLite's limit on parameters. */
const MAX_KEYS_AT_ONCE = 500;
/** How long a handled update's delete waits for others (issue 16: one a routed request at 100 a second). */
const GATHER_LEAVING_MS = 50;

export class StoredUpdateInbox implements UpdateInbox {
  private readonly db: Db;
  private readonly direct: DirectSql;
  private readonly sql: SqlDialect;
  /** Handled updates, deleted together: those of GATHER_LEAVING_MS, or a full batch. */
  private readonly leaving = new TurnBatch<string, undefined>(
    (keys) => this.remove(keys),
    MAX_KEYS_AT_ONCE,
    GATHER_LEAVING_MS,
  );

  constructor(database: Database) {
    this.db = database.db;
    this.direct = database.direct;
    this.sql = database.direct.dialect;
  }

  async keep(platform: string, entries: readonly InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement: the platform is told only when the whole batch is stored.
    // A row already there (a redelivery) is kept as it is.
    const receivedAt = new Date();
    await this.direct.execute(
      `INSERT INTO ${this.sql.table("InboxUpdate")} ("id", "platform", "payload", "receivedAt") VALUES ${paramRows(this.sql, entries.length, 4)}
       ON CONFLICT ("id") DO NOTHING`,
      entries.flatMap((entry) => [keyOf(platform, entry.id), platform, entry.payload, receivedAt]),
    );
  }

  /**
   * Handled updates leave in one statement for all those done within
   * GATHER_LEAVING_MS (a burst finishes many at once; a steady stream a few).
   * A late delete is harmless: an update left behind is dropped as a
   * duplicate if drained.
   */
  async done(platform: string, id: string): Promise<void> {
    await this.leaving.add(keyOf(platform, id));
  }

  private async remove(keys: readonly string[]): Promise<undefined[]> {
    await this.direct.execute(
      `DELETE FROM ${this.sql.table("InboxUpdate")} WHERE "id" IN (${paramList(this.sql, 1, keys.length)})`,
      keys,
    );
    return keys.map(() => undefined);
  }

  async waiting(platform: string): Promise<InboxEntry[]> {
    const rows = await this.db.inboxUpdate.findMany({
      where: { platform },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({ id: row.id.slice(platform.length + 1), payload: row.payload }));
  }

  async waitingIds(platform: string): Promise<string[]> {
    const rows = await this.direct.query<{ id: string }>(
      `SELECT "id" FROM ${this.sql.table("InboxUpdate")} WHERE "platform" = ${this.sql.param(1)} ORDER BY "receivedAt", "id"`,
      [platform],
    );
    return rows.map((row) => row.id.slice(platform.length + 1));
  }

  async read(platform: string, ids: readonly string[]): Promise<InboxEntry[]> {
    const payloads = new Map<string, string>();
    for (let from = 0; from < ids.length; from += MAX_KEYS_AT_ONCE) {
      const keys = ids.slice(from, from + MAX_KEYS_AT_ONCE).map((id) => keyOf(platform, id));
      const rows = await this.direct.query<{ id: string; payload: string }>(
        `SELECT "id", "payload" FROM ${this.sql.table("InboxUpdate")} WHERE "id" IN (${paramList(this.sql, 1, keys.length)})`,
        keys,
      );
      for (const row of rows) payloads.set(row.id.slice(platform.length + 1), row.payload);
    }
    return ids.flatMap((id) => {
      const payload = payloads.get(id);
      return payload === undefined ? [] : [{ id, payload }];
    });
  }
}

function keyOf(platform: string, id: string): string {
  return `${platform}:${id}`;
}
