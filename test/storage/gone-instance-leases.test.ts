// At start, the leases of a process known gone end at once; a live or
// unknown holder keeps its lease. Both databases.
import assert from "node:assert/strict";
import { it } from "vitest";
import { releaseLeasesOfGoneInstances } from "../../src/storage/gone-instance-leases.js";
import { forEachDatabase } from "../support/databases.js";

const NOW = new Date("2026-12-01T08:00:00Z");
const LATER = new Date(NOW.getTime() + 60_000);
const GONE = "bot-1:42:aaaaaa:pidns1";
const ALIVE = "bot-1:7:bbbbbb:pidns1";

forEachDatabase("leases of gone instances", (getDatabase) => {
  it("ends the leases a gone process held on jobs, sends and event claims, and no others", async () => {
    const { db } = getDatabase();
    for (const owner of [GONE, ALIVE]) {
      await db.job.create({
        data: { kind: "k", runAt: NOW, status: "running", leaseOwner: owner, leaseExpiresAt: LATER },
      });
      await db.outboxMessage.create({
        data: {
          destination: "tg:1",
          platform: "tg",
          message: "{}",
          status: "sending",
          leaseOwner: owner,
          leaseExpiresAt: LATER,
        },
      });
      await db.processedEvent.create({
        data: { id: `tg:${owner}`, status: "started", claimedBy: owner, leaseUntil: LATER },
      });
    }

    const released = await releaseLeasesOfGoneInstances(db, NOW, (owner) => owner === GONE);
    assert.deepEqual(released, { jobs: 1, sends: 1, eventClaims: 1 });

    const leaseOf = async (owner: string) => [
      (await db.job.findFirstOrThrow({ where: { leaseOwner: owner } })).leaseExpiresAt!.getTime(),
      (await db.outboxMessage.findFirstOrThrow({ where: { leaseOwner: owner } })).leaseExpiresAt!.getTime(),
      (await db.processedEvent.findFirstOrThrow({ where: { claimedBy: owner } })).leaseUntil!.getTime(),
    ];
    for (const expiry of await leaseOf(GONE)) assert.ok(expiry < NOW.getTime(), "ended: claimable now");
    assert.deepEqual(await leaseOf(ALIVE), [LATER.getTime(), LATER.getTime(), LATER.getTime()]);

    assert.deepEqual(await releaseLeasesOfGoneInstances(db, NOW, (owner) => owner === GONE), {
      jobs: 0,
      sends: 0,
      eventClaims: 0,
    });
  });
});
