// Work asked for in the same turn of the event loop, done together: a
// burst's handlers each ask for one row (a handled update to delete, a
// button's id to store), and one statement serves them all. Each caller
// gets its own result; a flush that throws fails every item in it. With
// `gatherMs`, the items of that long go together (a full batch at once):
// for work nobody waits on, such as a handled update leaving the inbox.

export class TurnBatch<Item, Result> {
  private waiting: Array<{ item: Item; resolve(result: Result): void; reject(error: unknown): void }> = [];

  constructor(
    /** Does one batch (at most `maxItems`); resolves with each item's result, in order. */
    private readonly flush: (items: readonly Item[]) => Promise<readonly Result[]>,
    private readonly maxItems: number,
    /** How long the first item waits for others; 0: until the end of the turn. */
    private readonly gatherMs = 0,
  ) {}

  private timer: NodeJS.Timeout | undefined;

  add(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.gatherMs === 0) {
        if (this.waiting.length === 1) setImmediate(() => void this.flushWaiting());
      } else if (this.waiting.length >= this.maxItems) {
        clearTimeout(this.timer);
        this.timer = undefined;
        void this.flushWaiting();
      } else if (this.waiting.length === 1) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          void this.flushWaiting();
        }, this.gatherMs);
      }
    });
  }

  private async flushWaiting(): Promise<void> {
    const all = this.waiting;
    this.waiting = [];
    for (let from = 0; from < all.length; from += this.maxItems) {
      const batch = all.slice(from, from + this.maxItems);
      try {
        const results = await this.flush(batch.map((w) => w.item));
        batch.forEach((waiting, index) => {
          waiting.resolve(results[index] as Result);
        });
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    }
  }
}
