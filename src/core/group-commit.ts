// Group commit: work for one key (a poll; the event claims) that arrives
// while earlier work is committing waits, and is then committed together, in
// one batch. Alone, an item goes at once in a batch of one, so a quiet poll
// waits for nothing; under a burst, each transaction carries every press
// that queued behind the last, which keeps "answered means stored" while the
// per-transaction cost (begin, locks, commit; on SQLite, the one writer's
// turn) is paid once a batch instead of once a press.
//
// At most `concurrency` batches run at once over all keys (a bulkhead: the
// PostgreSQL pool is small), each taking what is queued for its key when its
// turn comes, at most `maxBatch` items.
import { Bulkhead } from "./bulkhead.js";

/** One item's outcome in a batch: its result, or the error that is its own (the others may still succeed). */
export type Settled<Result> = { ok: true; value: Result } | { ok: false; error: unknown };

interface Waiting<Item, Result> {
  item: Item;
  resolve(value: Result): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions<Key, Item, Result> {
  /** Batches at once over all keys. */
  concurrency: number;
  /** The most items in one batch. */
  maxBatch: number;
  /** Commits a batch; returns one outcome per item, in order. A throw fails every item of the batch. */
  commit(key: Key, items: readonly Item[]): Promise<ReadonlyArray<Settled<Result>>>;
}

export class GroupCommit<Key, Item, Result> {
  private readonly bulkhead: Bulkhead;
  private readonly queued = new Map<Key, Array<Waiting<Item, Result>>>();
  private largest = 0;

  constructor(private readonly options: GroupCommitOptions<Key, Item, Result>) {
    if (!(options.maxBatch >= 1)) throw new Error(`maxBatch must be at least 1, not ${options.maxBatch}`);
    this.bulkhead = new Bulkhead(options.concurrency);
  }

  /** The largest batch committed so far (the benchmark and tests read it). */
  get largestBatch(): number {
    return this.largest;
  }

  submit(key: Key, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.queued.get(key);
      if (queue) queue.push({ item, resolve, reject });
      else this.queued.set(key, [{ item, resolve, reject }]);
      // One turn per item: when its turn comes, the item may already have
      // gone in an earlier turn's batch, and then the turn has nothing to do.
      void this.bulkhead.run(() => this.commitQueued(key));
    });
  }

  private async commitQueued(key: Key): Promise<void> {
    const queue = this.queued.get(key);
    if (!queue) return;
    const batch = queue.splice(0, this.options.maxBatch);
    if (queue.length === 0) this.queued.delete(key);
    this.largest = Math.max(this.largest, batch.length);
    let outcomes: ReadonlyArray<Settled<Result>>;
    try {
      outcomes = await this.options.commit(
        key,
        batch.map((w) => w.item),
      );
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const outcome = outcomes[index];
      if (!outcome) waiting.reject(new Error("group commit: a batch returned no outcome for an item"));
      else if (outcome.ok) waiting.resolve(outcome.value);
      else waiting.reject(outcome.error);
    });
  }
}

/**
 * After a batch failed inside as a whole: each item committed again in a
 * batch of its own, so that one item's failure is its own and the others
 * still commit. `commit` is the caller's own batch commit.
 */
export async function commitEachAlone<Item, Result>(
  items: readonly Item[],
  commit: (alone: readonly Item[]) => Promise<ReadonlyArray<Settled<Result>>>,
): Promise<Array<Settled<Result>>> {
  const outcomes: Array<Settled<Result>> = [];
  for (const item of items) {
    try {
      outcomes.push(...(await commit([item])));
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
