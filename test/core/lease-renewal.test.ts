// The lease renewer on its own: it renews on its interval, aborts the work at
// once when a renewal finds the lease gone, tolerates a database error that
// leaves the lease unexpired, and aborts once errors may have let it run out.
import assert from "node:assert/strict";
import { it, vi } from "vitest";
import { keepLeaseRenewed, LeaseLostError } from "../../src/core/lease-renewal.js";
import { createLogger } from "../../src/core/logger.js";

const logger = createLogger({ level: "silent" });
const WAIT = { timeout: 30_000, interval: 5 };

it("renews on its interval, and never aborts while the lease is held", async () => {
  let renewals = 0;
  const lease = keepLeaseRenewed({ what: "test", leaseMs: 30, renew: async () => ++renewals > 0, logger });
  await vi.waitFor(() => assert.ok(renewals >= 3), WAIT);
  await lease.stop();
  assert.equal(lease.signal.aborted, false);
});

it("aborts with LeaseLostError as soon as a renewal finds the lease gone", async () => {
  let renewals = 0;
  const lease = keepLeaseRenewed({ what: "job 1", leaseMs: 30, renew: async () => ++renewals < 2, logger });
  await vi.waitFor(() => assert.ok(lease.signal.aborted), WAIT);
  await lease.stop();
  assert.equal(renewals, 2);
  assert.ok(lease.signal.reason instanceof LeaseLostError);
  assert.match((lease.signal.reason as Error).message, /lease lost on job 1/);
});

it("rides out one failed renewal, and aborts on the second in a row (two thirds of the lease unrenewed)", async () => {
  const outcomes: Array<boolean | Error> = [
    true,
    new Error("db away"),
    true,
    new Error("db away"),
    new Error("db away"),
  ];
  const errors: unknown[] = [];
  let calls = 0;
  const lease = keepLeaseRenewed({
    what: "row 7",
    leaseMs: 30,
    renew: async () => {
      const outcome = outcomes[calls++] ?? true;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
    logger,
    onError: (error) => errors.push(error),
  });
  await vi.waitFor(() => assert.ok(lease.signal.aborted), WAIT);
  await lease.stop();
  assert.equal(calls, 5, "aborted at the second error in a row, not the first");
  assert.equal(errors.length, 3);
  assert.ok(lease.signal.reason instanceof LeaseLostError);
});
