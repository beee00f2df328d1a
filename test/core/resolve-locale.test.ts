// Whose language wins: the person's, the chat's, the community's, the default.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { resolveLocale } from "../../src/core/resolve-locale.js";

describe("resolveLocale", () => {
  it("takes the person's choice first, then the chat's, then the community's", () => {
    assert.equal(resolveLocale("sv", "fi", "en"), "sv");
    assert.equal(resolveLocale(null, "fi", "sv"), "fi");
    assert.equal(resolveLocale(undefined, null, "sv"), "sv");
  });

  it("falls back to the default locale, or to the caller's fallback", () => {
    assert.equal(resolveLocale(null, null, null), "en");
    assert.equal(resolveLocale(undefined, undefined, undefined, "fi"), "fi");
  });

  it("skips a stored value that is not a supported locale", () => {
    assert.equal(resolveLocale("de", "fi-FI", "sv"), "sv");
    assert.equal(resolveLocale("", "xx", null), "en");
  });
});
