// Claiming due jobs so that each runs on exactly one instance. A claim marks
// the row `running` with this instance as lease owner until `leaseExpiresAt`;
// a row whose lease expired (its instance died mid-run) is claimable again.
//
// PostgreSQL: one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`, so
// concurrent instances take disjoint rows without waiting on each other.
//
// SQLite: a compare-and-set update per candidate; the conditions that made the
// row claimable are part of its WHERE, so of two instances racing for one row
// exactly one update matches. No multi-statement transaction on purpose:
// the better-sqlite3 adapter opens deferred transactions on the process's one
// connection, so unrelated queries of this process would run inside it, and a
// read-then-write transaction that meets another process's write lock fails
// with SQLITE_BUSY instead of waiting. Each single statement is atomic and
// waits politely on the busy timeout.

import { compareAndSet } from "../storage/compare-and-set.js";
import type { Database } from "../storage/database.js";
import type { Job } from "../storage/generated/sqlite/client.js";
import { placeholders, qualifiedTable } from "../storage/raw-sql.js";

export type JobRow = Job;

/** Bound on candidate reads per SQLite claim when other instances keep winning the rows. */
const MAX_SQLITE_READS = 10;

export interface JobClaimRequest {
  /** The claiming instance (lease owner). */
  owner: string;
  now: Date;
  leaseMs: number;
  /** Most jobs to claim. */
  limit: number;
  /** Only kinds this instance can run: an older instance in a rolling deploy leaves newer kinds alone. */
  kinds: readonly string[];
}

export async function claimDueJobs(database: Database, request: JobClaimRequest): Promise<JobRow[]> {
  if (request.limit <= 0 || request.kinds.length === 0) return [];
  const claimed =
    database.provider === "postgresql"
      ? await claimOnPostgres(database, request)
      : await claimOnSqlite(database, request);
  return claimed.sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

async function claimOnPostgres(database: Database, request: JobClaimRequest): Promise<JobRow[]> {
  const job = qualifiedTable(database.target, "Job");
  const { owner, now, leaseMs, limit, kinds } = request;
  const sql = `
    UPDATE ${job} SET "status" = 'running', "leaseOwner" = $1, "leaseExpiresAt" = $2,
                      "attempts" = "attempts" + 1, "updatedAt" = $3
    WHERE "id" IN (
      SELECT "id" FROM ${job}
      WHERE "kind" IN (${placeholders(5, kinds.length)})
        AND (("status" = 'pending' AND "runAt" <= $3) OR ("status" = 'running' AND "leaseExpiresAt" < $3))
      ORDER BY "runAt"
      LIMIT $4
      FOR UPDATE SKIP LOCKED)
    RETURNING *`;
  return database.db.$queryRawUnsafe<JobRow[]>(sql, owner, new Date(now.getTime() + leaseMs), now, limit, ...kinds);
}

async function claimOnSqlite(database: Database, request: JobClaimRequest): Promise<JobRow[]> {
  const { db } = database;
  const { owner, now, leaseMs, limit, kinds } = request;
  const claimable = {
    kind: { in: [...kinds] },
    OR: [
      { status: "pending", runAt: { lte: now } },
      { status: "running", leaseExpiresAt: { lt: now } },
    ],
  };
  const won: JobRow[] = [];
  // Rows lost to another instance are running now, so the next read skips
  // them; reading again keeps a slower instance from giving up its tick.
  for (let read = 0; won.length < limit && read < MAX_SQLITE_READS; read++) {
    const candidates = await db.job.findMany({
      where: claimable,
      orderBy: { runAt: "asc" },
      take: limit - won.length,
      select: { id: true },
    });
    if (candidates.length === 0) break;
    for (const { id } of candidates) {
      const row = await compareAndSet(() =>
        db.job.update({
          where: { id, ...claimable },
          data: {
            status: "running",
            leaseOwner: owner,
            leaseExpiresAt: new Date(now.getTime() + leaseMs),
            attempts: { increment: 1 },
            updatedAt: now,
          },
        }),
      );
      if (row) won.push(row);
    }
  }
  return won;
}
