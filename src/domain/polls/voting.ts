// Casting votes: each in its own transaction, under the locks of poll-lock.ts,
// so that every vote counts exactly once however presses interleave. The
// ballot rules (ballot-rules.ts) decide; this reads the ballot, writes the
// difference, and once it has committed marks the posted copies for a
// live-results edit (live-results.ts), so the next edit shows it. (A crash
// between the commit and the mark leaves the copies one vote behind until
// the next vote or the close, which always edits.)
//
// A press toggles, so a vote must never run twice for one event: the vote's
// transaction marks its event done with the ballot (markEventDoneIn), and a
// redelivery, however late, is a duplicate. A native poll's answer sets the
// whole ballot, so it is idempotent anyway.
import type { EventCompletion } from "../../core/event-completion.js";
import type { Database } from "../../storage/database.js";
import type { Tx } from "../../storage/repositories/people.js";
import { markEventDoneIn } from "../../storage/repositories/processed-events.js";
import { type BallotKeys, newBallotId } from "./anonymous-ballot.js";
import {
  type BallotRequest,
  type CurrentBallot,
  decideBallot,
  type Effect,
  type RefusalReason,
} from "./ballot-rules.js";
import { Bulkhead } from "./bulkhead.js";
import { inPollTransaction, lockPollShared, lockVoter } from "./poll-lock.js";
import type { OptionRecord, PollRecord, PollRepository } from "./poll-repository.js";

export type VoteResult =
  | { kind: "cast"; poll: PollRecord; effect: Effect; choices: number[] }
  | { kind: "refused"; reason: RefusalReason | "missing"; poll?: PollRecord };

/** Open for votes: not closed, and its closing time not reached (the close job may run a little later). */
export function acceptsVotes(poll: Pick<PollRecord, "status" | "closesAt">, now: Date): boolean {
  return poll.status === "open" && (!poll.closesAt || now.getTime() < poll.closesAt.getTime());
}

/** Vote transactions at once per process: below the PostgreSQL pool's 10, leaving room for other work. */
export const VOTE_CONCURRENCY = 5;

export class Voting {
  private readonly bulkhead = new Bulkhead(VOTE_CONCURRENCY);

  constructor(
    private readonly database: Database,
    private readonly polls: PollRepository,
    private readonly ballots: BallotKeys,
    private readonly now: () => Date,
  ) {}

  /** `completion`: the event this vote answers, marked done with the ballot (none: a vote from no event, e.g. a test). */
  async vote(
    pollId: number,
    personId: string,
    request: BallotRequest,
    completion?: EventCompletion,
  ): Promise<VoteResult> {
    const result = await this.bulkhead.run(() => this.voteNow(pollId, personId, request, completion));
    // After the commit, so that a flush that claims the copy from now on reads
    // this vote; and outside the transaction, so that concurrent votes do not
    // hold the copy's row (and so each other) until they commit.
    if (result.kind === "cast" && result.effect !== "unchanged") await this.polls.markDirty(pollId);
    return result;
  }

  private async voteNow(
    pollId: number,
    personId: string,
    request: BallotRequest,
    completion: EventCompletion | undefined,
  ): Promise<VoteResult> {
    return inPollTransaction(this.database, async (tx): Promise<VoteResult> => {
      // First: a redelivery of a vote already cast stops here, before it reads or locks anything.
      if (completion) await markEventDoneIn(tx, completion);
      const locked = await lockPollShared(this.database, tx, pollId);
      const made = locked === undefined ? undefined : await this.polls.findAsMade(pollId, locked.version, tx);
      if (!made || locked === undefined) return { kind: "refused", reason: "missing" };
      // The status as read under the lock: a close either waited for this vote or happened before it.
      const poll: PollRecord = { ...made, status: locked.status };
      await lockVoter(this.database, tx, pollId, personId);
      const options = await this.polls.options(poll, tx);
      const hash = poll.anonymous ? this.ballots.voterKey(poll, personId) : undefined;
      const current: CurrentBallot = hash
        ? { anonymous: true, voted: await this.polls.hasBallot(pollId, hash, tx) }
        : { anonymous: false, choices: await this.polls.choicesOf(poll, personId, tx) };
      const decision = decideBallot(
        {
          open: acceptsVotes(poll, this.now()),
          multi: poll.multi,
          maxChoices: poll.maxChoices,
          anonymous: poll.anonymous,
          optionCount: options.length,
        },
        current,
        request,
      );
      if (decision.kind === "refused") return { kind: "refused", reason: decision.reason, poll };
      if (decision.effect === "unchanged")
        return { kind: "cast", poll, effect: "unchanged", choices: decision.choices };

      if (hash) {
        await castAnonymously(tx, poll, hash, optionsAt(options, decision.add));
      } else {
        if (decision.remove.length) {
          await tx.vote.deleteMany({
            where: { pollId, personId, optionId: { in: optionsAt(options, decision.remove).map((o) => o.id) } },
          });
        }
        for (const option of optionsAt(options, decision.add)) {
          await tx.vote.create({ data: { pollId, optionId: option.id, personId, createdAt: this.now() } });
        }
      }
      return { kind: "cast", poll, effect: decision.effect, choices: decision.choices };
    });
  }
}

/**
 * The ballot row says only that this key voted; the options' counters say
 * only how many chose each. It has no time and a random id, so that nothing
 * in it lines up with a change in the counts (the close reshuffles the rows,
 * closing.ts).
 */
async function castAnonymously(tx: Tx, poll: PollRecord, hash: string, chosen: OptionRecord[]): Promise<void> {
  await tx.anonymousBallot.create({ data: { id: newBallotId(), pollId: poll.id, voterHash: hash } });
  for (const option of chosen) {
    await tx.pollOption.update({
      where: { id: option.id },
      data: { anonymousCount: { increment: 1 } },
      select: { id: true },
    });
  }
}

function optionsAt(options: readonly OptionRecord[], positions: readonly number[]): OptionRecord[] {
  return options.filter((o) => positions.includes(o.position));
}
