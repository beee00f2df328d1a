// Cold start to ready: `npm start` (compiled JavaScript in dist/, with its environment and Node flags) with the
// console adapter on a fresh SQLite file (migrations included), until the
// console says it takes commands. The floor is bare Node printing one line,
// measured in the same run, so the ratio says what Talkoot itself adds. The
// development start (tsx on the sources) is measured beside it for reference.
// Idle RSS is read from /proc when ready, so it is the bot's own.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { percentile } from "./report.js";
import { startCommand } from "./start-flags.js";

const root = new URL("..", import.meta.url).pathname;

interface Start {
  ms: number;
  rssMb: number;
}

/** Resident memory of a live process, in MB (NaN where /proc is missing). */
export function rssMbOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
    return line ? Number(line[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function timeUntil(args: string[], marker: string, env: NodeJS.ProcessEnv): Promise<Start> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    let seen = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no "${marker}" within 30 s`));
    }, 30_000);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (!seen && out.includes(marker)) {
        seen = true;
        const ms = performance.now() - started;
        const rssMb = rssMbOf(child.pid);
        child.stdin.end();
        child.once("exit", () => {
          clearTimeout(timer);
          resolve({ ms, rssMb });
        });
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!seen) {
        clearTimeout(timer);
        reject(new Error(`exited ${code} before "${marker}"`));
      }
    });
  });
}

export interface ColdStartResult {
  runs: number;
  medianMs: number;
  p90Ms: number;
  idleRssMb: number;
  floorMedianMs: number;
  ratioToFloor: number;
  /** `npm run dev` (tsx on the sources), for reference; NaN when not measured (--quick). */
  devTsxMedianMs: number;
  devTsxIdleRssMb: number;
}

const median = (starts: Start[], pick: (s: Start) => number) => percentile(starts.map(pick), 50);

export async function coldStart(runs = 7, withDev = true): Promise<ColdStartResult> {
  if (!existsSync(join(root, "dist/src/main.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const compiled: Start[] = [];
  const dev: Start[] = [];
  const floor: Start[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "talkoot-bench-"));
    try {
      const env = { ...process.env, DATABASE_URL: `file:${join(dir, "bench.db")}`, LOG_LEVEL: "silent", CONSOLE: "on" };
      floor.push(await timeUntil(["-e", "process.stdout.write('ready\\n')"], "ready", env));
      const start = startCommand();
      compiled.push(await timeUntil([...start.nodeFlags, "dist/src/main.js"], "Type /help", { ...env, ...start.env }));
      if (withDev) {
        rmSync(join(dir, "bench.db"), { force: true });
        dev.push(await timeUntil(["--import", "tsx", "src/main.ts"], "Type /help", env));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const medianMs = median(compiled, (s) => s.ms);
  const floorMedianMs = median(floor, (s) => s.ms);
  return {
    runs,
    medianMs,
    p90Ms: percentile(
      compiled.map((s) => s.ms),
      90,
    ),
    idleRssMb: median(compiled, (s) => s.rssMb),
    floorMedianMs,
    ratioToFloor: medianMs / floorMedianMs,
    devTsxMedianMs: median(dev, (s) => s.ms),
    devTsxIdleRssMb: median(dev, (s) => s.rssMb),
  };
}
