// The real bot (`src/main.ts` under tsx) as a child process, configured by
// environment variables against the Telegram fake, killed with SIGKILL or
// stopped with SIGTERM, and started again, as an operator's process would be.
import { type ChildProcess, spawn } from "node:child_process";
import type { FakeTelegram } from "../../fakes/telegram/fake-bot-api.js";

const root = new URL("../../..", import.meta.url).pathname;

/** The app's clock moves this far forward on a long downtime: past the 120 s after which a claim counts as stale. */
export const LONG_DOWNTIME_SECONDS = 130;
/** A short downtime, in real time. */
export const SHORT_DOWNTIME_MS = 500;

export interface BotProcessOptions {
  fake: FakeTelegram;
  databaseUrl: string;
  /** Extra environment (HTTP_PORT, a webhook URL, …). */
  env?: Record<string, string>;
}

export class BotProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private clockOffsetSeconds = 0;
  private output = "";
  /** Processes started, SIGKILLs and clean stops so far. */
  starts = 0;
  kills = 0;
  stops = 0;

  constructor(private readonly options: BotProcessOptions) {}

  /** Starts the bot; resolves once it long-polls the fake, or in webhook mode once it has set its webhook. */
  async start(): Promise<void> {
    const { fake } = this.options;
    const since = fake.calls.length;
    const webhook = this.options.env?.TELEGRAM_WEBHOOK_URL !== undefined;
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: "test",
        LOG_LEVEL: process.env.FAULT_LOG_LEVEL ?? "error",
        CONSOLE: "off",
        DATABASE_URL: this.options.databaseUrl,
        TELEGRAM_BOT_TOKEN: fake.token,
        TELEGRAM_API_ROOT: fake.apiRoot,
        TALKOOT_SECRET: "fault-suite-secret-0123456789abcdef0123456789",
        SCHEDULER_TICK_SECONDS: "1",
        TALKOOT_CLOCK_OFFSET_SECONDS: String(this.clockOffsetSeconds),
        ...this.options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    this.starts++;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    let gone = false;
    void this.exited.then(() => (gone = true));
    const ready = () =>
      fake.calls
        .slice(since)
        .some((c) =>
          webhook
            ? c.method === "setWebhook" && c.response.status === 200
            : c.method === "getUpdates" && Number(c.params.timeout ?? 0) > 0,
        );
    const deadline = Date.now() + 90_000;
    while (!ready()) {
      if (gone) throw new Error(`the bot exited during start:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`the bot did not start within 90 s:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
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
      this.options.fake.advanceTime(LONG_DOWNTIME_SECONDS * 1000);
    }
    // The downtime itself is the point here, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, SHORT_DOWNTIME_MS));
  }

  /** The last lines the bot wrote (for a failure message). */
  get log(): string {
    return this.output;
  }
}
