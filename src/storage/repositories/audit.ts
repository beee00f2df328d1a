// An append-only trail of who changed what.
import type { Db } from "../database.js";

export interface AuditRecord {
  communityId?: string;
  actorPersonId?: string;
  action: string;
  subject: string;
  detail?: Record<string, unknown>;
}

export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(entry: AuditRecord): Promise<void> {
    await this.db.auditEntry.create({
      data: {
        communityId: entry.communityId ?? null,
        actorPersonId: entry.actorPersonId ?? null,
        action: entry.action,
        subject: entry.subject,
        detail: JSON.stringify(entry.detail ?? {}),
      },
    });
  }

  async list(communityId: string, limit = 50) {
    return this.db.auditEntry.findMany({ where: { communityId }, orderBy: { createdAt: "desc" }, take: limit });
  }
}
