// Calls a tick function on a node-cron schedule (every 15 s by default), and
// once at start so jobs that fell due while the process was down run at once.
// Every instance ticks: claiming is atomic, so no election is needed here.
import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "../core/logger.js";
import { everySecondsExpression } from "./cron-expression.js";
import { cronLogger } from "./cron-logger.js";

export interface TickerOptions {
  /** Period in seconds; must divide a minute or an hour evenly. Default 15. */
  everySeconds?: number;
  /** Task name in node-cron and the logs. */
  name?: string;
  /** Run one tick at start (default true). */
  tickAtStart?: boolean;
}

export class Ticker {
  private task: ScheduledTask | undefined;
  private running: Promise<void> | undefined;
  private readonly expression: string;
  private readonly name: string;

  constructor(
    private readonly tick: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly options: TickerOptions = {},
  ) {
    this.expression = everySecondsExpression(options.everySeconds ?? 15);
    this.name = options.name ?? "ticker";
  }

  start(): void {
    if (this.task) return;
    this.task = cron.schedule(this.expression, () => this.runOnce(), {
      name: this.name,
      noOverlap: true,
      logger: cronLogger(this.logger),
    });
    if (this.options.tickAtStart ?? true) void this.runOnce();
  }

  /** Stops the schedule and waits for a tick in progress. */
  async stop(): Promise<void> {
    const task = this.task;
    this.task = undefined;
    if (task) await task.destroy();
    await this.running;
  }

  /** One tick now, unless one is already running (then that one is awaited). */
  runOnce(): Promise<void> {
    this.running ??= this.guardedTick().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async guardedTick(): Promise<void> {
    try {
      await this.tick();
    } catch (error) {
      // A failed tick (database away) must not stop the schedule; the next one retries.
      this.logger.error({ err: error, ticker: this.name }, "tick failed");
    }
  }
}
