import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { TtlCache } from "../../src/storage/ttl-cache.js";

describe("TtlCache", () => {
  it("keeps a value until it expires", () => {
    let now = 0;
    const cache = new TtlCache<string, number>(100, 10, () => now);
    cache.set("a", 1);
    now = 99;
    assert.equal(cache.get("a"), 1);
    now = 100;
    assert.equal(cache.get("a"), undefined);
  });

  it("drops the oldest entry past its bound, and forgets on delete", () => {
    const cache = new TtlCache<string, number>(1_000, 2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("c", 3);
    assert.equal(cache.get("a"), undefined);
    assert.equal(cache.get("c"), 3);
    cache.delete("c");
    assert.equal(cache.get("c"), undefined);
  });
});
