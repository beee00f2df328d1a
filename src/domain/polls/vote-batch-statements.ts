// The statements a batch of votes on one poll takes (vote-batch.ts), each
// once a batch, not once a press, straight to the driver (direct-sql.ts):
// they run on every press of a burst. Every list is bounded by the batch
// size (group-commit.ts), far below either database's parameter limit.
// Integers are read through Number(): Prisma's raw queries (the fallback
// runner, prisma-sql-runner.ts) may give them as bigints.
import type { Database } from "../../storage/database.js";
import type { SqlRunner } from "../../storage/direct-sql.js";
import { paramList, paramRows, type SqlDialect } from "../../storage/raw-sql.js";
import type { LockedPoll } from "./poll-lock.js";

export interface VoteRow {
  personId: string;
  optionId: number;
}

export interface BallotRow {
  id: string;
  voterHash: string;
}

export class VoteBatchStatements {
  private readonly sql: SqlDialect;
  private readonly postgres: boolean;

  constructor(database: Pick<Database, "direct" | "provider">) {
    this.sql = database.direct.dialect;
    this.postgres = database.provider === "postgresql";
  }

  /**
   * poll-lock.ts's lockPollShared, as a direct statement, and then each
   * voter's votes on the poll, in one statement. The poll's row is shared
   * first (PostgreSQL; SQLite's write lock, taken by the transaction's
   * start, stands in) and read under the lock; then each person's votes are
   * locked, one person at a time (PostgreSQL: a transaction-scoped advisory
   * lock per person, keyed by the poll and a hash of the person; SQLite: its
   * one write lock stands in), in the order of their keys, so two batches
   * with people in common cannot deadlock. A missing poll locks no one.
   */
  async lockPollAndVoters(
    tx: SqlRunner,
    pollId: number,
    personIds: readonly string[],
  ): Promise<LockedPoll | undefined> {
    const [row] = await tx.query<{ status: string; version: number | bigint }>(
      this.lockSql(personIds.length),
      this.postgres ? [pollId, ...personIds] : [pollId],
    );
    return row ? { status: row.status, version: Number(row.version) } : undefined;
  }

  /** lockPollAndVoters's statement for `voters` people. */
  private lockSql(voters: number): string {
    const { param, table } = this.sql;
    if (!this.postgres)
      return `UPDATE ${table("Poll")} SET "id" = "id" WHERE "id" = ${param(1)} RETURNING "status", "version"`;
    // The poll's row is read (and shared) before the outer row's select list locks the voters: the
    // subquery there runs when that row is projected (lazily, as an init plan), never for a missing poll.
    const values = Array.from({ length: voters }, (_, i) => `($${i + 2}::text)`).join(", ");
    const locks =
      voters === 0
        ? "0"
        : `(SELECT count(*) FROM (SELECT DISTINCT hashtext(p) AS h FROM (VALUES ${values}) AS v(p) ORDER BY 1) AS ordered,
                   LATERAL pg_advisory_xact_lock($1::int4, ordered.h))`;
    return `WITH poll AS MATERIALIZED (SELECT "status", "version" FROM ${table("Poll")} WHERE "id" = $1 FOR SHARE)
            SELECT "status", "version", ${locks} AS "locked" FROM poll`;
  }

  /** Each person's current option ids on the poll (a person with none is absent). */
  async optionIdsOf(tx: SqlRunner, pollId: number, personIds: readonly string[]): Promise<Map<string, number[]>> {
    const { param, table } = this.sql;
    const rows = await tx.query<{ personId: string; optionId: number | bigint }>(
      `SELECT "personId", "optionId" FROM ${table("Vote")}
        WHERE "pollId" = ${param(1)} AND "personId" IN (${paramList(this.sql, 2, personIds.length)})`,
      [pollId, ...personIds],
    );
    const byPerson = new Map<string, number[]>();
    for (const row of rows) {
      const ids = byPerson.get(row.personId);
      if (ids) ids.push(Number(row.optionId));
      else byPerson.set(row.personId, [Number(row.optionId)]);
    }
    return byPerson;
  }

  /** Which of these voter keys have a ballot on the poll (anonymous polls). */
  async ballotsAmong(tx: SqlRunner, pollId: number, voterHashes: readonly string[]): Promise<Set<string>> {
    const { param, table } = this.sql;
    const rows = await tx.query<{ voterHash: string }>(
      `SELECT "voterHash" FROM ${table("AnonymousBallot")}
        WHERE "pollId" = ${param(1)} AND "voterHash" IN (${paramList(this.sql, 2, voterHashes.length)})`,
      [pollId, ...voterHashes],
    );
    return new Set(rows.map((row) => row.voterHash));
  }

  /** Adds votes in one statement, in this order (the order people chose in: votersByOption reads it). */
  async insert(tx: SqlRunner, pollId: number, rows: readonly VoteRow[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await tx.execute(
      `INSERT INTO ${this.sql.table("Vote")} ("pollId", "optionId", "personId", "createdAt") VALUES ${paramRows(this.sql, rows.length, 4)}`,
      rows.flatMap((row) => [pollId, row.optionId, row.personId, at]),
    );
  }

  /** Takes votes back in one statement. */
  async remove(tx: SqlRunner, pollId: number, rows: readonly VoteRow[]): Promise<void> {
    if (rows.length === 0) return;
    const { param, table } = this.sql;
    const pairs = rows.map((_, i) => `("personId" = ${param(2 * i + 2)} AND "optionId" = ${param(2 * i + 3)})`);
    await tx.execute(`DELETE FROM ${table("Vote")} WHERE "pollId" = ${param(1)} AND (${pairs.join(" OR ")})`, [
      pollId,
      ...rows.flatMap((row) => [row.personId, row.optionId]),
    ]);
  }

  /** Anonymous ballots in one statement, and each option's counter raised by its count. */
  async castAnonymously(
    tx: SqlRunner,
    pollId: number,
    ballots: readonly BallotRow[],
    counts: ReadonlyMap<number, number>,
  ): Promise<void> {
    if (ballots.length === 0) return;
    const { param, table } = this.sql;
    await tx.execute(
      `INSERT INTO ${table("AnonymousBallot")} ("id", "pollId", "voterHash") VALUES ${paramRows(this.sql, ballots.length, 3)}`,
      ballots.flatMap((ballot) => [ballot.id, pollId, ballot.voterHash]),
    );
    for (const [optionId, count] of counts) {
      await tx.execute(
        `UPDATE ${table("PollOption")} SET "anonymousCount" = "anonymousCount" + ${param(1)} WHERE "id" = ${param(2)}`,
        [count, optionId],
      );
    }
  }
}
