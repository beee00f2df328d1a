import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { exponentialBackoffMs, withJitter } from "../../src/core/backoff.js";

describe("exponentialBackoffMs", () => {
  const policy = { baseMs: 1_000, maxMs: 30_000 };

  it("doubles from the base after each failed attempt", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5].map((attempt) => exponentialBackoffMs(attempt, policy)),
      [1_000, 2_000, 4_000, 8_000, 16_000],
    );
  });

  it("stops growing at the cap, even after very many attempts", () => {
    assert.equal(exponentialBackoffMs(6, policy), 30_000);
    assert.equal(exponentialBackoffMs(10_000, policy), 30_000);
  });

  it("treats attempt 0 or less as the first", () => {
    assert.equal(exponentialBackoffMs(0, policy), 1_000);
    assert.equal(exponentialBackoffMs(-3, policy), 1_000);
  });
});

describe("withJitter", () => {
  it("keeps at least half of the delay and never adds more than the other half", () => {
    assert.equal(
      withJitter(1_000, () => 0),
      500,
    );
    assert.equal(
      withJitter(1_000, () => 0.5),
      750,
    );
    assert.equal(
      withJitter(1_000, () => 0.999999),
      1_000,
    );
  });

  it("clamps a misbehaving random source", () => {
    assert.equal(
      withJitter(1_000, () => 7),
      1_000,
    );
    assert.equal(
      withJitter(1_000, () => -1),
      500,
    );
    assert.equal(
      withJitter(1_000, () => Number.NaN),
      500,
    );
  });
});
