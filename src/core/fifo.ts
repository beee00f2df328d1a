// A first-in, first-out queue that takes from the front without moving the
// rest: Array.prototype.shift copies what is left, and a burst's queues hold
// thousands of entries.

/** Entries taken from the front before the array is compacted (and only once they are over half of it). */
const COMPACT_AFTER = 1_024;

export class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  /** The front entry, left in place. */
  peek(): T | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    this.compact();
    return item;
  }

  /** Up to `count` entries from the front, in order. */
  take(count: number): T[] {
    const taken = this.items.slice(this.head, this.head + Math.max(0, count));
    this.head += taken.length;
    this.compact();
    return taken;
  }

  /** Puts entries back at the front, in their order. */
  unshift(entries: readonly T[]): void {
    this.items = [...entries, ...this.items.slice(this.head)];
    this.head = 0;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }

  private compact(): void {
    if (this.head > COMPACT_AFTER && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
