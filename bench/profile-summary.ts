// Summarises V8 CPU profiles (`node --cpu-prof`, e.g. BENCH_NODE_ARGS="--cpu-prof
// --cpu-prof-dir=/tmp/prof" npm run bench -- --quick routed) by self time:
// per package, and the hottest functions. Idle time is left out of the shares.
//   npx tsx bench/profile-summary.ts /tmp/prof/*.cpuprofile
// `--busiest <seconds>` keeps only each profile's busiest window of that
// length (a burst, without the idle minutes around it); `--skip <seconds>`
// leaves out the profile's first seconds (the start-up, busier than a burst).
// PROFILE_TOP=40 lists more functions than the 12 shown by default.
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
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

const args = process.argv.slice(2);
/** The value after a `--flag`, in seconds, as ms. */
function secondsAfter(flag: string): number | undefined {
  const at = args.indexOf(flag);
  return at >= 0 ? Number(args[at + 1]) * 1000 : undefined;
}
const windowMs = secondsAfter("--busiest");
const skipMs = secondsAfter("--skip") ?? 0;
const files = args.filter((arg, i) => !arg.startsWith("--") && !args[i - 1]?.startsWith("--"));

interface Sample {
  node: ProfileNode;
  atMs: number;
  ms: number;
}

/** The busy samples of a profile, each with when it was taken (ms from the start). */
function busySamples(profile: Profile): Sample[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const samples: Sample[] = [];
  let atMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    atMs += ms;
    const node = nodes.get(id);
    if (node && node.callFrame.functionName !== "(idle)") samples.push({ node, atMs, ms });
  });
  return samples;
}

/** The samples of the window of `length` ms that holds the most busy time. */
function busiestWindow(samples: Sample[], length: number): Sample[] {
  let best = { from: 0, to: 0, ms: 0 };
  let from = 0;
  let ms = 0;
  for (let to = 0; to < samples.length; to++) {
    ms += samples[to]!.ms;
    while (samples[to]!.atMs - samples[from]!.atMs > length) ms -= samples[from++]!.ms;
    if (ms > best.ms) best = { from, to: to + 1, ms };
  }
  return samples.slice(best.from, best.to);
}

const selfMs = new Map<string, number>();
const byFunction = new Map<string, number>();
let busyMs = 0;
for (const file of files) {
  const all = busySamples(JSON.parse(readFileSync(file, "utf8")) as Profile).filter((s) => s.atMs >= skipMs);
  for (const { node, ms } of windowMs ? busiestWindow(all, windowMs) : all) {
    busyMs += ms;
    const owner = ownerOf(node.callFrame);
    selfMs.set(owner, (selfMs.get(owner) ?? 0) + ms);
    const where = `${node.callFrame.functionName || "(anonymous)"} ${owner}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
  }
}

const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`busy CPU: ${(busyMs / 1000).toFixed(1)} s\n\n| self time by package | share |\n|---|---|`);
for (const [owner, ms] of top(selfMs, 12)) console.log(`| ${owner} | ${((100 * ms) / busyMs).toFixed(1)} % |`);
console.log("\n| hottest functions (self) | share |\n|---|---|");
for (const [name, ms] of top(byFunction, Number(process.env.PROFILE_TOP ?? 12)))
  console.log(`| ${name} | ${((100 * ms) / busyMs).toFixed(1)} % |`);
