import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { formatSpan, formatWhen } from "../../../src/domain/time/format-when.js";
import { parseDuration } from "../../../src/domain/time/parse-duration.js";
import { normaliseNordic, parseWhen } from "../../../src/domain/time/parse-when.js";

// Tuesday 1 Dec 2026, 10:00 in Helsinki (UTC+2).
const now = new Date("2026-12-01T08:00:00Z");
const helsinki = (input: string, locale: "en" | "fi" | "sv" = "en") =>
  parseWhen(input, { locale, timezone: "Europe/Helsinki", now });
const iso = (input: string, locale: "en" | "fi" | "sv" = "en") => {
  const result = helsinki(input, locale);
  return result.ok ? result.at.toISOString() : "unparsed";
};

describe("parseWhen", () => {
  const cases: Array<[string, "en" | "fi" | "sv", string]> = [
    ["tomorrow 18:00", "en", "2026-12-02T16:00:00.000Z"],
    ["sat 10", "en", "2026-12-05T08:00:00.000Z"],
    ["2026-12-05 09:30", "en", "2026-12-05T07:30:00.000Z"],
    ["friday 18:00", "en", "2026-12-04T16:00:00.000Z"],
    ["la 10", "fi", "2026-12-05T08:00:00.000Z"],
    ["huomenna klo 18", "fi", "2026-12-02T16:00:00.000Z"],
    ["la 6.12. klo 10.00", "fi", "2026-12-06T08:00:00.000Z"],
    ["5.12. klo 9.30", "fi", "2026-12-05T07:30:00.000Z"],
    ["lör kl 10", "sv", "2026-12-05T08:00:00.000Z"],
    ["imorgon kl. 18:00", "sv", "2026-12-02T16:00:00.000Z"],
    ["in 2 hours", "en", "2026-12-01T10:00:00.000Z"],
    ["2h", "en", "2026-12-01T10:00:00.000Z"],
    // Swedish relative days, with and without "kl", and weekday plus a bare hour.
    ["i morgon 18:00", "sv", "2026-12-02T16:00:00.000Z"],
    ["i morgon kl 18", "sv", "2026-12-02T16:00:00.000Z"],
    ["imorgon 18", "sv", "2026-12-02T16:00:00.000Z"],
    ["i kväll kl 21", "sv", "2026-12-01T19:00:00.000Z"],
    ["ikväll 9", "sv", "2026-12-01T19:00:00.000Z"],
    ["i övermorgon kl 12", "sv", "2026-12-03T10:00:00.000Z"],
    ["lör 10", "sv", "2026-12-05T08:00:00.000Z"],
    ["sön 12", "sv", "2026-12-06T10:00:00.000Z"],
    ["fre 18", "sv", "2026-12-04T16:00:00.000Z"],
    ["ylihuomenna klo 12", "fi", "2026-12-03T10:00:00.000Z"],
    ["day after tomorrow 12:00", "en", "2026-12-03T10:00:00.000Z"],
    // A bare hour after a day is that hour, not midnight.
    ["tomorrow 6", "en", "2026-12-02T04:00:00.000Z"],
  ];
  for (const [input, locale, expected] of cases) {
    it(`reads “${input}” (${locale})`, () => assert.equal(iso(input, locale), expected));
  }

  it("keeps wall-clock time across daylight saving (summer is UTC+3)", () => {
    assert.equal(iso("2027-06-05 10:00"), "2027-06-05T07:00:00.000Z");
  });

  it("has a time of day only when one is written", () => {
    const tonight = helsinki("ikväll", "sv");
    assert.ok(tonight.ok && !tonight.hasTime);
    assert.equal(tonight.ok && tonight.at.toISOString(), "2026-11-30T22:00:00.000Z");
    const tomorrow6 = helsinki("tomorrow 6");
    assert.ok(tomorrow6.ok && tomorrow6.hasTime);
    // "dec 6" is a date, not 06:00.
    const dec6 = helsinki("dec 6");
    assert.ok(dec6.ok && !dec6.hasTime);
  });

  it("refuses a date or clock time that does not exist, never reading it as another", () => {
    for (const input of ["2027-13-01", "2027-02-30 10:00", "25:00"]) {
      assert.deepEqual(helsinki(input), { ok: false, problem: "impossible" }, input);
    }
    assert.deepEqual(helsinki("31.2. klo 10", "fi"), { ok: false, problem: "impossible" });
  });

  it("refuses a local time that daylight saving skips or repeats, never moving it", () => {
    // Helsinki: 03:00 -> 04:00 on 28 Mar 2027, 04:00 -> 03:00 on 31 Oct 2027.
    assert.deepEqual(helsinki("2027-03-28 03:30"), { ok: false, problem: "skipped" });
    assert.deepEqual(helsinki("2027-10-31 03:30"), { ok: false, problem: "repeated" });
    // The hours around the change are fine.
    assert.equal(iso("2027-03-28 04:30"), "2027-03-28T01:30:00.000Z");
    assert.equal(iso("2027-10-31 02:30"), "2027-10-30T23:30:00.000Z");
    assert.equal(iso("2027-10-31 04:30"), "2027-10-31T02:30:00.000Z");
  });

  it("refuses what is not a time", () => {
    assert.deepEqual(helsinki("banana"), { ok: false, problem: "unreadable" });
    assert.equal(helsinki("").ok, false);
    assert.equal(helsinki("banana split 10 with cream and sprinkles on top").ok, false);
  });

  it("rewrites Nordic numeric forms", () => {
    assert.equal(normaliseNordic("la 6.12. klo 10.00", 2026), "la 2026-12-06 10:00");
    assert.equal(normaliseNordic("kl. 9", 2026), "09:00");
  });
});

describe("formatWhen", () => {
  const at = new Date("2026-12-06T08:00:00Z");
  it("shows the weekday in the reader's language and zone", () => {
    assert.equal(formatWhen(at, "fi", "Europe/Helsinki"), "su 6.12. klo 10.00");
    assert.equal(formatWhen(at, "en", "Europe/Helsinki"), "Sun 6 Dec 10:00");
    assert.match(formatWhen(at, "sv", "Europe/Stockholm"), /^sön 6 dec\.? kl\. 09:00$/);
  });

  it("shows a same-day span with the end time alone", () => {
    const end = new Date("2026-12-06T11:00:00Z");
    assert.equal(formatSpan(at, end, "fi", "Europe/Helsinki"), "su 6.12. klo 10.00–13.00");
  });
});

describe("parseDuration", () => {
  it("reads durations in three languages and ISO", () => {
    assert.equal(parseDuration("2h"), 7_200_000);
    assert.equal(parseDuration("90 min"), 5_400_000);
    assert.equal(parseDuration("3 days"), 3 * 86_400_000);
    assert.equal(parseDuration("3 päivää"), 3 * 86_400_000);
    assert.equal(parseDuration("2 timmar"), 7_200_000);
    assert.equal(parseDuration("1 vk"), 7 * 86_400_000);
    assert.equal(parseDuration("1 day 12 h"), 1.5 * 86_400_000);
    assert.equal(parseDuration("P3D"), 3 * 86_400_000);
  });

  it("refuses what is not a duration", () => {
    assert.equal(parseDuration("soon"), undefined);
    assert.equal(parseDuration("0h"), undefined);
    assert.equal(parseDuration("3 bananas"), undefined);
  });
});
