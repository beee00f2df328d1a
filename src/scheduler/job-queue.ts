// Durable, database-held jobs: reminders, poll closes, escalations. The Job
// table is the truth; a restart or a second instance neither loses nor doubles
// a job. `tick()` (driven by the Ticker) claims due jobs and runs them.
//
// A claim is a lease, renewed while the handler runs (core/lease-renewal.ts), so a
// long job is not taken by a second instance; the lease stays short (60 s) so
// the job of an instance that died is retaken soon. A run whose lease is lost
// is aborted through `job.signal`, and its outcome is refused. A handler may
// commit its effects and its completion in one transaction (`job.completeIn`),
// so a crash leaves the job either done with its effects or not done without them.
//
//   pending --claim--> running --ok--> done
//                         |--error--> pending (later, exponential backoff) ... --> dead
//                         |--tooLate--> dropped

import { type BackoffPolicy, exponentialBackoffMs } from "../core/backoff.js";
import type { Clock } from "../core/clock.js";
import { newInstanceId } from "../core/instance-id.js";
import { keepLeaseRenewed, LeaseLostError } from "../core/lease-renewal.js";
import type { Logger } from "../core/logger.js";
import { compareAndSet } from "../storage/compare-and-set.js";
import { newCuid } from "../storage/cuid.js";
import type { Database, Db } from "../storage/database.js";
import type { SqlValue } from "../storage/direct-sql.js";
import { type AnyTx, runnerOf } from "../storage/prisma-sql-runner.js";
import { dialectOf, paramList, quoteIdentifier } from "../storage/raw-sql.js";
import type { Tx } from "../storage/repositories/people.js";
import { claimDueJobs, type JobRow } from "./job-claims.js";

/** What a handler learns about the job it runs. */
export interface JobInfo {
  id: string;
  kind: string;
  runAt: Date;
  /** Attempts so far, this one included (1 on the first run). */
  attempts: number;
  maxAttempts: number;
  dedupeKey: string | null;
}

/** What a running handler gets besides the facts: its lease's signal, and completion inside its own transaction. */
export interface RunningJob extends JobInfo {
  /** Aborted (reason: LeaseLostError) when this run's lease is lost; the handler should stop, its outcome is discarded. */
  signal: AbortSignal;
  /**
   * Marks the job done inside the handler's transaction, so that its effects
   * (state changes, outbox rows, jobs it schedules) and its completion commit
   * together or not at all. Throws LeaseLostError, rolling the transaction
   * back, when this run no longer holds the job.
   */
  completeIn(tx: Tx): Promise<void>;
}

/**
 * Runs one kind of job. The payload is what `schedule` was given, after a JSON
 * round trip; a handler that declares `P` vouches for its kind's payloads.
 */
export interface JobHandler<P = unknown> {
  run(payload: P, job: RunningJob): Promise<void>;
  /**
   * True when running now would be wrong (a reminder for a shift that already
   * started, after downtime). Such jobs are dropped with a log line, not run.
   */
  tooLate?(payload: P, job: JobInfo, now: Date): boolean;
}

export interface ScheduleOptions {
  /** One job per key: scheduling again updates the job instead of adding one. */
  dedupeKey?: string;
  maxAttempts?: number;
  /**
   * With a dedupeKey: a job of that key still pending keeps its earlier run
   * time (only its payload is updated), so a steady stream of schedules
   * cannot postpone it forever (a debounce with a deadline).
   */
  keepEarlierRun?: boolean;
  /** Writes the job in the caller's transaction, so it exists exactly when the change that asks for it does. */
  tx?: AnyTx;
}

/** Anything that can write a job row: the client, or a transaction client. */
export type JobWriter = Pick<Db, "job" | "$queryRawUnsafe">;

/** Hooks for metrics; every one optional. */
export interface JobQueueObserver {
  /** A job starts; `lagSeconds` is start time minus its runAt. */
  jobStarted?(kind: string, lagSeconds: number): void;
  jobDead?(kind: string): void;
  jobDropped?(kind: string): void;
  databaseError?(source: string, error: unknown): void;
}

export interface JobQueueOptions {
  /** Lease owner written on claimed rows; unique per process by default. */
  instanceId?: string;
  /** Most jobs this instance runs at once. */
  concurrency?: number;
  /** How long a claim holds unless renewed; renewed while the job runs, so it bounds how soon a dead instance's job is retaken. */
  leaseMs?: number;
  /** How often a running job's lease is renewed; a third of the lease by default. */
  renewEveryMs?: number;
  backoff?: BackoffPolicy;
  defaultMaxAttempts?: number;
  /** Bound on claim rounds per tick, so one tick cannot run forever. */
  maxRoundsPerTick?: number;
}

