import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { Ticker } from "../../src/scheduler/ticker.js";
import { capturingLogger, quietLogger } from "./database-pair.js";

describe("Ticker", () => {
  it("ticks once at start, then on the cron schedule", async () => {
    let ticks = 0;
    const ticker = new Ticker(async () => void ticks++, quietLogger, { everySeconds: 1, name: "test-ticker" });
    ticker.start();
    assert.equal(ticks, 1, "the start tick runs at once");
    for (let waited = 0; ticks < 2 && waited < 3_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    await ticker.stop();
    assert.ok(ticks >= 2, `scheduled ticks ran: ${ticks}`);
    const after = ticks;
    await new Promise((r) => setTimeout(r, 1_100));
    assert.equal(ticks, after, "no tick after stop");
  });

  it("waits for a tick in progress when stopped", async () => {
    let finished = false;
    const ticker = new Ticker(
      async () => {
        await new Promise((r) => setTimeout(r, 100));
        finished = true;
      },
      quietLogger,
      { everySeconds: 15 },
    );
    ticker.start();
    await ticker.stop();
    assert.equal(finished, true);
  });

  it("logs a failed tick and keeps going", async () => {
    const { logger, lines } = capturingLogger();
    let calls = 0;
    const ticker = new Ticker(
      async () => {
        calls++;
        throw new Error("database away");
      },
      logger,
      { tickAtStart: false },
    );
    ticker.start();
    await ticker.runOnce();
    await ticker.runOnce();
    await ticker.stop();
    assert.equal(calls, 2);
    assert.equal(lines().filter((l) => l.msg === "tick failed").length, 2);
  });
});
