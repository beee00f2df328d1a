// A whole Talkoot on a fresh database, with the console on in-memory streams
// and any extra adapters, for scenario tests.
import { PassThrough } from "node:stream";
import { ConsoleAdapter } from "../../adapters/console/console-adapter.js";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { ChatAdapter } from "../../src/core/adapter.js";
import type { Clock, ManualClock } from "../../src/core/clock.js";
import { createLogger } from "../../src/core/logger.js";
import type { StatementObserver } from "../../src/storage/statement-observer.js";

export interface TestApp {
  app: App;
  /** Feeds console lines and resolves when the console has handled them all. */
  type(...lines: string[]): Promise<string>;
  /** Everything the console printed so far. */
  output(): string;
  close(): Promise<void>;
}

export async function startTestApp(
  databaseUrl: string,
  options: {
    adapters?: ChatAdapter[];
    clock?: Clock;
    console?: boolean;
    env?: Record<string, string>;
    observeStatement?: StatementObserver;
  } = {},
): Promise<TestApp> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const config = loadConfig({
    ...options.env,
    DATABASE_URL: databaseUrl,
    CONSOLE: options.console === false ? "off" : "on",
  });
  const app = await buildApp({
    config,
    logger: createLogger({ level: "silent" }),
    clock: options.clock,
    console: { input, output },
    adapters: options.adapters,
    // Tests move time by hand: they run due jobs with app.jobs.tick().
    timers: false,
    observeStatement: options.observeStatement,
  });
  await app.start();
  const terminal = app.adapters.get("console");
  const consoleAdapter = terminal instanceof ConsoleAdapter ? terminal : undefined;
  return {
    app,
    async type(...lines) {
      const before = printed.length;
      for (const line of lines) await consoleAdapter!.feed(line);
      return printed.slice(before);
    },
    output: () => printed,
    async close() {
      input.end();
      await consoleAdapter?.finished();
      await app.stop();
    },
  };
}

export interface ManualTimeApp extends TestApp {
  /** Sends what is queued, runs due jobs, then sends what they queued; resolves when all is done. */
  settle(): Promise<void>;
  /** Moves the clock to `iso`, settles, and returns what the console printed meanwhile. */
  at(iso: string): Promise<string>;
}

/**
 * A whole Talkoot whose time moves only by hand. Deliveries go out when a test
 * settles, not whenever the dispatcher wakes, so each test reads replies and
 * notices in a fixed order.
 */
export async function startManualTimeApp(
  databaseUrl: string,
  options: {
    clock: ManualClock;
    adapters?: ChatAdapter[];
    console?: boolean;
    env?: Record<string, string>;
    observeStatement?: StatementObserver;
  },
): Promise<ManualTimeApp> {
  const testApp = await startTestApp(databaseUrl, options);
  const { app } = testApp;
  await app.dispatcher.stop();
  const settle = async () => {
    await app.dispatcher.dispatchDue();
    await app.jobs.tick();
    await app.dispatcher.dispatchDue();
  };
  return {
    ...testApp,
    settle,
    async at(iso) {
      const before = testApp.output().length;
      options.clock.set(iso);
      await settle();
      return testApp.output().slice(before);
    },
  };
}
