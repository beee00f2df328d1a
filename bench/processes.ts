// The bot processes a benchmark starts, and the promise that none outlives it:
// every child is registered, and killed when the benchmark exits, fails or is
// interrupted, so a timed-out run leaves nothing running.
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { rssMbOf } from "./cold-start.js";
import { startCommand } from "./start-flags.js";

const root = new URL("..", import.meta.url).pathname;
const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
}
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export async function waitUntil(done: () => boolean, ms: number, what = "a condition"): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface BotRun {
  child: ChildProcess;
  /** Resident memory when it said "ready". */
  idleRssMb: number;
  /** Stops it (SIGTERM, then SIGKILL after 20 s); resolves with the peak RSS it reported, in bytes. */
  stop(): Promise<number>;
  /**
   * With BENCH_BURST_PROFILE_DIR set, starts its CPU profile (burst-profile.mjs)
   * and resolves with a function that stops it and writes it there; else does nothing.
   */
  profile(): Promise<() => Promise<void>>;
}

/**
 * Samples a process's RSS every 200 ms, for a peak even when the bot is still
 * busy at stop and is killed before it can report its own. `peakMb(reported)`
 * takes the larger of the sampled peak and the bot's own report (bytes; NaN: none).
 */
export function rssSampler(pid: number): { peakMb(reportedBytes: number): number; stop(): void } {
  let peak = rssMbOf(pid) || 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMbOf(pid) || 0);
  }, 200);
  return {
    peakMb: (reportedBytes) => (Number.isNaN(reportedBytes) ? peak : Math.max(peak, reportedBytes / 1024 / 1024)),
    stop: () => clearInterval(timer),
  };
}

/** Starts `script` on bare Node and waits for its "ready" line. */
export async function startBot(script: string, env: Record<string, string>): Promise<BotRun> {
  // BENCH_NODE_ARGS passes flags to the bots' Node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" for a profile.
  // Talkoot's bots run with the environment and Node flags of `npm start`; the floor's bare bot with neither.
  const start = script.endsWith("talkoot-bot.mjs") ? startCommand() : { env: {}, nodeFlags: [] };
  const nodeArgs = [...start.nodeFlags, ...(process.env.BENCH_NODE_ARGS ?? "").split(/\s+/).filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, script], {
    cwd: root,
    env: { ...process.env, ...start.env, ...env, LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let out = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  let stopping: Promise<number> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited;
        clearTimeout(killer);
      }
      children.delete(child);
      const line = out.split("\n").find((l) => l.startsWith("{"));
      return line ? (JSON.parse(line) as { peakRssBytes: number }).peakRssBytes : Number.NaN;
    })();
    return stopping;
  };
  try {
    await waitUntil(() => out.includes("ready\n") || child.exitCode !== null, 60_000, `${script} to be ready`);
    if (!out.includes("ready\n")) throw new Error(`${script} exited with ${child.exitCode} before it was ready`);
  } catch (error) {
    await stop();
    throw error;
  }
  const said = (line: string) => waitUntil(() => out.includes(`${line}\n`), 30_000, `${script} to say ${line}`);
  const profile = async () => {
    if (!process.env.BENCH_BURST_PROFILE_DIR) return async () => undefined;
    child.kill("SIGUSR2");
    await said("profiling");
    return async () => {
      child.kill("SIGUSR2");
      await said("profiled");
    };
  };
  return { child, idleRssMb: rssMbOf(child.pid), stop, profile };
}

/** USER_HZ: /proc/<pid>/stat counts CPU in hundredths of a second. */
const CLOCK_TICK_MS = 1000 / 100;

/** A process's user + system CPU so far, in ms (steadier than wall time on a shared machine). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name may hold spaces: fields count from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_MS;
}
