// `npm run bench`: every benchmark, each reporting figures and its ratio to a
// floor measured in the same run. Exits non-zero when a budget is missed.
import { coldStart } from "./cold-start.js";
import { type BenchResult, formatResult } from "./report.js";
import { voteBurst } from "./vote-burst.js";

const benches: Array<[string, () => Promise<BenchResult>]> = [
  ["cold-start", () => coldStart()],
  ["vote-burst", () => voteBurst(Number(process.env.BENCH_VOTERS ?? 10_000))],
];

const only = process.argv[2];
let missed = 0;
for (const [name, run] of benches) {
  if (only && only !== name) continue;
  const result = await run();
  console.log(formatResult(result));
  if (!result.budget.met) missed++;
}
process.exit(missed ? 1 : 0);
