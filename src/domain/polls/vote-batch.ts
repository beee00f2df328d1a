// One transaction for a batch of votes on one poll (group-commit.ts forms
// the batches): the events marked done, the poll locked and read and the
// voters locked in one statement, their ballots read in one, every press
// decided in arrival order by the ballot rules against what the presses
// before it left, and the difference written in one statement per kind.
// Each press's outcome is its own: a redelivered press (EventAlreadyDone)
// or a refused one does not stop the others.
//
// The statements go through a SqlRunner: the driver's own transaction
// (direct-sql.ts), or Prisma's when an event of the batch has writes that
// must commit with it (`prismaTx`). Reads of what changes only with a poll's
// edit (its fields, its options) come from the repository's caches; on a
// miss they read outside the transaction, which is safe under the poll's
// shared lock: an edit waits for it.
import { EventAlreadyDone, type EventCompletion } from "../../core/event-completion.js";
import type { Settled } from "../../core/group-commit.js";
import type { Database } from "../../storage/database.js";
import type { SqlRunner } from "../../storage/direct-sql.js";
import type { Tx } from "../../storage/repositories/people.js";
import { markEventsDoneIn } from "../../storage/repositories/processed-events.js";
import { type BallotKeys, newBallotId } from "./anonymous-ballot.js";
import { type BallotRequest, type CurrentBallot, decideBallot } from "./ballot-rules.js";
import type { OptionRecord, PollRecord, PollRepository } from "./poll-repository.js";
import type { VoteBatchStatements, VoteRow } from "./vote-batch-statements.js";
import { acceptsVotes, type VoteResult } from "./voting.js";

/** One press (or typed vote, or native answer) waiting to be cast. */
export interface VoteWork {
  personId: string;
  request: BallotRequest;
  /** The event this vote answers, marked done with the ballot (none: a vote from no event). */
  completion?: EventCompletion;
}

export interface CastBatch {
  outcomes: Array<Settled<VoteResult>>;
  /** Whether any ballot changed (the posted copies need an edit). */
  changed: boolean;
}

export interface VoteBatchDeps {
  database: Database;
  polls: PollRepository;
  statements: VoteBatchStatements;
  ballots: BallotKeys;
  now: () => Date;
}

export async function castBatch(
  deps: VoteBatchDeps,
  tx: SqlRunner,
  pollId: number,
  works: readonly VoteWork[],
  prismaTx?: Tx,
): Promise<CastBatch> {
  const outcomes: Array<Settled<VoteResult>> = new Array(works.length);
  // First: redeliveries of votes already cast drop out here, before anything is read or locked.
  const completions = works.flatMap((w) => (w.completion ? [w.completion] : []));
  const ours = await markEventsDoneIn(tx, deps.database.direct.dialect, completions, prismaTx);
  const live: number[] = [];
  works.forEach((work, index) => {
    if (work.completion && !ours.has(work.completion)) {
      outcomes[index] = { ok: false, error: new EventAlreadyDone(work.completion.eventKey) };
    } else live.push(index);
  });
  if (live.length === 0) return { outcomes, changed: false };

  const people = [...new Set(live.map((index) => works[index]!.personId))];
  const locked = await deps.statements.lockPollAndVoters(tx, pollId, people);
  const made = locked === undefined ? undefined : await deps.polls.findAsMade(pollId, locked.version);
  if (!made || locked === undefined) {
    for (const index of live) outcomes[index] = { ok: true, value: { kind: "refused", reason: "missing" } };
    return { outcomes, changed: false };
  }
  // The status as read under the lock: a close either waited for these votes or happened before them.
  const poll: PollRecord = { ...made, status: locked.status };
  const options = await deps.polls.options(poll);
  const rules = {
    open: acceptsVotes(poll, deps.now()),
    multi: poll.multi,
    maxChoices: poll.maxChoices,
    anonymous: poll.anonymous,
    optionCount: options.length,
  };
  const ballots: BatchBallots = poll.anonymous
    ? await AnonymousBallots.read(deps, tx, poll, options, people)
    : await OpenBallots.read(deps, tx, poll, options, people);

  for (const index of live) {
    const work = works[index]!;
    const decision = decideBallot(rules, ballots.current(work.personId), work.request);
    if (decision.kind === "refused") {
      outcomes[index] = { ok: true, value: { kind: "refused", reason: decision.reason, poll } };
      continue;
    }
    if (decision.effect !== "unchanged") ballots.set(work.personId, decision.choices);
    outcomes[index] = { ok: true, value: { kind: "cast", poll, effect: decision.effect, choices: decision.choices } };
  }
  const changed = await ballots.write(tx, deps.now());
  return { outcomes, changed };
}

