// Casting votes, so that every vote counts exactly once however presses
// interleave: under the locks of poll-lock.ts, in transactions that carry
// every press queued for the poll at their turn (group-commit.ts; one press
// alone when the poll is quiet). The ballot rules (ballot-rules.ts) decide;
// vote-batch.ts reads the ballots, writes the difference, and once the
// batch has committed this marks the posted copies for a live-results edit
// (live-results.ts), so the next edit shows it. (A crash between the commit
// and the mark leaves the copies behind until the next vote or the close,
// which always edits.)
//
// A press toggles, so a vote must never run twice for one event: the vote's
// transaction marks its event done with the ballot (markEventsDoneIn), and a
// redelivery, however late, is a duplicate. A native poll's answer sets the
// whole ballot, so it is idempotent anyway.
import { completionWrites, type EventCompletion, noteDoneCommitted } from "../../core/event-completion.js";
import { commitEachAlone, GroupCommit, type Settled } from "../../core/group-commit.js";
import type { Database } from "../../storage/database.js";
import type { SqlRunner } from "../../storage/direct-sql.js";
import { sqlRunnerOf } from "../../storage/prisma-sql-runner.js";
import type { Tx } from "../../storage/repositories/people.js";
import { isStorageOutage } from "../../storage/storage-outage.js";
import type { BallotKeys } from "./anonymous-ballot.js";
import type { BallotRequest, Effect, RefusalReason } from "./ballot-rules.js";
import { inPollTransaction } from "./poll-lock.js";
import type { PollRecord, PollRepository } from "./poll-repository.js";
import { type CastBatch, castBatch, type VoteBatchDeps, type VoteWork } from "./vote-batch.js";
import { VoteBatchStatements } from "./vote-batch-statements.js";

export type VoteResult =
  | { kind: "cast"; poll: PollRecord; effect: Effect; choices: number[] }
  | { kind: "refused"; reason: RefusalReason | "missing"; poll?: PollRecord };

/** Open for votes: not closed, and its closing time not reached (the close job may run a little later). */
export function acceptsVotes(poll: Pick<PollRecord, "status" | "closesAt">, now: Date): boolean {
  return poll.status === "open" && (!poll.closesAt || now.getTime() < poll.closesAt.getTime());
}

/**
 * Vote transactions at once per process, well below the PostgreSQL pool's
 * 10. Few on purpose: what queues behind them is committed in their next
 * batch, so fewer transactions carry more presses each (on PostgreSQL, 5
 * sent most presses alone, each with its own begin, locks and commit).
 */
export const VOTE_CONCURRENCY = 2;

/** The most presses committed in one transaction: bounds each statement's parameter list and a batch's hold on the lock. */
export const MAX_VOTE_BATCH = 100;

export class Voting {
  private readonly batches: GroupCommit<number, VoteWork, VoteResult>;
  private readonly statements: VoteBatchStatements;

  constructor(
    private readonly database: Database,
    private readonly polls: PollRepository,
    private readonly ballots: BallotKeys,
    private readonly now: () => Date,
  ) {
    this.statements = new VoteBatchStatements(database);
    this.batches = new GroupCommit({
      concurrency: VOTE_CONCURRENCY,
      maxBatch: MAX_VOTE_BATCH,
      commit: (pollId, works) => this.commit(pollId, works),
    });
  }

  /** The most presses one transaction has carried so far. */
  get largestBatch(): number {
    return this.batches.largestBatch;
  }

  /** `completion`: the event this vote answers, marked done with the ballot (none: a vote from no event, e.g. a test). */
  vote(pollId: number, personId: string, request: BallotRequest, completion?: EventCompletion): Promise<VoteResult> {
    return this.batches.submit(pollId, { personId, request, ...(completion ? { completion } : {}) });
  }

  /**
   * A batch in one transaction. If it fails inside (nothing committed), each
   * vote is tried again alone, so one press's failure is its own; a database
   * that does not answer fails them all at once instead.
   */
  private async commit(pollId: number, works: readonly VoteWork[]): Promise<Array<Settled<VoteResult>>> {
    let failedInside = false;
    let cast: CastBatch;
    try {
      const run = (tx: SqlRunner, prismaTx?: Tx) =>
        castBatch(this.batchDeps(), tx, pollId, works, prismaTx).catch((error: unknown) => {
          failedInside = true;
          throw error;
        });
      // Writes asked to commit with an event (commitWithCompletion) are Prisma's: then the batch is in Prisma's transaction.
      const needsPrisma = works.some((w) => w.completion && completionWrites(w.completion).length > 0);
      cast = needsPrisma
        ? await inPollTransaction(this.database, (tx) => run(sqlRunnerOf(tx), tx))
        : await this.database.direct.transaction((tx) => run(tx));
    } catch (error) {
      if (works.length === 1 || !failedInside || isStorageOutage(error)) throw error;
      return commitEachAlone(works, (alone) => this.commit(pollId, alone));
    }
    // The transaction marked these events done and has committed: the router need not finish them again
    // (not a duplicate's: another delivery's claim holds it).
    works.forEach((work, index) => {
      if (work.completion && cast.outcomes[index]?.ok) noteDoneCommitted(work.completion);
    });
    // After the commit, so that a flush that claims the copy from now on reads
    // these votes; and outside the transaction, so that concurrent votes do
    // not hold the copy's row (and so each other) until they commit.
    if (cast.changed) await this.polls.markDirty(pollId);
    return cast.outcomes;
  }

  private batchDeps(): VoteBatchDeps {
    return {
      database: this.database,
      polls: this.polls,
      statements: this.statements,
      ballots: this.ballots,
      now: this.now,
    };
  }
}
