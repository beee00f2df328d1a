// An append-only trail of who changed what. The class offers writing and
// reading only: no update, no delete. Retention is the one sanctioned
// rewrite, and an architecture test (test/storage/audit-append-only.test.ts)
// keeps every other file away from auditEntry updates and deletes.
import { newCuid } from "../cuid.js";
import type { Database, Db } from "../database.js";
import { type AnyTx, runnerOf } from "../prisma-sql-runner.js";
import { dialectOf, insertReturningId, type SqlDialect } from "../raw-sql.js";

/** A value an entry saw before or after the change: small, and never a private message's body. */
export type AuditValue = string | number | boolean | null | { [key: string]: AuditValue } | AuditValue[];

export interface AuditRecord {
  communityId?: string;
  actorPersonId?: string;
  /** What happened, dotted: "role.set", "hours.approve", "request.status". */
  action: string;
  /** What it happened to: "task:12", "K-1042", a person's id. */
  subject: string;
  /** The state the change replaced, and the one it made. */
  before?: AuditValue;
  after?: AuditValue;
  /** Anything else worth keeping (counts, ids); no free text from private chats. */
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  communityId: string;
  since?: Date;
  actorPersonId?: string;
  /** An exact action, or a family: "request" matches "request.status" too. */
  action?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface AuditLine {
  id: string;
  actorPersonId: string | null;
  action: string;
  subject: string;
  before: AuditValue | undefined;
  after: AuditValue | undefined;
  detail: Record<string, unknown>;
  createdAt: Date;
}

export interface AuditPage {
  entries: AuditLine[];
  total: number;
}

export class AuditLog {
  private readonly db: Db;
  private readonly sql: SqlDialect;

  constructor(database: Database) {
    this.db = database.db;
    this.sql = dialectOf(database);
  }

  /**
   * Appends an entry; with `client`, inside the change's own transaction, so the change and its entry commit together.
   * Plain SQL: most changes write one, every filed request among them (issue 16).
   */
  async record(entry: AuditRecord, client: AnyTx = this.db): Promise<void> {
    const detail: Record<string, unknown> = { ...(entry.detail ?? {}) };
    if (entry.before !== undefined) detail.before = entry.before;
    if (entry.after !== undefined) detail.after = entry.after;
    const [statement, values] = insertReturningId(this.sql, "AuditEntry", {
      id: newCuid(),
      communityId: entry.communityId ?? null,
      actorPersonId: entry.actorPersonId ?? null,
      action: entry.action,
      subject: entry.subject,
      detail: JSON.stringify(detail),
      createdAt: new Date(),
    });
    await runnerOf(client).query(statement, values);
  }

  /** Newest first. */
  async page(query: AuditQuery): Promise<AuditPage> {
    const where = {
      communityId: query.communityId,
      ...(query.since ? { createdAt: { gte: query.since } } : {}),
      ...(query.actorPersonId ? { actorPersonId: query.actorPersonId } : {}),
      ...(query.action ? { OR: [{ action: query.action }, { action: { startsWith: `${query.action}.` } }] } : {}),
    };
    const [rows, total] = await Promise.all([
      this.db.auditEntry.findMany({
        where,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        skip: (query.page - 1) * query.pageSize,
        take: query.pageSize,
      }),
      this.db.auditEntry.count({ where }),
    ]);
    return { entries: rows.map(toLine), total };
  }
}

function toLine(row: {
  id: string;
  actorPersonId: string | null;
  action: string;
  subject: string;
  detail: string;
  createdAt: Date;
}): AuditLine {
  const { before, after, ...detail } = parseDetail(row.detail);
  return {
    id: row.id,
    actorPersonId: row.actorPersonId,
    action: row.action,
    subject: row.subject,
    before: before as AuditValue | undefined,
    after: after as AuditValue | undefined,
    detail,
    createdAt: row.createdAt,
  };
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
