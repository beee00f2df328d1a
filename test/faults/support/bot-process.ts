// The real bot as a child process, configured by environment variables
// against a platform fake, killed with SIGKILL or stopped with SIGTERM, and
// started again, as an operator's process would be. Which build runs is one
// setting: FAULT_BOT_ENTRY (default `src/main.ts` under tsx; a `.js` entry
// such as `dist/src/main.js` runs on plain node, with no transpiling).
import { type ChildProcess, spawn } from "node:child_process";

const root = new URL("../../..", import.meta.url).pathname;

/** The entry point the suite starts; `.ts` runs under tsx. */
export const BOT_ENTRY = process.env.FAULT_BOT_ENTRY ?? "src/main.ts";

/** The app's clock moves this far forward on a long downtime: past the 120 s after which a claim counts as stale. */
export const LONG_DOWNTIME_SECONDS = 130;
/** A short downtime, in real time. */
export const SHORT_DOWNTIME_MS = 500;
/** How long one start may take on a loaded machine before the run fails. */
const START_TIMEOUT_MS = 90_000;

export interface BotProcessOptions {
  databaseUrl: string;
  /** The platform's part of the environment (tokens, API roots, HTTP_PORT, a webhook URL, …). */
  env: Record<string, string>;
  /**
   * Called as a start begins; returns the check that the bot is taking
   * updates (Telegram: it long-polls or has set its webhook; Slack over
   * HTTP: /readyz answers 200).
   */
  readiness(): () => boolean | Promise<boolean>;
  /** Moves the platform fake's clock with the bot's on a long downtime. */
  advancePlatformClock?(ms: number): void;
}

export class BotProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private output = "";
  /** Seconds the bot's clock (TALKOOT_CLOCK_OFFSET_SECONDS) is ahead of real time. */
  clockOffsetSeconds = 0;
  /** Processes started, SIGKILLs and clean stops so far. */
  starts = 0;
  kills = 0;
  stops = 0;
  /** Wall time of each start, spawn to taking updates, in ms (the harness's own cost; see the README). */
  readonly startMs: number[] = [];
  /** Real time (Date.now) the running process was spawned. */
  startedAt = 0;

  constructor(private readonly options: BotProcessOptions) {}

  /** The bot's clock now: real time plus the offset it was started with. */
  appNow(): Date {
    return new Date(Date.now() + this.clockOffsetSeconds * 1000);
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts the bot; resolves once it takes updates. */
  async start(): Promise<void> {
    const ready = this.options.readiness();
    const began = Date.now();
    const args = BOT_ENTRY.endsWith(".ts") ? ["--import", "tsx", BOT_ENTRY] : [BOT_ENTRY];
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? "error",
        CONSOLE: "off",
        DATABASE_URL: this.options.databaseUrl,
        TALKOOT_SECRET: "fault-suite-secret-0123456789abcdef0123456789",
        SCHEDULER_TICK_SECONDS: "1",
        TALKOOT_CLOCK_OFFSET_SECONDS: String(this.clockOffsetSeconds),
        ...this.options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts++;
    this.startedAt = began;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let gone = false;
    void this.exited.then(() => (gone = true));
    const deadline = began + START_TIMEOUT_MS;
    while (!(await ready())) {
      if (gone) throw new Error(`the bot exited during start:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the bot did not start within 90 s:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.startMs.push(Date.now() - began);
  }

  /** kill -9: no handler finishes, nothing is flushed. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGKILL");
    await this.exited;
    this.child = undefined;
    this.kills++;
  }

  /** SIGTERM: the clean shutdown an operator's restart does. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGTERM");
    await this.exited;
    this.child = undefined;
    this.stops++;
  }

  /** The process is down for a while: `long` moves the app's clock (and the fake's) past the stale-claim age. */
  async downtime(long: boolean): Promise<void> {
    if (long) {
      this.clockOffsetSeconds += LONG_DOWNTIME_SECONDS;
      this.options.advancePlatformClock?.(LONG_DOWNTIME_SECONDS * 1000);
    }
    // The downtime itself is the point here, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, SHORT_DOWNTIME_MS));
  }

  /** The last lines the bot wrote (for a failure message). */
  get log(): string {
    return this.output;
  }
}
