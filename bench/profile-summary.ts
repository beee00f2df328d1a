// Summarises V8 CPU profiles (`node --cpu-prof`, e.g. BENCH_NODE_ARGS="--cpu-prof
// --cpu-prof-dir=/tmp/prof" npm run bench -- --quick routed) by self time:
// per package, and the hottest functions. Idle time is left out of the shares.
//   npx tsx bench/profile-summary.ts /tmp/prof/*.cpuprofile
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

const selfMs = new Map<string, number>();
const byFunction = new Map<string, number>();
let busyMs = 0;
for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!node || node.callFrame.functionName === "(idle)") return;
    busyMs += ms;
    const owner = ownerOf(node.callFrame);
    selfMs.set(owner, (selfMs.get(owner) ?? 0) + ms);
    const where = `${node.callFrame.functionName || "(anonymous)"} ${owner}`;
    byFunction.set(where, (byFunction.get(where) ?? 0) + ms);
  });
}

const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`busy CPU: ${(busyMs / 1000).toFixed(1)} s\n\n| self time by package | share |\n|---|---|`);
for (const [owner, ms] of top(selfMs, 12)) console.log(`| ${owner} | ${((100 * ms) / busyMs).toFixed(1)} % |`);
console.log("\n| hottest functions (self) | share |\n|---|---|");
for (const [name, ms] of top(byFunction, 12)) console.log(`| ${name} | ${((100 * ms) / busyMs).toFixed(1)} % |`);
