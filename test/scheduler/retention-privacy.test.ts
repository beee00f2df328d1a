// Retention's storage limitation on both databases, with a manual clock:
// closed requests lose their free text, declined hours their note, expired
// codes go; periods come from the configuration; and with two instances
// each scheduled clean-up runs on one of them only.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it, vi } from "vitest";
import { loadConfig } from "../../src/config.js";
import { ManualClock, systemClock } from "../../src/core/clock.js";
import { LeaseRunCoordinator } from "../../src/scheduler/lease-coordinator.js";
import { Leases } from "../../src/scheduler/leases.js";
import {
  DEFAULT_RETENTION,
  REDACTED_TEXT,
  Retention,
  type RetentionPolicy,
  type RetentionReport,
  retentionPolicy,
} from "../../src/scheduler/retention.js";
import { scheduleSingleton } from "../../src/scheduler/singleton-schedule.js";
import type { Database, Db } from "../../src/storage/database.js";
import { ProcessedEvents } from "../../src/storage/repositories/processed-events.js";
import { forEachDatabase } from "../support/databases.js";
import { forEachDatabasePair, quietLogger } from "./database-pair.js";

const DAY = 24 * 60 * 60_000;

function retention(database: Database, clock: ManualClock, policy: RetentionPolicy = DEFAULT_RETENTION): Retention {
  const { db } = database;
  return new Retention(
    { db, processedEvents: new ProcessedEvents(database), leases: new Leases(db), clock, logger: quietLogger },
    policy,
  );
}

/** A request with a comment, finished (or not) `daysAgo` days before the clock. */
async function seedRequest(db: Db, clock: ManualClock, number: string, status: string, daysAgo: number) {
  const at = new Date(clock.now().getTime() - daysAgo * DAY);
  const request = await db.serviceRequest.create({
    data: {
      communityId: "c-retention",
      number,
      categoryId: 1,
      description: `Lamp out, call me on 040 123 ${number}`,
      address: "Main street 1",
      status,
      closedAt: status === "closed" ? at : null,
      fixedAt: status === "fixed" ? at : null,
      createdAt: at,
    },
  });
  await db.requestUpdate.create({
    data: { requestId: request.id, kind: "comment", text: `Resident said: ring 040 ${number}`, createdAt: at },
  });
  await db.requestUpdate.create({
    data: { requestId: request.id, kind: "status", fromStatus: "open", toStatus: status, createdAt: at },
  });
  await db.requestUpdate.create({ data: { requestId: request.id, kind: "task", text: "Lamp crew", createdAt: at } });
  return request.id;
}

