// Reading bound flags by kind.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { flag, integer, text } from "../../src/core/flag-readers.js";

describe("flag readers", () => {
  const flags = { when: "tomorrow 10:00", slots: 5, series: true, quiet: false };

  it("reads a flag of the kind asked for", () => {
    assert.equal(text(flags, "when"), "tomorrow 10:00");
    assert.equal(integer(flags, "slots"), 5);
    assert.equal(flag(flags, "series"), true);
  });

  it("reads an absent flag, or one of another kind, as not given", () => {
    assert.equal(text(flags, "until"), undefined);
    assert.equal(text(flags, "slots"), undefined);
    assert.equal(integer(flags, "when"), undefined);
    assert.equal(flag(flags, "quiet"), false);
    assert.equal(flag(flags, "when"), false);
    assert.equal(flag(flags, "anonymous"), false);
  });
});
