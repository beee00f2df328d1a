// A whole Talkoot on a fresh database, with the console on in-memory streams
// and any extra adapters, for scenario tests.
import { PassThrough } from "node:stream";
import { type App, buildApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { ChatAdapter } from "../../src/core/adapter.js";
import type { Clock } from "../../src/core/clock.js";
import { createLogger } from "../../src/core/logger.js";

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
  options: { adapters?: ChatAdapter[]; clock?: Clock; console?: boolean } = {},
): Promise<TestApp> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => {
    printed += chunk.toString("utf8");
  });
  const config = loadConfig({ DATABASE_URL: databaseUrl, CONSOLE: options.console === false ? "off" : "on" });
  const app = await buildApp({
    config,
    logger: createLogger({ level: "silent" }),
    clock: options.clock,
    console: { input, output },
    adapters: options.adapters,
    // Tests move time by hand: they run due jobs with app.jobs.tick().
    timers: false,
  });
  await app.start();
  return {
    app,
    async type(...lines) {
      const before = printed.length;
      for (const line of lines) await app.console!.feed(line);
      return printed.slice(before);
    },
    output: () => printed,
    async close() {
      input.end();
      await app.console?.finished();
      await app.stop();
    },
  };
}
