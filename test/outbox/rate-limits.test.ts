import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { historyNeeded, nextAllowedAt } from "../../src/outbox/rate-limits.js";

// A Telegram group's limits, as its adapter declares them.
const TELEGRAM_GROUP = [
  { limit: 1, windowMs: 1_000 },
  { limit: 20, windowMs: 60_000 },
];

describe("nextAllowedAt", () => {
  const perSecond = [{ limit: 1, windowMs: 1_000 }];
  const group = TELEGRAM_GROUP;

  it("allows at once with no history", () => {
    assert.equal(nextAllowedAt([], group, 10_000), 10_000);
  });

  it("waits until the last send leaves the one-second window", () => {
    assert.equal(nextAllowedAt([9_700], perSecond, 10_000), 10_700);
    assert.equal(nextAllowedAt([9_000], perSecond, 10_000), 10_000);
  });

  it("holds the 21st group message of a minute until the first of the 20 is a minute old", () => {
    const now = 100_000;
    const sends = Array.from({ length: 20 }, (_, i) => now - 59_000 + i * 2_000); // 41 000 … 79 000 after epoch
    assert.equal(nextAllowedAt(sends, group, now), now - 59_000 + 60_000);
  });

  it("ignores sends older than every window and does not care about their order", () => {
    assert.equal(nextAllowedAt([1, 5, 3], group, 100_000), 100_000);
    assert.equal(nextAllowedAt([99_500, 10, 99_000], perSecond, 100_000), 100_500);
  });

  it("says how much history the rules need", () => {
    assert.deepEqual(historyNeeded(group), { windowMs: 60_000, count: 20 });
    assert.deepEqual(historyNeeded([]), { windowMs: 0, count: 0 });
  });
});