forEachDatabase("Retention of personal data", (get) => {
  it("redacts closed and fixed requests' free text after the period, and nothing newer or open", async () => {
    const { db } = get();
    const clock = new ManualClock("2026-12-31T12:00:00Z");
    const old = await seedRequest(db, clock, "R-1", "closed", 181);
    const oldFixed = await seedRequest(db, clock, "R-2", "fixed", 200);
    const recent = await seedRequest(db, clock, "R-3", "closed", 179);
    const open = await seedRequest(db, clock, "R-4", "open", 400);

    const first = await retention(get(), clock).run();
    assert.deepEqual([first.redactedRequests, first.redactedUpdates], [2, 2]);
    const rows = await db.serviceRequest.findMany({ where: { communityId: "c-retention" }, orderBy: { id: "asc" } });
    assert.deepEqual(
      rows.map((r) => [r.id, r.description === REDACTED_TEXT, r.address, r.status]),
      [
        [old, true, "Main street 1", "closed"],
        [oldFixed, true, "Main street 1", "fixed"],
        [recent, false, "Main street 1", "closed"],
        [open, false, "Main street 1", "open"],
      ],
    );
    const comments = await db.requestUpdate.findMany({ where: { kind: "comment" }, orderBy: { requestId: "asc" } });
    assert.deepEqual(
      comments.map((c) => c.text === REDACTED_TEXT),
      [true, true, false, false],
    );
    // The history's shape stays: the status changes are still there, and a task link keeps the shift's title.
    assert.equal(await db.requestUpdate.count({ where: { kind: "status" } }), 4);
    assert.equal(await db.requestUpdate.count({ where: { kind: "task", text: "Lamp crew" } }), 4);

    // Two days on, the third one is due too; the first two are not redacted again.
    clock.advance(2 * DAY);
    const second = await retention(get(), clock).run();
    assert.deepEqual([second.redactedRequests, second.redactedUpdates], [1, 1]);
    clock.advance(DAY);
    const third = await retention(get(), clock).run();
    assert.deepEqual([third.redactedRequests, third.redactedUpdates], [0, 0]);
  });

  it("clears declined hours entries' notes after the period, and keeps the entries and their minutes", async () => {
    const { db } = get();
    const clock = new ManualClock("2026-12-31T12:00:00Z");
    const entry = (status: string, decidedDaysAgo: number) => ({
      communityId: "c-hours",
      personId: "p1",
      createdByPersonId: "p1",
      minutes: 90,
      workedOn: new Date("2026-10-01T00:00:00Z"),
      note: "I was ill the week before",
      status,
      decidedAt: new Date(clock.now().getTime() - decidedDaysAgo * DAY),
    });
    await db.hoursEntry.createMany({
      data: [entry("declined", 31), entry("declined", 29), entry("approved", 400)],
    });
    const report = await retention(get(), clock).run();
    assert.equal(report.clearedHoursNotes, 1);
    const rows = await db.hoursEntry.findMany({ where: { communityId: "c-hours" }, orderBy: { id: "asc" } });
    assert.deepEqual(
      rows.map((r) => [r.status, r.minutes, r.note]),
      [
        ["declined", 90, null],
        ["declined", 90, "I was ill the week before"],
        ["approved", 90, "I was ill the week before"],
      ],
    );
  });

  it("deletes one-time codes a day after they expired", async () => {
    const { db } = get();
    const clock = new ManualClock("2026-12-31T12:00:00Z");
    const expires = (hoursAgo: number) => new Date(clock.now().getTime() - hoursAgo * 3600_000);
    await db.oneTimeCode.createMany({
      data: [
        { code: "OLD-CODE", kind: "link", personId: "p1", expiresAt: expires(25) },
        { code: "JUST-EXPIRED", kind: "link", personId: "p1", expiresAt: expires(1) },
        { code: "VALID", kind: "invite", expiresAt: expires(-24) },
      ],
    });
    assert.equal((await retention(get(), clock).run()).codes, 1);
    assert.deepEqual(
      (await db.oneTimeCode.findMany({ orderBy: { code: "asc" } })).map((c) => c.code),
      ["JUST-EXPIRED", "VALID"],
    );
  });

  it("takes its periods from the configuration", async () => {
    const { db } = get();
    const config = loadConfig({
      RETENTION_CLOSED_REQUEST_TEXT_DAYS: "30",
      RETENTION_DECLINED_HOURS_NOTES_DAYS: "3",
      RETENTION_EXPIRED_CODES_DAYS: "10",
      RETENTION_PROCESSED_EVENTS_DAYS: "2",
      RETENTION_SENT_OUTBOX_DAYS: "1",
    });
    const policy = retentionPolicy(config);
    assert.deepEqual(
      [
        policy.closedRequestTextDays,
        policy.declinedHoursNotesDays,
        policy.expiredCodesDays,
        policy.processedEventsDays,
        policy.sentOutboxDays,
      ],
      [30, 3, 10, 2, 1],
    );
    const clock = new ManualClock("2027-03-01T12:00:00Z");
    await seedRequest(db, clock, "R-30", "closed", 31);
    const report = await retention(get(), clock, policy).run();
    assert.equal(report.redactedRequests, 1);
    assert.equal(retentionPolicy(loadConfig({})).closedRequestTextDays, DEFAULT_RETENTION.closedRequestTextDays);
    assert.throws(
      () => loadConfig({ RETENTION_CLOSED_REQUEST_TEXT_DAYS: "0" }),
      /RETENTION_CLOSED_REQUEST_TEXT_DAYS must be a whole number of days from 1 to 3650/,
    );
  });
});

forEachDatabasePair("Retention with two instances", (get) => {
  it("runs each scheduled clean-up on one instance only", async () => {
    // Real time here: the fires' leases are real-time, and retention must not take them for expired ones.
    const clock = new ManualClock(systemClock.now().toISOString());
    const { first, second } = get();
    await seedRequest(first.db, clock, "P-1", "closed", 365);
    await first.db.oneTimeCode.create({
      data: { code: `PAIR-${randomBytes(3).toString("hex")}`, kind: "link", expiresAt: new Date(0) },
    });
    const name = `retention-pair-${randomBytes(3).toString("hex")}`;
    const reports: RetentionReport[] = [];
    const schedules = ([first, second] as const).map((database, i) =>
      scheduleSingleton(async () => reports.push(await retention(database, clock).run()), {
        name,
        expression: "* * * * * *",
        coordinator: new LeaseRunCoordinator(new Leases(database.db), `instance-${i}`, systemClock),
        leaseMs: 60_000,
        logger: quietLogger,
      }),
    );
    try {
      // Every second fires; wait for three runs.
      await vi.waitFor(() => assert.ok(reports.length >= 3, `runs: ${reports.length}`), { timeout: 30_000 });
    } finally {
      await Promise.all(schedules.map((s) => s.stop()));
    }
    assert.ok(reports.length >= 3, `runs: ${reports.length}`);
    // One lease per fire: the rows were redacted and deleted once, by one run, never twice.
    const leases = await first.db.lease.findMany({ where: { name: { startsWith: `${name}:` } } });
    assert.equal(leases.length, reports.length, "one run per fire");
    assert.equal(
      reports.reduce((sum, r) => sum + r.redactedRequests, 0),
      1,
    );
    assert.equal(
      reports.reduce((sum, r) => sum + r.codes, 0),
      1,
    );
  });
});