/**
 * Points where a test makes a run "crash": a hook that throws stops the run
 * there as a killed process would, the queue recording nothing (the lease
 * runs out and the job is retaken). For proving that a crash at that point
 * neither loses nor doubles a job's effects.
 */
export interface JobFaults {
  /** In `completeIn`, after the handler's effects, before its completion is written: its transaction rolls back. */
  beforeCompletion?(job: JobInfo): void;
  /** After the handler returned (its transaction committed), before the queue records the outcome. */
  afterRun?(job: JobInfo): void;
}

export interface JobQueueDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  observer?: JobQueueObserver;
  faults?: JobFaults;
}

export interface TickResult {
  done: number;
  retried: number;
  dead: number;
  dropped: number;
}

const DEFAULTS = {
  concurrency: 4,
  leaseMs: 60_000,
  backoff: { baseMs: 30_000, maxMs: 60 * 60_000 },
  defaultMaxAttempts: 5,
  maxRoundsPerTick: 100,
} as const;

type Outcome = keyof TickResult | "lost";

export class JobQueue {
  readonly instanceId: string;
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private readonly options: Required<Omit<JobQueueOptions, "instanceId" | "renewEveryMs">> & { renewEveryMs?: number };
  private currentTick: Promise<TickResult> | undefined;
  private faults: JobFaults | undefined;

