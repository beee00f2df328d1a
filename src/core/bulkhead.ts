// At most `limit` pieces of work at once (vote transactions, event claims);
// the rest wait their turn here, in order, instead of in the database pool.
// The pool is small (PostgreSQL: 10 connections) and gives up on a waiter
// after a few seconds, so a burst of a thousand presses queued there would
// fail votes and starve every other query (the router's own de-duplication
// and look-ups) of connections.
export class Bulkhead {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      // Hand the slot straight to the next in line (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
