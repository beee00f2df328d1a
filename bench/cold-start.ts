// Cold start to ready: `npm start` with the console adapter on a fresh SQLite
// file (migrations included), until the console says it takes commands.
// The floor is the same Node + tsx loader printing one line, measured in the
// same run, so the ratio says what Talkoot itself adds.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BenchResult } from "./report.js";
import { percentile } from "./report.js";

const root = new URL("..", import.meta.url).pathname;

function timeUntil(args: string[], marker: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ["pipe", "pipe", "ignore"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker)) {
        const ms = performance.now() - started;
        child.stdin.end();
        child.once("exit", () => resolve(ms));
      }
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!out.includes(marker)) reject(new Error(`exited ${code} before "${marker}"`));
    });
  });
}

export async function coldStart(runs = 7): Promise<BenchResult> {
  const talkoot: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "talkoot-bench-"));
    try {
      const env = { ...process.env, DATABASE_URL: `file:${join(dir, "bench.db")}`, LOG_LEVEL: "silent", CONSOLE: "on" };
      floor.push(await timeUntil(["--import", "tsx", "-e", "process.stdout.write('ready\\n')"], "ready", env));
      talkoot.push(await timeUntil(["--import", "tsx", "src/main.ts"], "Type /help", env));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const median = percentile(talkoot, 50);
  const floorMedian = percentile(floor, 50);
  return {
    name: "cold start to ready (console, fresh SQLite)",
    figures: {
      "median ms": median,
      "p90 ms": percentile(talkoot, 90),
      "floor median ms (node + tsx, one line)": floorMedian,
      "ratio to floor": median / floorMedian,
    },
    budget: { label: "median under 1500 ms", met: median < 1500 },
  };
}
