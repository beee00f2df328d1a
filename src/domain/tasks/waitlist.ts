// Who is in and who waits, as pure state transitions. A task's active
// sign-ups form one line ordered by `queuedAt` (ties by id): the confirmed are
// the front of the line, the wait-list the rest. Every change (join, leave,
// new capacity) is followed by `rebalance`, which keeps that shape:
//  - more places than confirmed people: the head of the wait-list moves up;
//  - fewer places: the newest confirmed move back, to the front of the
//    wait-list in their order (their place in line is earlier than anyone
//    waiting, so ordering by queuedAt already puts them there).
// New sign-ups always get the latest place in line (see `nextQueuedAt`), so a
// person who leaves and rejoins goes to the end.

export type ActiveStatus = "confirmed" | "waitlisted";
export type SignupStatus = ActiveStatus | "cancelled";

export interface LineEntry {
  id: number;
  status: ActiveStatus;
  queuedAt: Date;
}

export interface Rebalanced {
  /** Ids that move from the wait-list to confirmed, in line order. */
  promoted: number[];
  /** Ids that move from confirmed to the wait-list, in line order. */
  demoted: number[];
  /** Wait-list position (1-based) of every waiting id after the change. */
  positions: Map<number, number>;
}

export function inLineOrder<T extends { id: number; queuedAt: Date }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || a.id - b.id);
}

export function rebalance(entries: readonly LineEntry[], capacity: number): Rebalanced {
  const line = inLineOrder(entries);
  const confirmed = line.filter((e) => e.status === "confirmed");
  const waiting = line.filter((e) => e.status === "waitlisted");
  const promoted: number[] = [];
  const demoted: number[] = [];
  if (confirmed.length > capacity) {
    for (const entry of confirmed.slice(capacity)) demoted.push(entry.id);
  } else {
    for (const entry of waiting.slice(0, capacity - confirmed.length)) promoted.push(entry.id);
  }
  const moved = new Set([...promoted, ...demoted]);
  const statusAfter = (e: LineEntry): ActiveStatus => (moved.has(e.id) ? flip(e.status) : e.status);
  const waitingAfter = line.filter((e) => statusAfter(e) === "waitlisted");
  return { promoted, demoted, positions: new Map(waitingAfter.map((e, index) => [e.id, index + 1])) };
}

/** Where a newcomer stands: in, when a place is free and nobody waits; else at the end of the wait-list. */
export function placeNewcomer(entries: readonly LineEntry[], capacity: number): ActiveStatus {
  const confirmed = entries.filter((e) => e.status === "confirmed").length;
  const waiting = entries.length - confirmed;
  return confirmed < capacity && waiting === 0 ? "confirmed" : "waitlisted";
}

/**
 * A place in line after everyone already in it: the clock's time, or 1 ms
 * after the latest, whichever is later, so that two joins in the same
 * millisecond (or a clock that stands still in tests) keep their order.
 */
export function nextQueuedAt(now: Date, latest: Date | undefined): Date {
  if (!latest || latest.getTime() < now.getTime()) return now;
  return new Date(latest.getTime() + 1);
}

function flip(status: ActiveStatus): ActiveStatus {
  return status === "confirmed" ? "waitlisted" : "confirmed";
}
