// Claiming outbox rows so that two instances never send the same row and each
// chat gets its messages in order. Only the head of a destination (its oldest
// unsent row, `pending` or `sending`) is claimable; the rows behind it wait
// until it is sent or dead. A head stays the head until then (ids only grow),
// so checking "is the head" and claiming need not be one atomic step; the
// claim itself is.
//
// PostgreSQL: one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`.
// SQLite: a compare-and-set update per candidate (see
// scheduler/job-claims.ts for why not a multi-statement transaction).
import { compareAndSet } from "../storage/compare-and-set.js";
import type { Database, Db } from "../storage/database.js";
import type { SqlValue } from "../storage/direct-sql.js";
import type { OutboxMessage } from "../storage/generated/sqlite/client.js";
import { placeholders, qualifiedTable } from "../storage/raw-sql.js";

export type OutboxRow = OutboxMessage;

/** How far back a chat's sends are read for its pace: the longest window, and the most sends any rule counts. */
export interface SendHistory {
  windowMs: number;
  count: number;
}

/** A chat's sends read along with the claim of its head: their times (ms), as far back as `history` reached. */
export interface RecentSends {
  history: SendHistory;
  times: number[];
}

/** A claimed row; on PostgreSQL, with `history` asked for, its chat's recent sends came with it. */
export type ClaimedRow = OutboxRow & { recentSends?: RecentSends };

/** Bound on head reads per SQLite claim when other instances keep winning the rows. */
const MAX_SQLITE_READS = 10;

/** Rows that still hold their destination's place in line. */
export const UNSENT_STATUSES = ["pending", "sending"];

export interface OutboxClaimRequest {
  owner: string;
  now: Date;
  leaseMs: number;
  limit: number;
  /** Platforms whose rows are left for later (their send queue is long now). */
  skipPlatforms?: readonly string[];
  /** Only this platform's rows (the dispatcher gives each platform places of its own). */
  platform?: string;
  /**
   * Read each claimed row's chat's recent sends in the claim's own statement
   * (PostgreSQL; issue 16: a statement less a paced message). Without it, or
   * on SQLite, the dispatcher reads them (Outbox.recentSendTimes).
   */
  history?: SendHistory;
}

export async function claimDestinationHeads(database: Database, request: OutboxClaimRequest): Promise<ClaimedRow[]> {
  if (request.limit <= 0) return [];
  const rows =
    database.provider === "postgresql"
      ? await claimOnPostgres(database, request)
      : await claimOnSqlite(database, request);
  return rows.sort((a, b) => a.id - b.id);
}

async function claimOnPostgres(database: Database, request: OutboxClaimRequest): Promise<ClaimedRow[]> {
  const table = qualifiedTable(database.target, "OutboxMessage");
  const { owner, now, leaseMs, limit, history } = request;
  const skip = request.skipPlatforms ?? [];
  const unsent = placeholders(5, UNSENT_STATUSES.length);
  const values: SqlValue[] = [owner, new Date(now.getTime() + leaseMs), now, limit, ...UNSENT_STATUSES];
  const next = (value: SqlValue) => `$${values.push(value)}`;
  const skipped = skip.length > 0 ? `AND c."platform" NOT IN (${skip.map(next).join(", ")})` : "";
  const only = request.platform === undefined ? "" : `AND c."platform" = ${next(request.platform)}`;
  // The chat's sends, newest first, as Outbox.recentSendTimes reads them: only the head of a chat is
  // ever in flight, so none can be added between this claim and the row's send.
  const recent = history
    ? `, (SELECT json_agg(floor(extract(epoch FROM r."sentAt") * 1000)) FROM (
          SELECT s."sentAt" FROM ${table} s
          WHERE s."destination" = o."destination" AND s."status" = 'sent'
            AND s."sentAt" > ${next(new Date(now.getTime() - history.windowMs))}
          ORDER BY s."id" DESC LIMIT ${next(history.count)}) r) AS "recentSentAt"`
    : "";
  const sql = `
    UPDATE ${table} AS o SET "status" = 'sending', "leaseOwner" = $1, "leaseExpiresAt" = $2, "attempts" = o."attempts" + 1
    WHERE o."id" IN (
      SELECT c."id" FROM ${table} c
      WHERE ((c."status" = 'pending' AND c."nextAttemptAt" <= $3) OR (c."status" = 'sending' AND c."leaseExpiresAt" < $3))
        ${skipped} ${only}
        AND NOT EXISTS (
          SELECT 1 FROM ${table} e
          WHERE e."destination" = c."destination" AND e."status" IN (${unsent}) AND e."id" < c."id")
      ORDER BY c."id"
      LIMIT $4
      FOR UPDATE OF c SKIP LOCKED)
    RETURNING o.*${recent}`;
  // Straight to the driver, but planned for its values each time: as a prepared statement it gets a
  // generic plan after five runs, and that plan claimed so slowly that a routed burst's cards starved
  // (issue 16: 891 of 3,000 in time against 3,000).
  const rows = await database.direct.queryPlanned<OutboxRow & { recentSentAt?: number[] | null }>(sql, values);
  return rows.map(({ recentSentAt, ...row }) =>
    history ? { ...row, recentSends: { history, times: recentSentAt ?? [] } } : row,
  );
}

/** The id of each destination's oldest unsent row. */
export async function destinationHeadIds(db: Db): Promise<number[]> {
  const heads = await db.outboxMessage.groupBy({
    by: ["destination"],
    where: { status: { in: UNSENT_STATUSES } },
    _min: { id: true },
  });
  return heads.map((head) => head._min.id).filter((id): id is number => id !== null);
}

async function claimOnSqlite(database: Database, request: OutboxClaimRequest): Promise<OutboxRow[]> {
  const { db } = database;
  const { owner, now, leaseMs, limit } = request;
  const claimable = {
    OR: [
      { status: "pending", nextAttemptAt: { lte: now } },
      { status: "sending", leaseExpiresAt: { lt: now } },
    ],
  };
  const won: OutboxRow[] = [];
  // A head lost to another instance is `sending` now, so the next read skips it.
  for (let read = 0; won.length < limit && read < MAX_SQLITE_READS; read++) {
    const headIds = await destinationHeadIds(db);
    if (headIds.length === 0) break;
    const candidates = await db.outboxMessage.findMany({
      where: {
        id: { in: headIds },
        ...claimable,
        ...(request.platform !== undefined
          ? { platform: request.platform }
          : request.skipPlatforms?.length
            ? { platform: { notIn: [...request.skipPlatforms] } }
            : {}),
      },
      orderBy: { id: "asc" },
      take: limit - won.length,
      select: { id: true },
    });
    if (candidates.length === 0) break;
    for (const { id } of candidates) {
      const row = await compareAndSet(() =>
        db.outboxMessage.update({
          where: { id, ...claimable },
          data: {
            status: "sending",
            leaseOwner: owner,
            leaseExpiresAt: new Date(now.getTime() + leaseMs),
            attempts: { increment: 1 },
          },
        }),
      );
      if (row) won.push(row);
    }
  }
  return won;
}
