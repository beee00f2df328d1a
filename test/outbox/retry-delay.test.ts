import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { retryDelayMs } from "../../src/outbox/retry-delay.js";

const policy = { baseMs: 1_000, maxMs: 60_000 };

describe("retryDelayMs", () => {
  it("backs off exponentially with equal jitter", () => {
    assert.equal(
      retryDelayMs(1, undefined, policy, () => 0),
      500,
    );
    assert.equal(
      retryDelayMs(1, undefined, policy, () => 1),
      1_000,
    );
    assert.equal(
      retryDelayMs(3, undefined, policy, () => 1),
      4_000,
    );
    assert.equal(
      retryDelayMs(30, undefined, policy, () => 1),
      60_000,
    );
  });

  it("never retries sooner than the platform's retry-after", () => {
    for (const random of [0, 0.3, 1]) {
      const delay = retryDelayMs(5, 1_000, policy, () => random);
      assert.ok(delay >= 1_000 && delay <= 1_100, `${delay}`);
    }
    assert.ok(retryDelayMs(1, 120_000, policy, () => 1) <= 121_000);
  });

  it("ignores a zero retry-after", () => {
    assert.equal(
      retryDelayMs(2, 0, policy, () => 1),
      2_000,
    );
  });
});
