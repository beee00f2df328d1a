import assert from "node:assert/strict";
import { it } from "vitest";
import { ManualClock } from "../../src/core/clock.js";
import { Leases } from "../../src/scheduler/leases.js";
import { Retention } from "../../src/scheduler/retention.js";
import { ProcessedEvents } from "../../src/storage/repositories/processed-events.js";
import { forEachDatabase } from "../support/databases.js";
import { quietLogger } from "./database-pair.js";

const DAY = 24 * 60 * 60_000;

forEachDatabase("Retention", (get) => {
  it("forgets old processed events, long-finished jobs, sent outbox rows, expired leases and form drafts", async () => {
    const { db } = get();
    const clock = new ManualClock("2026-12-31T12:00:00Z");
    const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY);

    await db.processedEvent.createMany({
      data: [
        { id: "telegram:old", status: "done", processedAt: daysAgo(8) },
        { id: "telegram:recent", status: "done", processedAt: daysAgo(6) },
      ],
    });
    await db.job.createMany({
      data: [
        { kind: "k", dedupeKey: "done-old", runAt: daysAgo(40), status: "done", finishedAt: daysAgo(31) },
        { kind: "k", dedupeKey: "dead-old", runAt: daysAgo(40), status: "dead", finishedAt: daysAgo(31) },
        { kind: "k", dedupeKey: "dropped-old", runAt: daysAgo(40), status: "dropped", finishedAt: daysAgo(31) },
        { kind: "k", dedupeKey: "done-recent", runAt: daysAgo(40), status: "done", finishedAt: daysAgo(29) },
        { kind: "k", dedupeKey: "pending-old", runAt: daysAgo(40), status: "pending" },
      ],
    });
    const row = (status: string, createdAt: Date, sentAt?: Date) => ({
      destination: "console:main",
      platform: "console",
      message: "{}",
      status,
      createdAt,
      sentAt,
    });
    await db.outboxMessage.createMany({
      data: [
        row("sent", daysAgo(9), daysAgo(8)),
        row("sent", daysAgo(6), daysAgo(6)),
        row("dead", daysAgo(30)),
        row("pending", daysAgo(30)),
      ],
    });
    await db.lease.createMany({
      data: [
        { name: "retention:old", owner: "a", expiresAt: daysAgo(2) },
        { name: "retention:now", owner: "a", expiresAt: new Date(clock.now().getTime() + 60_000) },
      ],
    });

    const pending = (id: string, expiresAt: Date) => ({ id, identityId: "telegram:1", event: "{}", expiresAt });
    await db.pendingAction.createMany({
      data: [pending("expired-old", daysAgo(2)), pending("expired-recent", new Date(clock.now().getTime() - 60_000))],
    });

    await db.floodEvent.createMany({
      data: [
        { scope: "requests", key: "p1", at: daysAgo(2) },
        { scope: "requests", key: "p1", at: new Date(clock.now().getTime() - 60_000) },
      ],
    });

    const draft = (flow: string, expiresAt: Date) => ({
      identityId: "discord:1",
      chatId: "discord:g:c",
      flow,
      expiresAt,
    });
    await db.formDraft.createMany({
      data: [
        draft("task-add", new Date(clock.now().getTime() - 60_000)),
        draft("poll", new Date(clock.now().getTime() + 60_000)),
      ],
    });

    const retention = new Retention({
      db,
      processedEvents: new ProcessedEvents(get()),
      leases: new Leases(db),
      clock,
      logger: quietLogger,
    });
    assert.deepEqual(await retention.run(), {
      processedEvents: 1,
      jobs: 3,
      outbox: 1,
      leases: 1,
      pendingActions: 1,
      floodEvents: 1,
      redactedRequests: 0,
      redactedUpdates: 0,
      clearedHoursNotes: 0,
      codes: 0,
      formDrafts: 1,
    });

    assert.deepEqual(
      (await db.processedEvent.findMany()).map((e) => e.id),
      ["telegram:recent"],
    );
    assert.deepEqual(
      (await db.job.findMany({ orderBy: { dedupeKey: "asc" } })).map((j) => j.dedupeKey),
      ["done-recent", "pending-old"],
    );
    assert.deepEqual(
      (await db.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((o) => o.status),
      ["sent", "dead", "pending"],
    );
    assert.deepEqual(
      (await db.lease.findMany()).map((l) => l.name),
      ["retention:now"],
    );
    assert.deepEqual(
      (await db.pendingAction.findMany()).map((p) => p.id),
      ["expired-recent"],
    );
    assert.deepEqual(await retention.run(), {
      processedEvents: 0,
      jobs: 0,
      outbox: 0,
      leases: 0,
      pendingActions: 0,
      floodEvents: 0,
      redactedRequests: 0,
      redactedUpdates: 0,
      clearedHoursNotes: 0,
      codes: 0,
      formDrafts: 0,
    });
    assert.deepEqual(
      (await db.formDraft.findMany()).map((d) => d.flow),
      ["poll"],
    );
  });
});
