// Ids as people type them: "12" or "#12".
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import { idArgument, parseId } from "../../src/core/id-argument.js";

describe("parseId", () => {
  it("reads a number with or without the # cards show", () => {
    assert.equal(parseId("12"), 12);
    assert.equal(parseId("#12"), 12);
    assert.equal(parseId(" #007 "), 7);
  });

  it("reads nothing else: words, signs, fractions, numbers too long for an id", () => {
    for (const raw of ["", "#", "twelve", "-3", "1.5", "12a", "# 12", "1234567890"]) {
      assert.equal(parseId(raw), undefined, raw);
    }
  });
});

describe("idArgument", () => {
  it("refuses with the caller's key, quoting what was typed, kept short", () => {
    assert.equal(idArgument("#5", "tasks:errors.badId"), 5);
    assert.throws(
      () => idArgument("the one on Saturday morning", "tasks:errors.badId"),
      (error: unknown) =>
        error instanceof UserError &&
        error.key === "tasks:errors.badId" &&
        error.params.input === "the one on Saturday…",
    );
  });
});