/** The batch's people's ballots: as read before it, as each press leaves them, and the difference written. */
interface BatchBallots {
  current(personId: string): CurrentBallot;
  set(personId: string, choices: number[]): void;
  /** Writes what the batch changed; true when anything did. */
  write(tx: SqlRunner, at: Date): Promise<boolean>;
}

/** Ballots of the batch's people on an open (named) poll. */
class OpenBallots implements BatchBallots {
  private readonly after = new Map<string, number[]>();

  private constructor(
    private readonly deps: VoteBatchDeps,
    private readonly pollId: number,
    private readonly options: readonly OptionRecord[],
    /** Positions chosen before the batch, by person. */
    private readonly before: ReadonlyMap<string, number[]>,
  ) {}

  static async read(
    deps: VoteBatchDeps,
    tx: SqlRunner,
    poll: PollRecord,
    options: readonly OptionRecord[],
    people: readonly string[],
  ): Promise<OpenBallots> {
    const positionOf = new Map(options.map((o) => [o.id, o.position]));
    const ids = await deps.statements.optionIdsOf(tx, poll.id, people);
    const before = new Map<string, number[]>();
    for (const [person, optionIds] of ids) {
      const positions = optionIds
        .map((id) => positionOf.get(id))
        .filter((p): p is number => p !== undefined)
        .sort((a, b) => a - b);
      before.set(person, positions);
    }
    return new OpenBallots(deps, poll.id, options, before);
  }

  current(personId: string) {
    return { anonymous: false as const, choices: this.after.get(personId) ?? this.before.get(personId) ?? [] };
  }

  set(personId: string, choices: number[]): void {
    this.after.set(personId, choices);
  }

  /** Writes each person's difference between before and after; true when anything changed. */
  async write(tx: SqlRunner, at: Date): Promise<boolean> {
    const added: VoteRow[] = [];
    const removed: VoteRow[] = [];
    for (const [personId, choices] of this.after) {
      const before = this.before.get(personId) ?? [];
      for (const option of this.options) {
        const was = before.includes(option.position);
        const is = choices.includes(option.position);
        if (is && !was) added.push({ personId, optionId: option.id });
        if (was && !is) removed.push({ personId, optionId: option.id });
      }
    }
    await this.deps.statements.remove(tx, this.pollId, removed);
    await this.deps.statements.insert(tx, this.pollId, added, at);
    return added.length + removed.length > 0;
  }
}

/**
 * Ballots of the batch's people on an anonymous poll. A ballot row says
 * only that a key voted, the options' counters only how many chose each; it
 * has no time and a random id, so nothing in it lines up with a change in
 * the counts (the close reshuffles the rows, closing.ts). A ballot is final.
 */
class AnonymousBallots implements BatchBallots {
  private readonly cast = new Map<string, number[]>();

  private constructor(
    private readonly statements: VoteBatchStatements,
    private readonly pollId: number,
    private readonly options: readonly OptionRecord[],
    private readonly hashOf: ReadonlyMap<string, string>,
    private readonly voted: ReadonlySet<string>,
  ) {}

  static async read(
    deps: VoteBatchDeps,
    tx: SqlRunner,
    poll: PollRecord,
    options: readonly OptionRecord[],
    people: readonly string[],
  ): Promise<AnonymousBallots> {
    const hashOf = new Map(people.map((person) => [person, deps.ballots.voterKey(poll, person)]));
    const voted = await deps.statements.ballotsAmong(tx, poll.id, [...hashOf.values()]);
    return new AnonymousBallots(deps.statements, poll.id, options, hashOf, voted);
  }

  current(personId: string) {
    const voted = this.cast.has(personId) || this.voted.has(this.hashOf.get(personId)!);
    return { anonymous: true as const, voted };
  }

  set(personId: string, choices: number[]): void {
    this.cast.set(personId, choices);
  }

  async write(tx: SqlRunner, _at: Date): Promise<boolean> {
    if (this.cast.size === 0) return false;
    const counts = new Map<number, number>();
    for (const choices of this.cast.values()) {
      for (const option of this.options) {
        if (choices.includes(option.position)) counts.set(option.id, (counts.get(option.id) ?? 0) + 1);
      }
    }
    const ballots = [...this.cast.keys()].map((person) => ({ id: newBallotId(), voterHash: this.hashOf.get(person)! }));
    await this.statements.castAnonymously(tx, this.pollId, ballots, counts);
    return true;
  }
}
