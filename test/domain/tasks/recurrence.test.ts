// Repeating shifts: presets, raw RRULEs, and wall-clock times across daylight saving.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import {
  buildRecurrence,
  describeRecurrence,
  fromFloating,
  nextOccurrence,
  toFloating,
} from "../../../src/domain/tasks/recurrence.js";
import { refusal } from "../../support/refusal.js";

const zone = "Europe/Helsinki";
// Saturday 5 Dec 2026, 10:00 in Helsinki (UTC+2).
const start = new Date("2026-12-05T08:00:00Z");

describe("recurrence", () => {
  it("stores presets with the series' first start in floating wall-clock time", () => {
    assert.equal(buildRecurrence("weekly", start, zone), "DTSTART:20261205T100000\nRRULE:FREQ=WEEKLY;INTERVAL=1");
    assert.equal(buildRecurrence("biweekly", start, zone), "DTSTART:20261205T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2");
    assert.equal(buildRecurrence("Monthly", start, zone), "DTSTART:20261205T100000\nRRULE:FREQ=MONTHLY;INTERVAL=1");
    assert.equal(describeRecurrence(buildRecurrence("joka viikko", start, zone)).kind, "weekly");
    assert.equal(describeRecurrence(buildRecurrence("varannan vecka", start, zone)).kind, "biweekly");
  });

  it("finds the next occurrence after a given time", () => {
    const weekly = buildRecurrence("weekly", start, zone);
    assert.equal(nextOccurrence(weekly, start, zone)?.toISOString(), "2026-12-12T08:00:00.000Z");
    assert.equal(
      nextOccurrence(weekly, new Date("2026-12-20T00:00:00Z"), zone)?.toISOString(),
      "2026-12-26T08:00:00.000Z",
    );
    const biweekly = buildRecurrence("biweekly", start, zone);
    assert.equal(nextOccurrence(biweekly, start, zone)?.toISOString(), "2026-12-19T08:00:00.000Z");
  });

  it("keeps 10:00 local across the change to summer time (UTC+3)", () => {
    const weekly = buildRecurrence("weekly", start, zone);
    // Summer time starts on Sunday 28 March 2027.
    const next = nextOccurrence(weekly, new Date("2027-03-28T00:00:00Z"), zone);
    assert.equal(next?.toISOString(), "2027-04-03T07:00:00.000Z");
  });

  it("takes a raw RRULE, with or without the RRULE: prefix, and honours COUNT", () => {
    const rule = buildRecurrence("RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=2", start, zone);
    assert.equal(describeRecurrence(rule).kind, "custom");
    assert.equal(describeRecurrence(rule).rule, "FREQ=WEEKLY;BYDAY=SA;COUNT=2");
    assert.equal(nextOccurrence(rule, start, zone)?.toISOString(), "2026-12-12T08:00:00.000Z");
    assert.equal(nextOccurrence(rule, new Date("2026-12-12T08:00:00Z"), zone), undefined);
    assert.equal(describeRecurrence(buildRecurrence("freq=monthly;bysetpos=1;byday=sa", start, zone)).kind, "custom");
  });

  it("refuses what is not a rule, hourly rules, time parts and rules that never repeat", () => {
    assert.equal(
      refusal(() => buildRecurrence("banana", start, zone)),
      "tasks:errors.badRepeat",
    );
    assert.equal(
      refusal(() => buildRecurrence("FREQ=WEEKLY;FOO=1", start, zone)),
      "tasks:errors.badRepeat",
    );
    assert.equal(
      refusal(() => buildRecurrence("FREQ=WEEKLY;BYHOUR=10", start, zone)),
      "tasks:errors.badRepeat",
    );
    assert.equal(
      refusal(() => buildRecurrence("FREQ=BANANA", start, zone)),
      "tasks:errors.badRepeat",
    );
    assert.equal(
      refusal(() => buildRecurrence("FREQ=HOURLY", start, zone)),
      "tasks:errors.repeatTooOften",
    );
    assert.equal(
      refusal(() => buildRecurrence("FREQ=WEEKLY;COUNT=1", start, zone)),
      "tasks:errors.repeatNever",
    );
  });

  it("converts to and from floating time", () => {
    const floating = toFloating(start, zone);
    assert.equal(floating.toISOString(), "2026-12-05T10:00:00.000Z");
    assert.equal(fromFloating(floating, zone).toISOString(), start.toISOString());
  });
});
