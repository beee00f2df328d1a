// What task and hours commands accept, and the localised refusals of the rest.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { formatHours, monthRange, parseHoursAmount, parseWorkDay } from "../../../src/domain/tasks/hours-input.js";
import { checkNote, checkPlace, checkSlots, checkTitle } from "../../../src/domain/tasks/limits.js";
import { parseOffsets, readOffsets } from "../../../src/domain/tasks/reminder-offsets.js";
import { parseCutoff, parseEnd, parseStart, type TimeContext } from "../../../src/domain/tasks/task-times.js";
import { refusal } from "../../support/refusal.js";

// Tuesday 1 Dec 2026, 10:00 in Helsinki.
const ctx: TimeContext = { locale: "en", timezone: "Europe/Helsinki", now: new Date("2026-12-01T08:00:00Z") };
const sat10 = new Date("2026-12-05T08:00:00Z");

describe("task times", () => {
  it("reads a start in the community's zone, in en, fi and sv", () => {
    assert.equal(parseStart("sat 10:00", ctx).toISOString(), sat10.toISOString());
    assert.equal(parseStart("la 10", { ...ctx, locale: "fi" }).toISOString(), sat10.toISOString());
    assert.equal(parseStart("lör kl 10", { ...ctx, locale: "sv" }).toISOString(), sat10.toISOString());
  });

  it("refuses a start that is not a time, has no time of day, or is past", () => {
    assert.equal(
      refusal(() => parseStart("banana", ctx)),
      "tasks:errors.badWhen",
    );
    assert.equal(
      refusal(() => parseStart("saturday", ctx)),
      "tasks:errors.needTime",
    );
    assert.equal(
      refusal(() => parseStart("yesterday 10:00", ctx)),
      "tasks:errors.inPast",
    );
    assert.equal(parseStart("tomorrow 6", ctx).toISOString(), "2026-12-02T04:00:00.000Z");
  });

  it("refuses an impossible date and a time daylight saving skips or repeats, with the reason", () => {
    assert.equal(
      refusal(() => parseStart("2027-13-01 10:00", ctx)),
      "tasks:errors.impossibleDate",
    );
    assert.equal(
      refusal(() => parseStart("2027-03-28 03:30", ctx)),
      "tasks:errors.skippedTime",
    );
    assert.equal(
      refusal(() => parseStart("2027-10-31 03:30", ctx)),
      "tasks:errors.repeatedTime",
    );
    assert.equal(
      refusal(() => parseWorkDay("2026-11-31", ctx)),
      "tasks:errors.impossibleDate",
    );
  });

  it("reads an end as a time on the start's day, or as a length", () => {
    assert.equal(parseEnd("13:00", sat10, ctx).toISOString(), "2026-12-05T11:00:00.000Z");
    assert.equal(parseEnd("3h", sat10, ctx).toISOString(), "2026-12-05T11:00:00.000Z");
    // A time before the start's hour is the next day: a night shift.
    assert.equal(parseEnd("09:00", sat10, ctx).toISOString(), "2026-12-06T07:00:00.000Z");
    assert.equal(
      refusal(() => parseEnd("2026-12-04 18:00", sat10, ctx)),
      "tasks:errors.endBeforeStart",
    );
    assert.equal(
      refusal(() => parseEnd("fri 18:00", sat10, ctx)),
      "tasks:errors.tooLong",
    );
    assert.equal(
      refusal(() => parseEnd("banana", sat10, ctx)),
      "tasks:errors.badUntil",
    );
  });

  it("reads a cutoff as a time, or as a length before the start, between now and the start", () => {
    assert.equal(parseCutoff("fri 18:00", sat10, ctx).toISOString(), "2026-12-04T16:00:00.000Z");
    assert.equal(parseCutoff("1 day", sat10, ctx).toISOString(), "2026-12-04T08:00:00.000Z");
    assert.equal(
      refusal(() => parseCutoff("sun 18:00", sat10, ctx)),
      "tasks:errors.cutoffAfterStart",
    );
    assert.equal(
      refusal(() => parseCutoff("10 days", sat10, ctx)),
      "tasks:errors.cutoffInPast",
    );
  });
});

