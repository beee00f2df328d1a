import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { usualStartTimes } from "../../../src/domain/tasks/usual-times.js";

const HELSINKI = "Europe/Helsinki";
const at = (iso: string) => new Date(iso);

describe("usualStartTimes", () => {
  it("names the weekday and local time that shifts keep starting at, most shifts first", () => {
    const starts = [
      at("2026-11-07T08:00:00Z"), // Sat 10:00 in Helsinki (UTC+2)
      at("2026-11-14T08:00:00Z"),
      at("2026-11-21T08:00:00Z"),
      at("2026-11-11T16:00:00Z"), // Wed 18:00
      at("2026-11-18T16:00:00Z"),
      at("2026-11-20T10:30:00Z"), // Fri 12:30, once: no habit
    ];
    assert.deepEqual(usualStartTimes(starts, HELSINKI, 3), ["sat 10:00", "wed 18:00"]);
  });

  it("reads the time in the community's zone, across a daylight-saving change", () => {
    // Sat 10:00 in Helsinki in summer (UTC+3) and in winter (UTC+2).
    const starts = [at("2026-10-17T07:00:00Z"), at("2026-11-07T08:00:00Z")];
    assert.deepEqual(usualStartTimes(starts, HELSINKI, 3), ["sat 10:00"]);
    assert.deepEqual(usualStartTimes(starts, "UTC", 3), []);
  });

  it("breaks a tie by the slot used most recently, and keeps to the limit", () => {
    const starts = [
      at("2026-11-02T16:00:00Z"), // Mon 18:00
      at("2026-11-09T16:00:00Z"),
      at("2026-11-05T15:00:00Z"), // Thu 17:00, the later pair
      at("2026-11-12T15:00:00Z"),
    ];
    assert.deepEqual(usualStartTimes(starts, HELSINKI, 1), ["thu 17:00"]);
    assert.deepEqual(usualStartTimes(starts, HELSINKI, 0), []);
  });

  it("offers nothing for a community without a habit yet", () => {
    assert.deepEqual(usualStartTimes([], HELSINKI, 3), []);
    assert.deepEqual(usualStartTimes([at("2026-11-07T08:00:00Z")], HELSINKI, 3), []);
  });
});
