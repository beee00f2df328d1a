// Summarises V8 CPU profiles (`node --cpu-prof`, e.g. BENCH_NODE_ARGS="--cpu-prof
// --cpu-prof-dir=/tmp/prof" npm run bench -- --quick routed) by self time:
// per package, and the hottest functions; and by inclusive time (a function
// with everything it called), which shows what a step of the bot's own code
// costs in all. Idle time is left out of the shares.
//   npx tsx bench/profile-summary.ts [--window START-END] /tmp/prof/*.cpuprofile
// --window keeps only the samples taken between two monotonic clock readings
// in microseconds (V8's profile clock and process.hrtime are both
// CLOCK_MONOTONIC on Linux): the routed scenario prints its request phase's,
// so the setup's hundreds of commands can be left out.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code comes from: an npm package, Talkoot, Node itself, or V8's own buckets. */
function ownerOf(frame: ProfileNode["callFrame"]): string {
  const { url, functionName } = frame;
  if (url === "") return functionName.startsWith("(") ? functionName : "native / Node internals";
  if (url.startsWith("node:")) return "native / Node internals";
  if (url.startsWith("wasm:") || url.includes(".wasm")) return "WASM (Prisma query compiler)";
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  if (/\/(dist\/)?(src|adapters)\//.test(url)) return "Talkoot";
  return url;
}

/** A Talkoot frame's name with its file, e.g. `file src/domain/requests/filing.js`. */
function talkootName(frame: ProfileNode["callFrame"]): string {
  const file = /\/(?:dist\/)?((?:src|adapters)\/.*)$/.exec(frame.url)?.[1] ?? frame.url;
  return `${frame.functionName || "(anonymous)"} ${file}:${frame.lineNumber + 1}`;
}

const args = process.argv.slice(2);
let window: [number, number] | undefined;
const windowAt = args.indexOf("--window");
if (windowAt >= 0) {
  const [start, end] = (args[windowAt + 1] ?? "").split("-").map(Number);
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error("--window START-END (monotonic µs)");
  window = [start!, end!];
  args.splice(windowAt, 2);
}

const selfMs = new Map<string, number>();
const byFunction = new Map<string, number>();
const inclusiveMs = new Map<string, number>();
let busyMs = 0;
for (const file of args) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) return;
    const node = nodes.get(id);
    // A sample's time is the gap to the next one (V8 counts it that way too).
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === "(idle)") return;
    busyMs += ms;
    const owner = ownerOf(node.callFrame);
    selfMs.set(owner, (selfMs.get(owner) ?? 0) + ms);
    const where = `${node.callFrame.functionName || "(anonymous)"} ${owner}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
    // Inclusive: every Talkoot frame on the stack, once per sample even when recursive.
    const onStack = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parentOf.get(n)) {
      const frame = nodes.get(n)!.callFrame;
      if (ownerOf(frame) === "Talkoot") onStack.add(talkootName(frame));
    }
    for (const name of onStack) inclusiveMs.set(name, (inclusiveMs.get(name) ?? 0) + ms);
  });
}

const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
const share = (ms: number) => `${((100 * ms) / busyMs).toFixed(1)} %`;
console.log(`busy CPU: ${(busyMs / 1000).toFixed(2)} s\n\n| self time by package | share |\n|---|---|`);
for (const [owner, ms] of top(selfMs, 12)) console.log(`| ${owner} | ${share(ms)} |`);
console.log("\n| hottest functions (self) | share |\n|---|---|");
for (const [name, ms] of top(byFunction, 15)) console.log(`| ${name} | ${share(ms)} |`);
console.log("\n| Talkoot functions (inclusive) | share |\n|---|---|");
for (const [name, ms] of top(inclusiveMs, 40)) console.log(`| ${name} | ${share(ms)} |`);
