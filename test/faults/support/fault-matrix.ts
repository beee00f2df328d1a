// Declares a scenario once per database and seed. The seeds and the number of
// kill points come from the environment, so the full suite and CI's quick
// subset are the same files: FAULT_SEEDS="14,15,16,17,18" (default),
// FAULT_KILL_POINTS=5 (default); `npm run test:faults:quick` sets 14 and 2.
import assert from "node:assert/strict";
import { describe, it } from "vitest";
import { TEST_PROVIDERS } from "../../support/databases.js";
import { type BurstItem, failed, formatFigures, runScenario, type Scenario } from "./fault-run.js";
import type { BaseWorld } from "./fault-world.js";

export const FAULT_SEEDS = (process.env.FAULT_SEEDS ?? "14,15,16,17,18")
  .split(",")
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n));
export const FAULT_KILL_POINTS = Number(process.env.FAULT_KILL_POINTS ?? 5);

export function faultScenario<I extends BurstItem, W extends BaseWorld>(scenario: Scenario<I, W>): void {
  for (const provider of scenario.providers ?? TEST_PROVIDERS) {
    describe(`${scenario.name} [${provider}]`, () => {
      for (const seed of FAULT_SEEDS) {
        it(`seed ${seed}: no acknowledged update is lost or done twice`, async () => {
          const figures = await runScenario(scenario, provider, seed, FAULT_KILL_POINTS);
          assert.ok(!failed(figures), formatFigures(figures));
        });
      }
    });
  }
}
