// `npm run bench`: every scenario of issue 16, each with its floor measured in
// the same run; `npm run bench -- --quick` the same with small numbers (under
// 90 s); `npm run bench -- cold-start` (or vote-burst) one scenario. Writes
// bench/results.json and prints a Markdown table for bench/README.md. Exits
// non-zero when a budget is missed. BENCH_VOTERS changes the burst's size.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { coldStart } from "./cold-start.js";
import { type Budget, shown } from "./report.js";
import { ROUTED_FULL, ROUTED_QUICK, routed, routedBudgets } from "./routed.js";
import { twoInstances, twoInstancesBudgets } from "./two-instances.js";
import { voteBurst, voteBurstBudgets } from "./vote-burst.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const only = args.filter((arg) => !arg.startsWith("--"));
const wanted = (name: string) => only.length === 0 || only.includes(name);
const voters = Number(process.env.BENCH_VOTERS ?? (quick ? 200 : 10_000));

const started = Date.now();
// A scenario that hangs must not hang the run: exiting kills every bot it started (processes.ts).
const WATCHDOG_MS = quick ? 5 * 60_000 : 30 * 60_000;
setTimeout(() => {
  console.error(`bench: stopped after ${WATCHDOG_MS / 60_000} minutes, results not written`);
  process.exit(2);
}, WATCHDOG_MS).unref();
const load = () => os.loadavg().map((n) => Number(n.toFixed(2)));
const results: Record<string, unknown> = {
  startedAt: new Date(started).toISOString(),
  quick,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: load(),
  },
};
const budgets: Budget[] = [];
/** When each scenario began, for the seconds each took. */
const begun: Array<[string, number]> = [];
const rows: string[] = [];

if (wanted("cold-start")) {
  begun.push(["cold-start", Date.now()]);
  console.log("cold start…");
  const cold = await coldStart(quick ? 3 : 7, !quick);
  results.coldStart = cold;
  budgets.push(
    { scenario: "coldStart", budget: "median to ready under 1.5 s", met: cold.medianMs < 1500 },
    { scenario: "coldStart", budget: "idle RSS under 120 MB", met: cold.idleRssMb < 120 },
  );
  rows.push(
    `| cold start to ready, median of ${cold.runs} (ms) | ${shown(cold.medianMs)} | ${shown(cold.floorMedianMs)} (bare Node) | ${shown(cold.ratioToFloor)}× |`,
    `| idle RSS at ready (MB) | ${shown(cold.idleRssMb)} | – | – |`,
    `| \`npm run dev\` (tsx) for reference: ms; MB | ${shown(cold.devTsxMedianMs)}; ${shown(cold.devTsxIdleRssMb)} | – | – |`,
  );
}

if (wanted("vote-burst")) {
  begun.push(["vote-burst", Date.now()]);
  console.log(`vote burst, ${voters} voters: floor, then SQLite, then PostgreSQL…`);
  const burst = await voteBurst(voters);
  results.voteBurst = burst;
  for (const provider of ["sqlite", "postgresql"] as const) {
    const run = burst[provider];
    for (const b of voteBurstBudgets(run)) budgets.push({ scenario: `voteBurst.${provider}`, ...b });
    const f = burst.floor;
    const name = provider === "sqlite" ? "SQLite" : "PostgreSQL";
    if (run.error) rows.push(`| ${voters} voters, ${name}: failed | ${run.error} | – | – |`);
    rows.push(
      `| ${voters} voters, ${name}: votes stored/s (floor: answers/s) | ${shown(run.votesPerSecond)} | ${shown(f.votesPerSecond)} | ${shown(run.ratioToFloor)}× |`,
      `| ${name}: p50 / p99 update → answer (ms) | ${shown(run.p50Ms)} / ${shown(run.p99Ms)} | ${shown(f.p50Ms)} / ${shown(f.p99Ms)} | ${shown(run.p99RatioToFloor)}× (p99) |`,
      `| ${name}: p99 press → answer (ms), the wait at Telegram included | ${shown(run.p99PressMs)} | ${shown(f.p99PressMs)} | ${shown(run.p99PressMs / f.p99PressMs)}× |`,
      `| ${name}: bot CPU per press (ms), from the first press until all were answered and stored | ${shown(run.cpuMsPerPress)} | ${shown(f.cpuMsPerPress)} | ${shown(run.cpuRatioToFloor)}× |`,
      `| ${name}: unanswered; answered after 15 s; answered "kept" before the vote was stored | ${shown(run.unanswered)}; ${shown(run.answeredLate)}; ${shown(run.answeredKept)} | ${shown(f.unanswered)}; ${shown(f.answeredLate)}; – | – |`,
      `| ${name}: votes stored, distinct voters; counted once | ${shown(run.votesStored)}, ${shown(run.distinctVotersStored)}; ${shown(run.countedOnce)} | – | – |`,
      `| ${name}: final card true within 5 s (ms after last answer) | ${shown(run.finalShowsAll)} (${shown(run.finalCardMs)}) | – | – |`,
      `| ${name}: card edits; tightest gap (ms) | ${shown(run.edits)}; ${shown(run.tightestEditGapMs)} | – | – |`,
      `| ${name}: idle / peak RSS (MB) | ${shown(run.idleRssMb)} / ${shown(run.peakRssMb)} | ${shown(f.idleRssMb)} / ${shown(f.peakRssMb)} | ${shown(run.peakRssRatioToFloor)}× (peak) |`,
    );
  }
}

