// The wait-list rules alone: who is in, who waits, who moves.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { type LineEntry, nextQueuedAt, placeNewcomer, rebalance } from "../../../src/domain/tasks/waitlist.js";

const at = (n: number) => new Date(Date.UTC(2026, 11, 1, 8, 0, 0, n));
const entry = (id: number, status: LineEntry["status"], n = id): LineEntry => ({ id, status, queuedAt: at(n) });

describe("wait-list rules", () => {
  it("lets a newcomer in while there is room and nobody waits; else to the end of the line", () => {
    assert.equal(placeNewcomer([], 2), "confirmed");
    assert.equal(placeNewcomer([entry(1, "confirmed")], 2), "confirmed");
    assert.equal(placeNewcomer([entry(1, "confirmed"), entry(2, "confirmed")], 2), "waitlisted");
    // Room, but someone waits (e.g. after a merge freed a place): they go first.
    assert.equal(placeNewcomer([entry(1, "confirmed"), entry(2, "waitlisted")], 2), "waitlisted");
  });

  it("promotes the head of the wait-list when a place frees up", () => {
    const result = rebalance([entry(1, "confirmed"), entry(3, "waitlisted"), entry(4, "waitlisted")], 2);
    assert.deepEqual(result.promoted, [3]);
    assert.deepEqual(result.demoted, []);
    assert.deepEqual([...result.positions], [[4, 1]]);
  });

  it("promotes as many as there are new places, in line order (ties by id)", () => {
    const line = [
      entry(1, "confirmed"),
      entry(5, "waitlisted", 3),
      entry(4, "waitlisted", 3),
      entry(2, "waitlisted", 2),
    ];
    assert.deepEqual(rebalance(line, 3).promoted, [2, 4]);
  });

  it("moves the newest confirmed back to the front of the wait-list, in their order", () => {
    const line = [1, 2, 3, 4].map((id) => entry(id, "confirmed")).concat([entry(5, "waitlisted")]);
    const result = rebalance(line, 2);
    assert.deepEqual(result.demoted, [3, 4]);
    assert.deepEqual(result.promoted, []);
    assert.deepEqual(
      [...result.positions],
      [
        [3, 1],
        [4, 2],
        [5, 3],
      ],
    );
  });

  it("changes nothing when the line already fits", () => {
    const result = rebalance([entry(1, "confirmed"), entry(2, "confirmed"), entry(3, "waitlisted")], 2);
    assert.deepEqual([result.promoted, result.demoted], [[], []]);
  });

  it("gives every new place in line a later time, even when the clock stands still", () => {
    const now = at(10);
    assert.equal(nextQueuedAt(now, undefined).getTime(), now.getTime());
    assert.equal(nextQueuedAt(now, at(3)).getTime(), now.getTime());
    assert.equal(nextQueuedAt(now, at(10)).getTime(), now.getTime() + 1);
    assert.equal(nextQueuedAt(now, at(50)).getTime(), at(51).getTime());
  });
});
