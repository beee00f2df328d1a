// The text helpers every feature applies to what people type.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { characterCount, clip, oneLine, tidy } from "../../src/core/text.js";

describe("tidy", () => {
  it("collapses runs of spaces and tabs, trims, and keeps line breaks", () => {
    assert.equal(tidy("  Clean\t the   park \n Saturday  "), "Clean the park \n Saturday");
  });

  it("turns a no-break space pasted from a chat app into a plain one", () => {
    assert.equal(tidy("Park\u00a0\u00a0clean-up"), "Park clean-up");
  });
});

describe("oneLine", () => {
  it("joins lines with one space", () => {
    assert.equal(oneLine("Clean\n\nthe park\n"), "Clean the park");
  });
});

describe("characterCount", () => {
  it("counts an emoji as one character", () => {
    assert.equal(characterCount("ok 👍"), 4);
  });
});

describe("clip", () => {
  it("leaves short text alone", () => {
    assert.equal(clip("tomorrow"), "tomorrow");
    assert.equal(clip("x".repeat(60)), "x".repeat(60));
  });

  it("cuts long text to the limit, the last character an ellipsis", () => {
    const clipped = clip("x".repeat(61));
    assert.equal(clipped, `${"x".repeat(59)}…`);
    assert.equal(characterCount(clipped), 60);
    assert.equal(clip("abcdef", 4), "abc…");
  });

  it("never splits an emoji in half", () => {
    assert.equal(clip("👍👍👍👍", 3), "👍👍…");
  });
});
