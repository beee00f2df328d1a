// A getUpdates batch of 100 presses by 100 people does not start 100 handlers
// at once: the runner handles at most its cap, earliest first.
import assert from "node:assert/strict";
import type { Update } from "grammy/types";
import { it } from "vitest";
import { DEFAULT_UPDATES_IN_FLIGHT, UpdateRunner } from "../../../adapters/telegram/update-runner.js";
import { silentLogger } from "../../e2e/telegram/support.js";

function press(id: number): Update {
  return {
    update_id: id,
    callback_query: { id: `q${id}`, from: { id: 5000 + id, is_bot: false, first_name: "V" }, chat_instance: "1" },
  } as Update;
}

async function runBatch(maxInFlight: number | undefined) {
  let inFlight = 0;
  let peak = 0;
  const order: number[] = [];
  const runner = new UpdateRunner({
    logger: silentLogger,
    maxInFlight,
    async handle(update) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      order.push(update.update_id);
      // Yield a few times, as a handler waiting on its database would.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return true;
    },
  });
  const batch = Array.from({ length: 100 }, (_, i) => press(i + 1));
  runner.handleKept(batch);
  while (runner.pending > 0) await runner.oneDone();
  return { peak, order, runnerPeak: runner.peakInFlight };
}

it("handles at most 16 updates of a batch of 100 at once by default, in update order", async () => {
  const { peak, order, runnerPeak } = await runBatch(undefined);
  assert.equal(DEFAULT_UPDATES_IN_FLIGHT, 16);
  assert.equal(peak, 16);
  assert.equal(runnerPeak, 16);
  assert.deepEqual(
    order,
    Array.from({ length: 100 }, (_, i) => i + 1),
  );
});

it("keeps to a configured cap", async () => {
  const { peak } = await runBatch(4);
  assert.equal(peak, 4);
});
