// The flood counter on both databases: concurrent acts on one key never get
// more than the limit through (on PostgreSQL from two clients, as two bot
// instances; SQLite serves one process, whose handlers race instead), and the
// refusal says when the next act fits.
import assert from "node:assert/strict";
import { it } from "vitest";
import { FloodCounter } from "../../src/storage/repositories/flood-counter.js";
import { forEachDatabasePair } from "../scheduler/database-pair.js";

const WINDOW = { maxCount: 10, windowMs: 60 * 60_000 };
const NOW = new Date("2026-12-01T08:00:00Z");

forEachDatabasePair("flood counter", (getPair, provider) => {
  it("lets exactly the limit through when concurrent acts race on one key", async () => {
    const { first, second } = getPair();
    const counters = [new FloodCounter(first), new FloodCounter(provider === "postgresql" ? second : first)];
    const verdicts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => counters[i % 2]!.take("requests", "race", WINDOW, NOW)),
    );
    assert.equal(verdicts.filter((v) => v.allowed).length, 10);
    assert.equal(await first.db.floodEvent.count({ where: { scope: "requests", key: "race" } }), 10);
  });

  it("refuses until the oldest counted act leaves the window, then lets one more in", async () => {
    const counter = new FloodCounter(getPair().first);
    const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
    for (let minute = 0; minute < 10; minute++) {
      assert.deepEqual(await counter.take("tasks", "p1", WINDOW, at(minute)), { allowed: true });
    }
    assert.deepEqual(await counter.take("tasks", "p1", WINDOW, at(30)), {
      allowed: false,
      retryAfterMs: 30 * 60_000,
      maxCount: 10,
    });
    assert.deepEqual(await counter.take("tasks", "p2", WINDOW, at(30)), { allowed: true });
    assert.deepEqual(await counter.take("tasks", "p1", WINDOW, at(60)), { allowed: true });
    assert.equal((await counter.take("tasks", "p1", WINDOW, at(60))).allowed, false);
  });

  it("counts recorded acts whatever the count, and checks without counting", async () => {
    const counter = new FloodCounter(getPair().first);
    const guesses = { maxCount: 3, windowMs: 10 * 60_000 };
    for (let i = 0; i < 4; i++) await counter.record("codes.wrong", "p9", NOW);
    const locked = await counter.check("codes.wrong", "p9", guesses, NOW);
    assert.deepEqual(locked, { allowed: false, retryAfterMs: 10 * 60_000, maxCount: 3 });
    assert.equal(await getPair().first.db.floodEvent.count({ where: { key: "p9" } }), 4);
    assert.deepEqual(await counter.check("codes.wrong", "p9", guesses, new Date(NOW.getTime() + 10 * 60_000)), {
      allowed: true,
    });
  });
});
