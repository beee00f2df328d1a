// Great-circle distances and typed radii for `/request near`.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { distanceMetres, parseRadius } from "../../../src/domain/requests/distance.js";
import { refusal } from "./refusal.js";

describe("distances", () => {
  it("measures great-circle metres", () => {
    const helsinki = { lat: 60.1699, long: 24.9384 };
    assert.equal(distanceMetres(helsinki, helsinki), 0);
    // Helsinki to Tallinn is about 82 km.
    const tallinn = { lat: 59.437, long: 24.7536 };
    assert.ok(Math.abs(distanceMetres(helsinki, tallinn) - 82_000) < 1_500);
    // One thousandth of a degree of latitude is about 111 m.
    assert.equal(Math.round(distanceMetres(helsinki, { lat: 60.1709, long: 24.9384 })), 111);
  });

  it("reads radii in metres or kilometres, within 50 km", () => {
    assert.equal(parseRadius("500m"), 500);
    assert.equal(parseRadius("500 m"), 500);
    assert.equal(parseRadius("800"), 800);
    assert.equal(parseRadius("1.5km"), 1500);
    assert.equal(parseRadius("1,5 KM"), 1500);
    for (const bad of ["0", "60km", "far", "-5m", "5 miles"]) {
      assert.equal(
        refusal(() => parseRadius(bad)),
        "requests:errors.badRadius",
        bad,
      );
    }
  });
});