  constructor(
    private readonly deps: JobQueueDeps,
    options: JobQueueOptions = {},
  ) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.faults = deps.faults;
    this.options = {
      concurrency: options.concurrency ?? DEFAULTS.concurrency,
      leaseMs: options.leaseMs ?? DEFAULTS.leaseMs,
      backoff: options.backoff ?? DEFAULTS.backoff,
      defaultMaxAttempts: options.defaultMaxAttempts ?? DEFAULTS.defaultMaxAttempts,
      maxRoundsPerTick: options.maxRoundsPerTick ?? DEFAULTS.maxRoundsPerTick,
      renewEveryMs: options.renewEveryMs,
    };
  }

  /** Tests: crash points for the runs from now on (see JobFaults); undefined removes them. */
  injectFaults(faults: JobFaults | undefined): void {
    this.faults = faults;
  }

  register<P>(kind: string, handler: JobHandler<P>): void {
    if (this.handlers.has(kind)) throw new Error(`job kind ${kind} is registered twice`);
    // The stored payload is whatever `schedule` was given for this kind; see JobHandler.
    this.handlers.set(kind, handler as JobHandler<unknown>);
  }

  /**
   * Schedules a job; with a dedupeKey, an existing job of that key is replaced (back to pending).
   * Plain SQL: every filed request, card and reminder schedules one (issue 16), in
   * transactions of either kind (the filing's is the driver's: filing.ts).
   */
  async schedule(kind: string, runAt: Date, payload: unknown, options: ScheduleOptions = {}): Promise<string> {
    const fields = {
      kind,
      runAt,
      payload: JSON.stringify(payload ?? null),
      maxAttempts: options.maxAttempts ?? this.options.defaultMaxAttempts,
    };
    const run = options.tx ? runnerOf(options.tx) : this.deps.database.direct;
    const sql = dialectOf(this.deps.database);
    const now = this.deps.clock.now();
    const { dedupeKey } = options;
    if (dedupeKey !== undefined && options.keepEarlierRun) {
      const earlier = await run.execute(
        `UPDATE ${sql.table("Job")} SET "payload" = ${sql.param(1)}, "maxAttempts" = ${sql.param(2)}, "updatedAt" = ${sql.param(3)}
          WHERE "dedupeKey" = ${sql.param(4)} AND "status" = 'pending' AND "runAt" <= ${sql.param(5)}`,
        [fields.payload, fields.maxAttempts, new Date(), dedupeKey, runAt],
      );
      if (earlier > 0) {
        const [kept] = await run.query<{ id: string }>(
          `SELECT "id" FROM ${sql.table("Job")} WHERE "dedupeKey" = ${sql.param(1)}`,
          [dedupeKey],
        );
        if (kept) return kept.id;
      }
    }
    // A running job of this key is reset too: its run finishes conditionally
    // (status and owner), so it cannot overwrite the new schedule.
    const row: Record<string, SqlValue> = {
      id: newCuid(),
      ...fields,
      status: "pending",
      attempts: 0,
      leaseOwner: null,
      leaseExpiresAt: null,
      lastError: null,
      finishedAt: null,
      dedupeKey: dedupeKey ?? null,
      createdAt: now,
      updatedAt: new Date(),
    };
    const columns = Object.keys(row);
    const kept = new Set(["id", "dedupeKey", "createdAt"]);
    const onConflict =
      dedupeKey === undefined
        ? ""
        : `ON CONFLICT ("dedupeKey") DO UPDATE SET ${columns
            .filter((column) => !kept.has(column))
            .map((column) => `${quoteIdentifier(column)} = excluded.${quoteIdentifier(column)}`)
            .join(", ")}`;
    const [scheduled] = await run.query<{ id: string }>(
      `INSERT INTO ${sql.table("Job")} (${columns.map(quoteIdentifier).join(", ")})
       VALUES (${paramList(sql, 1, columns.length)})
       ${onConflict}
       RETURNING "id"`,
      Object.values(row),
    );
    if (!scheduled) throw new Error(`job ${dedupeKey ?? kind} was not scheduled`);
    return scheduled.id;
  }

  /** Removes the pending job of this key; true if there was one. A job already running finishes. */
  async cancel(dedupeKey: string, tx?: JobWriter): Promise<boolean> {
    const db = tx ?? this.deps.database.db;
    const { count } = await db.job.deleteMany({ where: { dedupeKey, status: "pending" } });
    return count > 0;
  }

  /** Claims and runs due jobs until none are left. Concurrent calls share one tick. */
  tick(): Promise<TickResult> {
    this.currentTick ??= this.runTick().finally(() => {
      this.currentTick = undefined;
    });
    return this.currentTick;
  }

  private async runTick(): Promise<TickResult> {
    const result: TickResult = { done: 0, retried: 0, dead: 0, dropped: 0 };
    const kinds = [...this.handlers.keys()];
    for (let round = 0; round < this.options.maxRoundsPerTick; round++) {
      let claimed: JobRow[];
      try {
        claimed = await claimDueJobs(this.deps.database, {
          owner: this.instanceId,
          now: this.deps.clock.now(),
          leaseMs: this.options.leaseMs,
          limit: this.options.concurrency,
          kinds,
        });
      } catch (error) {
        this.deps.observer?.databaseError?.("jobs.claim", error);
        this.deps.logger.error({ err: error }, "could not claim due jobs");
        break;
      }
      if (claimed.length === 0) break;
      const outcomes = await Promise.all(claimed.map((row) => this.runClaimed(row)));
      for (const outcome of outcomes) if (outcome !== "lost") result[outcome]++;
    }
    return result;
  }

  private async runClaimed(row: JobRow): Promise<Outcome> {
    try {
      return await this.execute(row);
    } catch (error) {
      // Only bookkeeping can land here (the handler's own errors are caught
      // below). The lease runs out and another tick retries the job.
      this.deps.observer?.databaseError?.("jobs.finish", error);
      this.deps.logger.error({ err: error, jobId: row.id, kind: row.kind }, "could not record a job's outcome");
      return "lost";
    }
  }

  private async execute(row: JobRow): Promise<Outcome> {
    const handler = this.handlers.get(row.kind)!;
    const info = toJobInfo(row);
    const now = this.deps.clock.now();
    if (row.attempts > row.maxAttempts) {
      // Claimed again and again by instances that died while running it.
      return this.bury(row, "the job's runs never finished (instances died while running it)");
    }
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      return this.bury(row, "payload is not valid JSON");
    }
    let stale: boolean;
    try {
      stale = handler.tooLate?.(payload, info, now) ?? false;
    } catch (error) {
      return this.failed(row, error);
    }
    if (stale) {
      this.deps.logger.info(
        { jobId: row.id, kind: row.kind, runAt: row.runAt.toISOString(), dedupeKey: row.dedupeKey },
        "job dropped: too late to run",
      );
      if (!(await this.finish(row, { status: "dropped", finishedAt: now }))) return "lost";
      this.deps.observer?.jobDropped?.(row.kind);
      return "dropped";
    }
    this.deps.observer?.jobStarted?.(row.kind, Math.max(0, (now.getTime() - row.runAt.getTime()) / 1000));
    const lease = keepLeaseRenewed({
      what: `job ${row.id} (${row.kind})`,
      leaseMs: this.options.leaseMs,
      everyMs: this.options.renewEveryMs,
      renew: () => this.renew(row),
      logger: this.deps.logger,
      onError: (error) => this.deps.observer?.databaseError?.("jobs.renew", error),
    });
    let completedInTransaction = false;
    let crashed = false;
    const crashPoint = (hook: ((job: JobInfo) => void) | undefined) => {
      try {
        hook?.(info);
      } catch (error) {
        crashed = true;
        throw error;
      }
    };
    const running: RunningJob = {
      ...info,
      signal: lease.signal,
      completeIn: async (tx) => {
        crashPoint(this.faults?.beforeCompletion);
        const done = await compareAndSet(() =>
          tx.job.update({
            where: this.heldBy(row),
            data: { status: "done", finishedAt: this.deps.clock.now(), leaseOwner: null, leaseExpiresAt: null },
            select: { id: true },
          }),
        );
        if (!done) throw new LeaseLostError(`job ${row.id} (${row.kind})`);
        completedInTransaction = true;
      },
    };
    let error: unknown;
    let threw = false;
    try {
      await handler.run(payload, running);
      crashPoint(this.faults?.afterRun);
    } catch (caught) {
      threw = true;
      error = caught;
    } finally {
      await lease.stop();
    }
    if (crashed) {
      this.deps.logger.warn({ jobId: row.id, kind: row.kind, err: error }, "simulated crash: the run records nothing");
      return "lost";
    }
    if (lease.signal.aborted || error instanceof LeaseLostError) {
      // Someone else holds the job (or it was rescheduled): this run's outcome is not ours to record.
      this.deps.logger.warn(
        { jobId: row.id, kind: row.kind, err: error },
        "job's lease lost while it ran; its outcome is discarded",
      );
      return "lost";
    }
    // Thrown after completing in a transaction that then rolled back: still ours, so retried.
    // (Thrown after that transaction committed: done; `failed` finds the row finished and changes nothing.)
    if (threw) return this.failed(row, error);
    if (completedInTransaction) {
      // The handler's transaction marked it done; if it rolled back after all, record it done now.
      await this.finish(row, { status: "done", finishedAt: this.deps.clock.now() }, { quiet: true });
      return "done";
    }
    const finished = await this.finish(row, { status: "done", finishedAt: this.deps.clock.now() });
    return finished ? "done" : "lost";
  }

  /** The row as this run claimed it: running, leased to this instance, on this claim's attempt. */
  private heldBy(row: JobRow) {
    return { id: row.id, status: "running", leaseOwner: this.instanceId, attempts: row.attempts };
  }

  /** Extends this run's lease by a full lease from now; false when the run no longer holds the job. */
  private async renew(row: JobRow): Promise<boolean> {
    const renewed = await compareAndSet(() =>
      this.deps.database.db.job.update({
        where: this.heldBy(row),
        data: { leaseExpiresAt: new Date(this.deps.clock.now().getTime() + this.options.leaseMs) },
        select: { id: true },
      }),
    );
    return renewed !== undefined;
  }

  private async failed(row: JobRow, error: unknown): Promise<Outcome> {
    const message = describe(error);
    if (row.attempts >= row.maxAttempts) return this.bury(row, message, error);
    const delay = exponentialBackoffMs(row.attempts, this.options.backoff);
    const runAt = new Date(this.deps.clock.now().getTime() + delay);
    this.deps.logger.warn(
      { err: error, jobId: row.id, kind: row.kind, attempts: row.attempts, retryAt: runAt.toISOString() },
      "job failed; will retry",
    );
    return (await this.finish(row, { status: "pending", runAt, lastError: message })) ? "retried" : "lost";
  }

  private async bury(row: JobRow, reason: string, error?: unknown): Promise<Outcome> {
    this.deps.logger.error(
      { err: error, jobId: row.id, kind: row.kind, attempts: row.attempts, reason },
      "job is dead: giving up",
    );
    if (!(await this.finish(row, { status: "dead", lastError: reason, finishedAt: this.deps.clock.now() })))
      return "lost";
    this.deps.observer?.jobDead?.(row.kind);
    return "dead";
  }

  /**
   * Records an outcome if this instance still holds the job. It may not: the
   * job was rescheduled meanwhile (same dedupeKey), or the lease ran out and
   * another instance took it.
   */
  private async finish(
    row: JobRow,
    data: { status: string; finishedAt?: Date; runAt?: Date; lastError?: string },
    { quiet = false } = {},
  ): Promise<boolean> {
    const updated = await compareAndSet(() =>
      this.deps.database.db.job.update({
        where: this.heldBy(row),
        data: { ...data, leaseOwner: null, leaseExpiresAt: null },
        select: { id: true },
      }),
    );
    if (!updated && !quiet) {
      this.deps.logger.info({ jobId: row.id, kind: row.kind }, "job changed hands while running; outcome not recorded");
    }
    return updated !== undefined;
  }
}

function toJobInfo(row: JobRow): JobInfo {
  return {
    id: row.id,
    kind: row.kind,
    runAt: row.runAt,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    dedupeKey: row.dedupeKey,
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