describe("limits", () => {
  it("keeps titles 1–120, places ≤ 200, notes ≤ 1000 characters, slots 1–1000", () => {
    assert.equal(checkTitle("  Food   bank  "), "Food bank");
    assert.equal(
      refusal(() => checkTitle("   ")),
      "tasks:errors.titleLength",
    );
    assert.equal(
      refusal(() => checkTitle("x".repeat(121))),
      "tasks:errors.titleLength",
    );
    assert.equal(checkTitle("ä".repeat(120)).length, 120);
    assert.equal(checkPlace("-"), undefined);
    assert.equal(
      refusal(() => checkPlace("p".repeat(201))),
      "tasks:errors.placeLength",
    );
    assert.equal(
      refusal(() => checkNote("n".repeat(1001))),
      "tasks:errors.noteLength",
    );
    assert.equal(checkSlots(1), 1);
    assert.equal(checkSlots(1000), 1000);
    assert.equal(
      refusal(() => checkSlots(0)),
      "tasks:errors.slotsRange",
    );
    assert.equal(
      refusal(() => checkSlots(10000)),
      "tasks:errors.slotsRange",
    );
  });
});

describe("reminder offsets", () => {
  it("reads minutes, latest first, and refuses the rest", () => {
    assert.deepEqual(parseOffsets("60,1440"), [1440, 60]);
    assert.deepEqual(parseOffsets("30 30"), [30]);
    assert.equal(
      refusal(() => parseOffsets("0")),
      "tasks:errors.badOffsets",
    );
    assert.equal(
      refusal(() => parseOffsets("1,2,3,4,5,6")),
      "tasks:errors.badOffsets",
    );
    assert.equal(
      refusal(() => parseOffsets("soon")),
      "tasks:errors.badOffsets",
    );
    assert.deepEqual(readOffsets("garbage"), [1440, 60]);
  });
});

describe("hours input", () => {
  it("reads amounts of hours", () => {
    assert.equal(parseHoursAmount("2"), 120);
    assert.equal(parseHoursAmount("1,5"), 90);
    assert.equal(parseHoursAmount("1.25"), 75);
    assert.equal(parseHoursAmount("90 min"), 90);
    assert.equal(parseHoursAmount("2h"), 120);
    assert.equal(
      refusal(() => parseHoursAmount("0")),
      "tasks:hours.errors.badAmount",
    );
    assert.equal(
      refusal(() => parseHoursAmount("25")),
      "tasks:hours.errors.badAmount",
    );
    assert.equal(
      refusal(() => parseHoursAmount("lots")),
      "tasks:hours.errors.badAmount",
    );
  });

  it("reads the day worked, never in the future; a weekday name means the last one", () => {
    const day = (input: string) => parseWorkDay(input, ctx).toISOString();
    assert.equal(day("yesterday"), "2026-11-29T22:00:00.000Z");
    assert.equal(day("2026-11-20"), "2026-11-19T22:00:00.000Z");
    assert.equal(day("saturday"), "2026-11-27T22:00:00.000Z");
    assert.equal(parseWorkDay("la", { ...ctx, locale: "fi" }).toISOString(), "2026-11-27T22:00:00.000Z");
    assert.equal(
      refusal(() => parseWorkDay("tomorrow", ctx)),
      "tasks:hours.errors.futureDate",
    );
    assert.equal(
      refusal(() => parseWorkDay("2026-12-24", ctx)),
      "tasks:hours.errors.futureDate",
    );
    assert.equal(
      refusal(() => parseWorkDay("banana", ctx)),
      "tasks:hours.errors.badDate",
    );
  });

  it("reads months in the community's zone and formats hours in the reader's language", () => {
    const december = monthRange(undefined, "Europe/Helsinki", ctx.now);
    assert.deepEqual(
      [december.key, december.from.toISOString(), december.to.toISOString()],
      ["2026-12", "2026-11-30T22:00:00.000Z", "2026-12-31T22:00:00.000Z"],
    );
    assert.equal(monthRange("2027-3", "Europe/Helsinki", ctx.now).key, "2027-03");
    assert.equal(
      refusal(() => monthRange("2026-13", "Europe/Helsinki", ctx.now)),
      "tasks:hours.errors.badMonth",
    );
    assert.equal(formatHours(150, "en"), "2.5 h");
    assert.equal(formatHours(150, "fi"), "2,5 h");
    assert.equal(formatHours(180, "sv"), "3 h");
  });
});
