// The dispatcher's places per platform (platform-places.ts): what to claim
// for, and when a platform with nothing due is left out of the claims.
import assert from "node:assert/strict";
import { it } from "vitest";
import { OTHER_PLATFORMS, PlatformPlaces } from "../../src/outbox/platform-places.js";

const LISTED = ["telegram", "slack"];

it("gives each platform its own places, the others theirs", () => {
  const places = new PlatformPlaces(2, 1);
  places.take("telegram");
  places.take("telegram");
  assert.deepEqual(places.claims(LISTED, new Set()), [
    { platform: "slack", limit: 2 },
    { platform: OTHER_PLATFORMS, limit: 2 },
  ]);
  assert.deepEqual([places.free("telegram"), places.free("slack")], [0, 2]);
  assert.ok(places.anyFree(LISTED));
  places.release("telegram");
  assert.deepEqual(places.claims(LISTED, new Set(["slack"])), [
    { platform: "telegram", limit: 1 },
    { platform: OTHER_PLATFORMS, limit: 2 },
  ]);
});

it("leaves a drained platform out until one of its rows finishes or a wake-up comes", () => {
  const places = new PlatformPlaces(2, 1);
  places.take("telegram");
  for (const platform of [...LISTED, OTHER_PLATFORMS]) places.markDrained(platform, places.stamp(platform));
  assert.deepEqual(places.claims(LISTED, new Set()), []);
  assert.equal(places.anyReclaimable(LISTED), false);
  places.release("telegram");
  assert.deepEqual(places.claims(LISTED, new Set()), [{ platform: "telegram", limit: 2 }]);
  places.wake(false);
  assert.deepEqual(
    places.claims(LISTED, new Set()).map((c) => c.platform),
    ["telegram", "slack"],
    "a wake-up looks at every listed platform, the others only when asked",
  );
  places.wake(true);
  assert.equal(places.claims(LISTED, new Set()).length, 3);
});

it("does not mark a platform drained when one of its rows finished, or a wake-up came, while the claim ran", () => {
  const places = new PlatformPlaces(2, 1);
  places.take("slack");
  const before = places.stamp("slack");
  places.release("slack");
  places.markDrained("slack", before);
  assert.ok(places.claims(LISTED, new Set()).some((c) => c.platform === "slack"));
  const beforeWake = places.stamp("telegram");
  places.wake(false);
  places.markDrained("telegram", beforeWake);
  assert.ok(places.claims(LISTED, new Set()).some((c) => c.platform === "telegram"));
});

it("with no platform listed, is one pool that a wake-up opens", () => {
  const places = new PlatformPlaces(3, 1);
  assert.deepEqual(places.claims([], new Set()), [{ platform: OTHER_PLATFORMS, limit: 3 }]);
  places.take(OTHER_PLATFORMS);
  assert.ok(places.anyFree([]));
  places.markDrained(OTHER_PLATFORMS, places.stamp(OTHER_PLATFORMS));
  assert.deepEqual(places.claims([], new Set()), []);
  places.wake(true);
  assert.deepEqual(places.claims([], new Set()), [{ platform: OTHER_PLATFORMS, limit: 2 }]);
});
