import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { paceWithBursts } from "../../src/core/send-pace.js";
import { historyNeeded, nextAllowedAt } from "../../src/outbox/rate-limits.js";
import { busiestWindow } from "../support/busiest-window.js";

const SECOND = 1_000;
const pace = paceWithBursts({ intervalMs: SECOND, burst: 2, horizon: 10 });

/** Sends as soon as the pace allows, from `start`, until `end`; the times they went. */
function sendWhenAllowed(start: number, end: number, earlier: number[] = []): number[] {
  const sends = [...earlier];
  for (let at = nextAllowedAt(sends, pace, start); at < end; at = nextAllowedAt(sends, pace, at)) sends.push(at);
  return sends.slice(earlier.length);
}

describe("paceWithBursts", () => {
  it("is one rule an interval of the horizon: k + burst − 1 in any k intervals", () => {
    assert.equal(pace.length, 10);
    assert.deepEqual(pace[0], { limit: 2, windowMs: SECOND });
    assert.deepEqual(pace[9], { limit: 11, windowMs: 10 * SECOND });
    assert.deepEqual(historyNeeded(pace), { windowMs: 10 * SECOND, count: 11 });
  });

  it("lets a chat that fell behind send its next at once", () => {
    // One a second, the last three each 300 ms late (a slow send): the next, due now, goes now.
    const now = 100 * SECOND;
    const onTime = Array.from({ length: 7 }, (_, i) => now - (10 - i) * SECOND);
    const late = [3, 2, 1].map((k) => now - k * SECOND + 300);
    assert.equal(nextAllowedAt([...onTime, ...late], pace, now), now);
    // A strict one a second would have held it until the late one is a second old.
    assert.equal(nextAllowedAt(late, [{ limit: 1, windowMs: SECOND }], now), now + 300);
  });

  it("holds a third message in one second until the older of two leaves it", () => {
    const now = 50 * SECOND;
    assert.equal(nextAllowedAt([now - 400, now - 100], pace, now), now + 600);
  });

  it("gives a backlog one at once and then one a second: at most 2 in a second, 11 in any 10", () => {
    const sends = sendWhenAllowed(0, 10 * SECOND);
    assert.deepEqual(sends.slice(0, 4), [0, 0, SECOND, 2 * SECOND]);
    assert.equal(busiestWindow(sends, SECOND), 2);
    assert.equal(busiestWindow(sends, 10 * SECOND), 11);
  });

  it("keeps a long backlog near one a second: 11 in every 10 s beyond the horizon, no more", () => {
    const sends = sendWhenAllowed(0, 60 * SECOND);
    assert.equal(busiestWindow(sends, SECOND), 2);
    assert.ok(busiestWindow(sends, 10 * SECOND) <= 11);
    assert.ok(sends.length <= 66, `${sends.length} sends in 60 s`);
  });
});
