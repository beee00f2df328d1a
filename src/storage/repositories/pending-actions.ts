// Commands parked until their author opens a direct chat with the bot
// (Telegram: a t.me deep link that sends `/start <id>`). The id is random
// and grants nothing alone: only the identity that parked the command can
// take it, once, before it expires.
import { randomBytes } from "node:crypto";
import type { InboundEvent } from "../../core/events.js";
import type { PendingActions } from "../../core/ports.js";
import type { Db } from "../database.js";

export class StoredPendingActions implements PendingActions {
  constructor(private readonly db: Db) {}

  async park(event: InboundEvent, expiresAt: Date): Promise<string> {
    // 16 characters of A-Z a-z 0-9 _ -: what a Telegram start payload may carry.
    const id = randomBytes(12).toString("base64url");
    const { raw: _platformPayload, ...stored } = event;
    await this.db.pendingAction.create({
      data: { id, identityId: event.author.id, event: JSON.stringify(stored), expiresAt },
    });
    return id;
  }

  async take(id: string, identityId: string, now: Date): Promise<InboundEvent | undefined> {
    // Single use, even when two deliveries race: only one update matches.
    const taken = await this.db.pendingAction.updateMany({
      where: { id, identityId, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (taken.count !== 1) return undefined;
    const row = await this.db.pendingAction.findUnique({ where: { id } });
    if (!row) return undefined;
    const event = JSON.parse(row.event) as InboundEvent & { receivedAt: string };
    return { ...event, receivedAt: new Date(event.receivedAt) };
  }
}
