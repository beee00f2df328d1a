// The durable inbox of platform updates (see src/core/update-inbox.ts).
import type { InboxEntry, UpdateInbox } from "../../core/update-inbox.js";
import type { Db } from "../database.js";

export class StoredUpdateInbox implements UpdateInbox {
  constructor(private readonly db: Db) {}

  async keep(platform: string, entries: readonly InboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // One transaction: the platform is told only when the whole batch is stored.
    await this.db.$transaction(
      entries.map((entry) =>
        this.db.inboxUpdate.upsert({
          where: { id: keyOf(platform, entry.id) },
          create: { id: keyOf(platform, entry.id), platform, payload: entry.payload },
          update: {},
        }),
      ),
    );
  }

  async done(platform: string, id: string): Promise<void> {
    await this.db.inboxUpdate.deleteMany({ where: { id: keyOf(platform, id) } });
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
