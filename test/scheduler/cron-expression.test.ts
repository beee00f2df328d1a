import assert from "node:assert/strict";
import cron from "node-cron";
import { describe, it } from "vitest";
import { everySecondsExpression } from "../../src/scheduler/cron-expression.js";

describe("everySecondsExpression", () => {
  it("uses the seconds field for periods under a minute", () => {
    assert.equal(everySecondsExpression(15), "*/15 * * * * *");
    assert.equal(everySecondsExpression(1), "* * * * * *");
    assert.equal(everySecondsExpression(30), "*/30 * * * * *");
  });

  it("uses the minutes field for whole minutes", () => {
    assert.equal(everySecondsExpression(60), "0 * * * * *");
    assert.equal(everySecondsExpression(300), "0 */5 * * * *");
  });

  it("refuses periods that would tick unevenly", () => {
    assert.throws(() => everySecondsExpression(45), /divide/);
    assert.throws(() => everySecondsExpression(90), /divide/);
    assert.throws(() => everySecondsExpression(0), /positive/);
    assert.throws(() => everySecondsExpression(1.5), /positive/);
  });

  it("produces expressions node-cron accepts", () => {
    for (const seconds of [1, 2, 5, 15, 20, 30, 60, 120, 600, 1800]) {
      assert.ok(cron.validate(everySecondsExpression(seconds)), `${seconds}s`);
    }
  });
});
