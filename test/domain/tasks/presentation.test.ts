// How tasks, changes, notices and hour reports read, in en, fi and sv. Pure.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { type Locale, Translator } from "../../../src/core/i18n.js";
import { coreTranslations } from "../../../src/core/locales/core.js";
import { renderCalendar, seriesRule, slotOf } from "../../../src/domain/tasks/calendar-feed.js";
import { diffTask, renderChange } from "../../../src/domain/tasks/changes.js";
import { renderReport, reportCsv } from "../../../src/domain/tasks/hours-report.js";
import { totalHours, totalNoShows } from "../../../src/domain/tasks/hours-totals.js";
import { promotedNotice, relativeTime, reminderNotice } from "../../../src/domain/tasks/notices.js";
import { phaseOf, renderListLine, renderTaskCard } from "../../../src/domain/tasks/task-card.js";
import type { TaskRecord, TaskView } from "../../../src/domain/tasks/task-repository.js";
import { taskTranslations } from "../../../src/domain/tasks/translations.js";
import { vtimezone } from "../../../src/domain/tasks/vtimezone.js";

const translator = new Translator([coreTranslations, taskTranslations]);
const zone = "Europe/Helsinki";
const now = new Date("2026-12-01T08:00:00Z");
const p = (locale: Locale) => ({ t: translator.forLocale(locale), locale, timezone: zone, now });

