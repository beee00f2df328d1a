// Process lifecycle: a clean stop on SIGTERM/SIGINT, and unhandled promise
// rejections logged and counted instead of killing the process.
//
// Stop order, each step after the previous one ends:
//   1. router.stopAccepting()      new events are ignored (webhook adapters should answer 503 then)
//   2. router.drain(10 s)          handlers already started finish
//   3. stop tickers                no new jobs or singleton runs; a tick in progress finishes
//   4. outbox.flush(…)             what handlers queued goes out while the adapters still run
//   5. stop the outbox dispatcher
//   6. adapters.stop()
//   7. http.close(), database.close()
//   8. exit(0)
// A step that fails is logged and the stop goes on; a stop that hangs past
// the hard deadline exits with 1.
import type { Logger } from "./core/logger.js";

export interface Stoppable {
  stop(): Promise<void>;
}

export interface ShutdownParts {
  router?: { stopAccepting(): void; drain(timeoutMs: number): Promise<boolean> };
  /** The job ticker, the retention schedule: anything on a timer. */
  tickers?: Stoppable[];
  outbox?: { flush(timeoutMs: number): Promise<boolean>; stop(): Promise<void> };
  adapters?: (Stoppable & { readonly platform: string })[];
  http?: { close(): Promise<void> };
  database?: { close(): Promise<void> };
}

/** The part of `process` the lifecycle listens on (injectable for tests). */
export interface ProcessEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface LifecycleOptions {
  logger: Logger;
  /** Counts unhandled rejections (metrics). */
  onUnhandledRejection?: (reason: unknown) => void;
  exit?: (code: number) => void;
  process?: ProcessEvents;
  signals?: string[];
  drainMs?: number;
  flushMs?: number;
  /** After this long the process exits with 1 whatever is still running. */
  hardDeadlineMs?: number;
}

export interface Lifecycle {
  /** Runs the stop sequence (what a signal does); a second call returns the same promise. */
  shutdown(reason: string): Promise<void>;
  /** Removes the listeners (tests). */
  uninstall(): void;
}

export function installLifecycle(parts: ShutdownParts, options: LifecycleOptions): Lifecycle {
  const proc: ProcessEvents = options.process ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const logger = options.logger;
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    if (stopping) {
      logger.info({ reason }, "shutdown already in progress");
      return stopping;
    }
    logger.info({ reason }, "shutting down");
    const deadline = setTimeout(() => {
      logger.error({ reason }, "shutdown took too long; exiting anyway");
      exit(1);
    }, options.hardDeadlineMs ?? 30_000);
    deadline.unref();
    stopping = stopParts(parts, logger, { drainMs: options.drainMs, flushMs: options.flushMs }).then(() => {
      clearTimeout(deadline);
      logger.info("stopped");
      exit(0);
    });
    return stopping;
  };

  const onSignal = (signal: unknown) => void shutdown(String(signal));
  const onRejection = (reason: unknown) => {
    logger.error({ err: reason }, "unhandled promise rejection");
    options.onUnhandledRejection?.(reason);
  };
  for (const signal of signals) proc.on(signal, onSignal);
  proc.on("unhandledRejection", onRejection);

  return {
    shutdown,
    uninstall() {
      for (const signal of signals) proc.off(signal, onSignal);
      proc.off("unhandledRejection", onRejection);
    },
  };
}

/**
 * The ordered stop, guarded step by step (a failing step is logged and the
 * rest still run): stop taking events, drain handlers, stop timers, flush and
 * stop the outbox, close adapters, HTTP and the database. Signals run it;
 * app.stop() runs it too.
 */
export async function stopParts(
  parts: ShutdownParts,
  logger: Logger,
  { drainMs = 10_000, flushMs = 5_000 }: { drainMs?: number | undefined; flushMs?: number | undefined } = {},
): Promise<void> {
  const step = async (name: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      logger.error({ err: error, step: name }, "shutdown step failed");
    }
  };
  const { router, outbox, http, database } = parts;
  if (router) {
    router.stopAccepting();
    await step("drain", async () => {
      if (!(await router.drain(drainMs))) logger.warn({ drainMs }, "handlers still running after the drain timeout");
    });
  }
  await Promise.all((parts.tickers ?? []).map((ticker) => step("ticker", () => ticker.stop())));
  if (outbox) {
    await step("outbox flush", async () => {
      if (!(await outbox.flush(flushMs)))
        logger.warn({ flushMs }, "outbox not empty at shutdown; the rest goes after restart");
    });
    await step("outbox stop", () => outbox.stop());
  }
  await Promise.all((parts.adapters ?? []).map((adapter) => step(`adapter ${adapter.platform}`, () => adapter.stop())));
  if (http) await step("http", () => http.close());
  if (database) await step("database", () => database.close());
}
