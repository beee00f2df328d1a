// Places in a request's text: map links from phones' map apps and plain
// coordinates become coordinates; out-of-range or decimal-less numbers do not.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { findPlaceInText, openStreetMapUrl } from "../../../src/domain/requests/place-in-text.js";

const kallio = { lat: 60.1699, long: 24.9384 };

describe("places in request text", () => {
  it("reads Google, Apple and OpenStreetMap links", () => {
    for (const text of [
      "Lamp out https://www.google.com/maps/place/Kallio/@60.1699,24.9384,17z/data=x",
      "Lamp out https://maps.google.com/?q=60.1699,24.9384",
      "Lamp out https://www.google.com/maps/search/?api=1&query=60.1699%2C24.9384",
      "Lamp out https://maps.apple.com/?ll=60.1699,24.9384&q=Dropped%20Pin",
      "Lamp out https://maps.apple.com/?q=60.1699,24.9384",
      "Lamp out https://www.openstreetmap.org/?mlat=60.1699&mlon=24.9384#map=17/60.1/24.9",
      "Lamp out https://www.openstreetmap.org/#map=17/60.1699/24.9384",
    ]) {
      assert.deepEqual(findPlaceInText(text), kallio, text);
    }
  });

  it("reads plain coordinates, with or without a space, and negative ones", () => {
    assert.deepEqual(findPlaceInText("Lamp out at 60.1699, 24.9384 by the kiosk"), kallio);
    assert.deepEqual(findPlaceInText("(60.1699,24.9384)"), kallio);
    assert.deepEqual(findPlaceInText("Bench -33.8568, 151.2153"), { lat: -33.8568, long: 151.2153 });
  });

  it("ignores numbers that are not a place, and places out of range", () => {
    assert.equal(findPlaceInText("2, 3 lamps out"), undefined);
    assert.equal(findPlaceInText("Lamp out at Main street 1"), undefined);
    assert.equal(findPlaceInText("at 91.5, 24.9384"), undefined);
    assert.equal(findPlaceInText("at 60.1699, 181.5"), undefined);
    assert.equal(findPlaceInText("https://maps.google.com/?q=95.1,24.9"), undefined);
  });

  it("links a point on OpenStreetMap", () => {
    assert.equal(
      openStreetMapUrl(kallio),
      "https://www.openstreetmap.org/?mlat=60.16990&mlon=24.93840#map=17/60.16990/24.93840",
    );
  });
});