function task(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    id: 12,
    communityId: "c1",
    seriesId: null,
    title: "Food bank sorting",
    note: "Bring gloves",
    place: "Kallio library",
    startsAt: new Date("2026-12-05T08:00:00Z"),
    endsAt: new Date("2026-12-05T11:00:00Z"),
    capacity: 2,
    cutoffAt: null,
    recurrence: null,
    status: "open",
    cancelReason: null,
    originChatId: "memory:kallio",
    createdByPersonId: "p0",
    nextCreatedAt: null,
    requestId: null,
    revision: 0,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

const volunteer = (name: string, status: "confirmed" | "waitlisted" | "maybe") => ({
  signupId: name.length,
  personId: name,
  displayName: name,
  identityId: `memory:${name}`,
  chatId: "memory:kallio",
  status,
  queuedAt: now,
  note: null,
  attended: null,
  roleId: null,
});

function view(t = task()): TaskView {
  return {
    task: t,
    confirmed: [volunteer("alice", "confirmed"), volunteer("bob", "confirmed")],
    waitlisted: [volunteer("carol", "waitlisted")],
    maybe: [],
    roles: [],
  };
}

describe("task card", () => {
  it("shows the time with the weekday in the reader's language, slots filled and the wait-list", () => {
    const card = renderTaskCard(view(), p("en"));
    assert.equal(card.title, "Food bank sorting");
    assert.deepEqual(card.fields, [
      { label: "When", value: "Sat 5 Dec 10:00–13:00" },
      { label: "Where", value: "Kallio library" },
      { label: "Slots", value: "2/2 filled · 1 on the wait-list" },
    ]);
    assert.equal(card.text, "Bring gloves\nIn: alice, bob\nWait-list: carol");
    assert.equal(card.footer, "Task #12 · /task join 12");
    assert.deepEqual(
      card.buttons?.flat().map((b) => [b.label, b.action, b.args]),
      [
        ["Join", "task.join", ["12"]],
        ["Maybe", "task.maybe", ["12"]],
        ["Leave", "task.leave", ["12"]],
      ],
    );
    const fi = renderTaskCard(view(), p("fi"));
    assert.equal(fi.fields?.[0]?.value, "la 5.12. klo 10.00–13.00");
    assert.equal(fi.fields?.[2]?.value, "2/2 täynnä · 1 jonossa");
    assert.deepEqual(
      fi.buttons?.flat().map((b) => b.label),
      ["Mukaan", "Ehkä", "Peru"],
    );
    const sv = renderTaskCard(view(), p("sv"));
    assert.match(sv.fields?.[0]?.value ?? "", /^lör 5 dec\.? kl\. 10:00–13:00$/);
  });

  it("shows a shift without a limit as a head count, and a repeating one's rhythm", () => {
    const card = renderTaskCard(
      view(task({ capacity: 1000, recurrence: "DTSTART:20261205T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2" })),
      p("en"),
    );
    assert.equal(card.fields?.find((f) => f.label === "Slots")?.value, "2 signed up (no limit) · 1 on the wait-list");
    assert.equal(card.fields?.find((f) => f.label === "Repeats")?.value, "every 2 weeks");
  });

  it("offers Leave only after the cutoff, and no buttons once started, cancelled or done", () => {
    const closed = task({ cutoffAt: new Date("2026-11-30T00:00:00Z") });
    assert.equal(phaseOf(closed, now), "closed");
    assert.deepEqual(
      renderTaskCard(view(closed), p("en"))
        .buttons?.flat()
        .map((b) => b.label),
      ["Leave"],
    );
    const cancelled = renderTaskCard(view(task({ status: "cancelled", cancelReason: "Snow storm" })), p("en"));
    assert.equal(cancelled.buttons, undefined);
    assert.match(cancelled.text, /^Cancelled: Snow storm/);
    assert.equal(cancelled.footer, "Task #12 · cancelled");
    assert.equal(phaseOf(task(), new Date("2026-12-05T08:00:00Z")), "started");
  });

  it("writes one line per task for lists", () => {
    const line = renderListLine({ task: task(), confirmed: 1, waitlisted: 0, mine: "confirmed" }, p("en"));
    assert.equal(line, "#12 · Sat 5 Dec 10:00–13:00 · Food bank sorting · Kallio library · 1/2 filled · you're in");
  });

  it("shows the year on cards and lists for a date not in the current year", () => {
    const january = task({
      startsAt: new Date("2027-01-02T08:00:00Z"),
      endsAt: new Date("2027-01-02T11:00:00Z"),
      cutoffAt: new Date("2026-12-31T16:00:00Z"),
    });
    const fields = renderTaskCard(view(january), p("en")).fields ?? [];
    assert.equal(fields.find((f) => f.label === "When")?.value, "Sat 2 Jan 2027 10:00–13:00");
    // The cutoff is this year, so it needs no year.
    assert.match(fields.find((f) => f.value.includes("31 Dec"))?.value ?? "", /^Thu 31 Dec 18:00$/);
    const fi = renderListLine({ task: january, confirmed: 0, waitlisted: 0, mine: undefined }, p("fi"));
    assert.match(fi, /^#12 · la 2\.1\.2027 klo 10\.00–13\.00 · /);
    const sv = renderListLine({ task: january, confirmed: 0, waitlisted: 0, mine: undefined }, p("sv"));
    assert.match(sv, /^#12 · lör 2 jan\.? 2027 kl\. 10:00–13:00 · /);
  });
});

describe("changes and notices", () => {
  it("lists what an edit changed, in the reader's language and zone", () => {
    const before = task();
    const after = task({
      startsAt: new Date("2026-12-06T08:00:00Z"),
      endsAt: new Date("2026-12-06T11:00:00Z"),
      capacity: 4,
      place: null,
    });
    const changes = diffTask(before, after);
    assert.deepEqual(
      changes.map((c) => c.field),
      ["when", "place", "slots"],
    );
    const en = changes.map((c) => renderChange(c, translator.forLocale("en"), "en", zone));
    assert.deepEqual(en, [
      "When: Sat 5 Dec 10:00–13:00 → Sun 6 Dec 10:00–13:00",
      "Where: Kallio library → (none)",
      "Slots: 2 → 4",
    ]);
    assert.equal(
      renderChange(changes[0]!, translator.forLocale("fi"), "fi", zone),
      "Milloin: la 5.12. klo 10.00–13.00 → su 6.12. klo 10.00–13.00",
    );
  });

  it("builds notices per reader", () => {
    const promoted = promotedNotice(task(), zone);
    assert.equal(
      promoted(translator.forLocale("en"), "en").text,
      "Good news: a place opened up in “Food bank sorting”, Sat 5 Dec 10:00–13:00. You're in!",
    );
    assert.match(
      promoted(translator.forLocale("sv"), "sv").text,
      /^Goda nyheter: en plats blev ledig i ”Food bank sorting”, lör 5 dec/,
    );
    const reminder = reminderNotice(task(), zone, new Date("2026-12-05T07:00:00Z"));
    assert.equal(
      reminder(translator.forLocale("fi"), "fi").text.split("\n")[0],
      "Muistutus: ”Food bank sorting” alkaa 1 tunnin päästä (la 5.12. klo 10.00–13.00).",
    );
  });

  it("says how long until a start, rounded to what matters", () => {
    const start = new Date("2026-12-05T08:00:00Z");
    const minutesBefore = (minutes: number) => new Date(start.getTime() - minutes * 60_000);
    assert.equal(relativeTime(start, minutesBefore(60), "en"), "in 1 hour");
    assert.equal(relativeTime(start, minutesBefore(1440), "en"), "in 24 hours");
    assert.equal(relativeTime(start, minutesBefore(90), "en"), "in 90 minutes");
    assert.equal(relativeTime(start, minutesBefore(4 * 1440), "sv"), "om 4 dagar");
    assert.equal(relativeTime(start, minutesBefore(20), "fi"), "20 minuutin päästä");
  });
});

describe("hours totals and report", () => {
  const lines = [
    { personId: "b", name: "bob", taskId: 12, taskTitle: "Food bank", minutes: 180 },
    { personId: "a", name: "alice", taskId: 12, taskTitle: "Food bank", minutes: 180 },
    { personId: "a", name: "alice", taskId: null, taskTitle: null, minutes: 90 },
    { personId: "c", name: "=cmd|' /C calc'!A0", taskId: 13, taskTitle: "Park", minutes: 60 },
  ];

  it("adds up per volunteer and per task, most first, 'no task' last", () => {
    const totals = totalHours(lines);
    assert.deepEqual(
      totals.volunteers.map((v) => [v.name, v.minutes, v.entries]),
      [
        ["alice", 270, 2],
        ["bob", 180, 1],
        ["=cmd|' /C calc'!A0", 60, 1],
      ],
    );
    assert.deepEqual(
      totals.tasks.map((t) => [t.taskId, t.minutes, t.volunteers]),
      [
        [12, 360, 2],
        [13, 60, 1],
        [null, 90, 1],
      ],
    );
    assert.equal(totals.minutes, 510);
  });

  // erin missed shift 12 and 13 and has no hours; bob missed 12.
  const noShows = totalNoShows([
    { personId: "e", name: "erin", taskId: 12 },
    { personId: "b", name: "bob", taskId: 12 },
    { personId: "e", name: "erin", taskId: 13 },
  ]);

  it("writes a CSV with decimal hours, no-shows, and formula-looking names defused", () => {
    const csv = reportCsv(totalHours(lines), noShows, translator.forLocale("en"));
    // A UTF-8 byte-order mark first, so Excel reads ä and ö; CRLF records (RFC 4180).
    assert.ok(csv.startsWith("\uFEFFtype,"), JSON.stringify(csv.slice(0, 8)));
    assert.ok(csv.endsWith("\r\n"));
    assert.doesNotMatch(csv.replace(/\r\n/g, ""), /\n/);
    assert.deepEqual(csv.slice(1).trimEnd().split("\r\n"), [
      "type,name,task,hours,entries,no-shows",
      "volunteer,alice,,4.5,2,0",
      "volunteer,bob,,3,1,1",
      "volunteer,'=cmd|' /C calc'!A0,,1,1,0",
      "volunteer,erin,,0,0,2",
      "task,Food bank,12,6,2,2",
      "task,Park,13,1,1,1",
      "task,Without a task,,1.5,1,0",
      "total,,,8.5,4,3",
    ]);
  });

  it("renders the report for the chat, with the CSV as an attachment", () => {
    const report = renderReport(
      {
        totals: totalHours(lines),
        noShows,
        pending: { count: 1, minutes: 120 },
        monthName: "December 2026",
        monthKey: "2026-12",
      },
      translator.forLocale("en"),
      "en",
      true,
    );
    assert.equal(report.title, "Volunteer hours, December 2026");
    assert.match(report.text, /alice: 4\.5 h \(2 entries\)/);
    assert.match(report.text, /#12 Food bank: 6 h \(2 volunteers\)/);
    assert.match(report.text, /1 entry \(2 h\) is still waiting for approval/);
    assert.match(report.text, /Marked absent from this month's shifts \(no-shows\):\nerin: 2 shifts\nbob: 1 shift/);
    assert.equal(report.footer, "Total: 8.5 h in 4 entries");
    assert.equal(report.attachment?.filename, "hours-2026-12.csv");
    assert.equal(report.attachment?.mimeType, "text/csv");
  });
});

describe("calendar feed", () => {
  it("writes VEVENTs with a UID, UTC start and end, summary, location and slots", () => {
    const ics = renderCalendar({
      name: "Kallio: volunteer shifts",
      series: new Map(),
      installationId: "inst1",
      timezone: zone,
      items: [
        { task: task(), confirmed: 2, waitlisted: 1, mine: undefined },
        {
          task: task({ id: 13, status: "cancelled", endsAt: null, place: null }),
          confirmed: 0,
          waitlisted: 0,
          mine: undefined,
        },
      ],
      t: translator.forLocale("en"),
      now,
    });
    const text = ics.replace(/\r\n /g, "");
    assert.match(text, /^BEGIN:VCALENDAR\r\n/);
    assert.match(text, /UID:task-12@inst1\.talkoot\r\n/);
    assert.match(text, /DTSTART;TZID=Europe\/Helsinki:20261205T100000\r\n/);
    assert.match(text, /DTEND;TZID=Europe\/Helsinki:20261205T130000\r\n/);
    assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Europe\/Helsinki\r\n/);
    assert.match(text, /SUMMARY:Food bank sorting\r\n/);
    assert.match(text, /LOCATION:Kallio library\r\n/);
    assert.match(text, /DESCRIPTION:Slots: 2\/2 filled · 1 on the wait-list\\nBring gloves/);
    // A cancelled shift stays, marked, so calendars drop it; no --until means 2 hours.
    assert.match(
      text,
      /UID:task-13@inst1\.talkoot[\s\S]*DTEND;TZID=Europe\/Helsinki:20261205T120000[\s\S]*STATUS:CANCELLED/,
    );
    assert.match(text, /X-WR-CALNAME:Kallio: volunteer shifts/);
    assert.equal((text.match(/BEGIN:VEVENT/g) ?? []).length, 2);
  });

  it("escapes text and folds long lines as RFC 5545 says", () => {
    const ics = renderCalendar({
      name: "Kallio",
      series: new Map(),
      installationId: "inst1",
      timezone: zone,
      items: [
        {
          task: task({ title: "Sorting, packing; carrying\\lifting", note: "ä".repeat(60) }),
          confirmed: 0,
          waitlisted: 0,
          mine: undefined,
        },
      ],
      t: translator.forLocale("en"),
      now,
    });
    assert.match(ics, /SUMMARY:Sorting\\, packing\\; carrying\\\\lifting\r\n/);
    for (const line of ics.split("\r\n")) assert.ok(Buffer.byteLength(line) <= 75, line);
    assert.doesNotMatch(ics.replace(/\r\n/g, ""), /[\r\n]/);
  });

  it("writes the zone's real transitions as its VTIMEZONE", () => {
    const helsinki = vtimezone(zone, 2026, 2026);
    assert.match(
      helsinki,
      /BEGIN:DAYLIGHT\r\nDTSTART:20260329T030000\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0300\r\nEND:DAYLIGHT/,
    );
    assert.match(
      helsinki,
      /BEGIN:STANDARD\r\nDTSTART:20261025T040000\r\nTZOFFSETFROM:\+0300\r\nTZOFFSETTO:\+0200\r\nEND:STANDARD/,
    );
    assert.match(vtimezone("UTC", 2026, 2026), /TZOFFSETFROM:\+0000\r\nTZOFFSETTO:\+0000/);
  });

  it("matches a moved occurrence to its slot and writes UNTIL in UTC", () => {
    const recurrence = "DTSTART:20261205T100000\nRRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20270101T000000";
    // Moved from Saturday 10:00 to Sunday 12:00: still the Saturday slot.
    const moved = task({ startsAt: new Date("2026-12-13T10:00:00Z"), recurrence });
    assert.equal(slotOf(moved, recurrence, zone)?.toISOString(), "2026-12-12T08:00:00.000Z");
    assert.equal(
      seriesRule(recurrence, zone, undefined, [new Date("2026-12-19T08:00:00Z")]),
      `RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20261231T220000Z\nEXDATE;TZID=${zone}:20261219T100000`,
    );
    assert.equal(
      seriesRule(recurrence, zone, new Date("2026-12-12T08:00:00Z"), []),
      "RRULE:FREQ=WEEKLY;INTERVAL=1;UNTIL=20261212T080000Z",
    );
  });
});