if (wanted("routed")) {
  begun.push(["routed", Date.now()]);
  const sizes = quick ? ROUTED_QUICK : ROUTED_FULL;
  console.log(
    `routed request, ${sizes.perSecond}/s for ${sizes.seconds} s over ${sizes.groups} groups and ${sizes.channels} channels…`,
  );
  const run = await routed(sizes);
  results.routed = run;
  for (const b of routedBudgets(run)) budgets.push({ scenario: "routed", ...b });
  const what = `${sizes.perSecond}/s × ${sizes.seconds} s, PostgreSQL`;
  if (run.error) rows.push(`| routed request (${what}): failed | ${run.error} | – | – |`);
  rows.push(
    `| routed request (${what}): p50 / p99 / max update → card (ms) | ${shown(run.p50Ms)} / ${shown(run.p99Ms)} / ${shown(run.maxMs)} | – | – |`,
    `| routed: requests sent (per s); cards; lost; doubled | ${shown(run.sent)} (${shown(run.sentPerSecond)}); ${shown(run.cards)}; ${shown(run.lost)}; ${shown(run.doubled)} | – | – |`,
    `| routed: bot CPU per routed request (ms); over every request sent | ${shown(run.cpuMsPerRequest)}; ${shown(run.cpuMsPerSent)} | – | – |`,
    `| routed: busiest group (requests a minute); busiest channel (cards a second); cards Slack refused | ${shown(run.busiestGroupPerMinute)}; ${shown(run.busiestChannelPerSecond)}; ${shown(run.slackRefused)} | – | – |`,
    `| routed: idle / peak RSS (MB); setup (s) | ${shown(run.idleRssMb)} / ${shown(run.peakRssMb)}; ${shown(run.setupSeconds)} | – | – |`,
  );
}

if (wanted("two-instances")) {
  begun.push(["two-instances", Date.now()]);
  const twoVoters = Number(process.env.BENCH_TWO_INSTANCE_VOTERS ?? (quick ? 200 : 2_000));
  console.log(`two instances, ${twoVoters} voters on PostgreSQL: one instance, then two…`);
  const result = await twoInstances(twoVoters);
  results.twoInstances = result;
  for (const b of twoInstancesBudgets(result)) budgets.push({ scenario: "twoInstances", ...b });
  for (const run of [result.one, result.two]) {
    const name = run.instances === 1 ? "one instance" : "two instances";
    if (run.error) rows.push(`| ${twoVoters} voters, ${name}: failed | ${run.error} | – | – |`);
    rows.push(
      `| ${twoVoters} voters, ${name} (PostgreSQL, webhook): votes stored/s | ${shown(run.votesPerSecond)} | ${run.instances === 1 ? "–" : shown(result.one.votesPerSecond)} | ${run.instances === 1 ? "–" : `${shown(result.ratio)}×`} |`,
      `| ${name}: votes stored, distinct voters; final card within 5 s (ms); exact | ${shown(run.votesStored)}, ${shown(run.distinctVotersStored)}; ${shown(run.finalShowsAll)} (${shown(run.finalCardMs)}); ${shown(run.exactTallies)} | – | – |`,
      `| ${name}: peak RSS per instance (MB) | ${run.peakRssMb.map((mb) => shown(mb)).join(", ") || "–"} | – | – |`,
    );
  }
}

results.budgets = budgets;
results.scenarioSeconds = Object.fromEntries(
  begun.map(([name, at], i) => [name, Math.round(((begun[i + 1]?.[1] ?? Date.now()) - at) / 1000)]),
);
results.durationSeconds = Math.round((Date.now() - started) / 1000);
(results.machine as Record<string, unknown>).loadAverageAtEnd = load();
const file = new URL("./results.json", import.meta.url).pathname;
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

console.log("\n| measure | Talkoot | floor | ratio |\n|---|---|---|---|");
for (const row of rows) console.log(row);
console.log("\nBudgets:");
for (const b of budgets) console.log(`  ${b.met ? "✔" : "✖"} ${b.scenario}: ${b.budget}`);
console.log(`\nwrote ${file} (${results.durationSeconds} s: ${JSON.stringify(results.scenarioSeconds)})`);
process.exit(budgets.every((b) => b.met) ? 0 : 1);
