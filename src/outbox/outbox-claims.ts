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
import type { OutboxMessage } from "../storage/generated/sqlite/client.js";
import { placeholders, qualifiedTable } from "../storage/raw-sql.js";

export type OutboxRow = OutboxMessage;

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
}

export async function claimDestinationHeads(database: Database, request: OutboxClaimRequest): Promise<OutboxRow[]> {
  if (request.limit <= 0) return [];
  const rows =
    database.provider === "postgresql"
      ? await claimOnPostgres(database, request)
      : await claimOnSqlite(database, request);
  return rows.sort((a, b) => a.id - b.id);
}

async function claimOnPostgres(database: Database, request: OutboxClaimRequest): Promise<OutboxRow[]> {
  const table = qualifiedTable(database.target, "OutboxMessage");
  const { owner, now, leaseMs, limit } = request;
  const skip = request.skipPlatforms ?? [];
  const unsent = placeholders(5, UNSENT_STATUSES.length);
  const skipped =
    skip.length > 0 ? `AND c."platform" NOT IN (${placeholders(5 + UNSENT_STATUSES.length, skip.length)})` : "";
  const only = request.platform === undefined ? "" : `AND c."platform" = $${5 + UNSENT_STATUSES.length + skip.length}`;
  const sql = `
    UPDATE ${table} SET "status" = 'sending', "leaseOwner" = $1, "leaseExpiresAt" = $2, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT c."id" FROM ${table} c
      WHERE ((c."status" = 'pending' AND c."nextAttemptAt" <= $3) OR (c."status" = 'sending' AND c."leaseExpiresAt" < $3))
        ${skipped} ${only}
        AND NOT EXISTS (
          SELECT 1 FROM ${table} e
          WHERE e."destination" = c."destination" AND e."status" IN (${unsent}) AND e."id" < c."id")
      ORDER BY c."id"
      LIMIT $4
      FOR UPDATE OF c SKIP LOCKED)
    RETURNING *`;
  // Straight to the driver, but planned for its values each time: as a prepared statement it gets a
  // generic plan after five runs, and that plan claimed so slowly that a routed burst's cards starved
  // (issue 16: 891 of 3,000 in time against 3,000).
  return database.direct.queryPlanned<OutboxRow>(sql, [
    owner,
    new Date(now.getTime() + leaseMs),
    now,
    limit,
    ...UNSENT_STATUSES,
    ...skip,
    ...(request.platform === undefined ? [] : [request.platform]),
  ]);
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
