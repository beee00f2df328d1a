import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { offsetClock, systemClock } from "../../src/core/clock.js";

describe("offsetClock (TALKOOT_CLOCK_OFFSET_SECONDS)", () => {
  it("is the system clock at 0 and the system clock moved forward otherwise", () => {
    assert.equal(offsetClock(0), systemClock);
    const before = Date.now();
    const moved = offsetClock(130).now().getTime();
    const after = Date.now();
    assert.ok(
      moved >= before + 130_000 && moved <= after + 130_000,
      `${moved} not within [${before}, ${after}] + 130 s`,
    );
  });
});
