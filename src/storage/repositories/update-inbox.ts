// The durable inbox of platform updates (see src/core/update-inbox.ts).
// Written for every update a platform sends, so its two writes are plain SQL:
// a batch is one multi-row insert (Prisma's upsert is a transaction of three
// to five statements per row), and a handled update one delete.
import type { InboxEntry, UpdateInbox } from "../../core/update-inbox.js";
import type { Database, Db } from "../database.js";
import { dialectOf, type SqlDialect } from "../raw-sql.js";

export class StoredUpdateInbox implements UpdateInbox {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  async keep(platform: string, entries: readonly InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement: the platform is told only when the whole batch is stored.
    // A row already there (a redelivery) is kept as it is.
    const receivedAt = new Date();
    const values: unknown[] = [];
    const rows = entries.map((entry) => {
      values.push(keyOf(platform, entry.id), platform, entry.payload, receivedAt);
      const n = values.length;
      return `(${[n - 3, n - 2, n - 1, n].map((i) => this.sql.param(i)).join(", ")})`;
    });
    await this.db.$executeRawUnsafe(
      `INSERT INTO ${this.sql.table("InboxUpdate")} ("id", "platform", "payload", "receivedAt") VALUES ${rows.join(", ")}
       ON CONFLICT ("id") DO NOTHING`,
      ...values,
    );
  }

  async done(platform: string, id: string): Promise<void> {
    await this.db.$executeRawUnsafe(
      `DELETE FROM ${this.sql.table("InboxUpdate")} WHERE "id" = ${this.sql.param(1)}`,
      keyOf(platform, id),
    );
  }

  async waiting(platform: string): Promise<InboxEntry[]> {
    const rows = await this.db.inboxUpdate.findMany({
      where: { platform },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    });
    return rows.map((row) => ({ id: row.id.slice(platform.length + 1), payload: row.payload }));
  }
}

function keyOf(platform: string, id: string): string {
  return `${platform}:${id}`;
}
