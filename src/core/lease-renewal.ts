// Keeping a row's lease while the work it guards runs (a job, an outbox
// send). Without renewal a job or send that outlives its lease can be claimed
// and run a second time by another instance; with it, the lease can stay
// short, so the work of an instance that died is taken over soon.
//
// The lease is renewed every `everyMs` (a third of the lease by default). A
// renewal that finds the lease gone (another instance took the row, or the
// row was changed under us: rescheduled, reset) aborts the work's signal at
// once; database errors are retried at the next turn and abort the work once
// the lease may have run out unseen. Work whose lease is lost must not record
// its outcome: the conditional writes of the job queue and the outbox refuse
// it with LeaseLostError.
import type { Logger } from "./logger.js";

/** The work's lease is no longer this instance's: its outcome is discarded. */
export class LeaseLostError extends Error {
  constructor(what: string, detail = "another instance holds it now, or it was changed") {
    super(`lease lost on ${what}: ${detail}`);
    this.name = "LeaseLostError";
  }
}

export interface LeaseRenewalOptions {
  /** What is held, for the error and the log ("job 42 (task.reminder)"). */
  what: string;
  leaseMs: number;
  /** How often to renew; a third of the lease by default. */
  everyMs?: number;
  /** Extends the lease by a full lease from now; false when it is not ours any more. */
  renew: () => Promise<boolean>;
  logger: Logger;
  /** A renewal's database error (metrics). */
  onError?: (error: unknown) => void;
}

export interface RenewedLease {
  /** Aborted, with a LeaseLostError as its reason, when the lease is lost. */
  readonly signal: AbortSignal;
  /** Stops renewing, after a renewal in flight settles. */
  stop(): Promise<void>;
}

/** Starts renewing a lease just taken; call `stop()` when the work is over, whatever its outcome. */
export function keepLeaseRenewed(options: LeaseRenewalOptions): RenewedLease {
  const everyMs = Math.max(1, options.everyMs ?? Math.floor(options.leaseMs / 3));
  // Errors in a row that still leave the lease unexpired: each renewal that did not happen brings its end closer by everyMs.
  const tolerableErrors = Math.max(0, Math.ceil(options.leaseMs / everyMs) - 2);
  const controller = new AbortController();
  let errorsInARow = 0;
  let inFlight: Promise<void> | undefined;
  let stopped = false;

  const lose = (detail?: string) => {
    if (controller.signal.aborted) return;
    const error = new LeaseLostError(options.what, detail);
    options.logger.warn({ err: error }, "lease lost while working; the work is stopped and its outcome discarded");
    controller.abort(error);
  };

  const renewOnce = async () => {
    try {
      const held = await options.renew();
      errorsInARow = 0;
      if (!held && !stopped) lose();
    } catch (error) {
      options.onError?.(error);
      options.logger.error({ err: error, what: options.what }, "could not renew a lease");
      if (++errorsInARow > tolerableErrors && !stopped) lose("it could not be renewed before it ran out");
    }
  };

  const timer = setInterval(() => {
    if (inFlight || controller.signal.aborted) return;
    inFlight = renewOnce().finally(() => {
      inFlight = undefined;
    });
  }, everyMs);
  timer.unref();

  return {
    signal: controller.signal,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
