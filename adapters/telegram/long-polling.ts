// Long polling with a durable offset.
//
// Why not grammY's bot.start(): it has no way to begin at a stored offset
// (it always starts from its in-memory lastTriedUpdateId = 0), and it handles
// updates strictly one at a time, so one slow update holds up every chat.
// This loop is the supported alternative for custom runners (what
// @grammyjs/runner does): bot.api.getUpdates with our own offset, through the
// same API transformers (throttler, auto-retry).
//
//   - The first getUpdates carries the offset stored in AdapterState, so a
//     restart resumes after the last handled update instead of handling
//     Telegram's unconfirmed backlog again.
//   - With a durable inbox (the default in Talkoot): a batch is first stored
//     in the inbox, then the offset (last update_id + 1) is asked for, which
//     is what confirms the batch to Telegram. The offset is stored at most
//     once a second (the last one always, a second later at most): a restart
//     after a crash may be offered the last second's batches again, which the
//     inbox and the core's de-duplication drop (issue 16: a write per batch
//     was a statement per routed request at 100 a second). The updates are then
//     handled in lanes (update-runner.ts) and leave the inbox when done; a
//     burst is taken in at once (beyond a hundred, only ids stay in memory,
//     see kept-updates.ts), so its presses are answered in Telegram's window
//     (press-clock.ts); a restart drains what is left before polling. If the inbox cannot be
//     written (the database is down), the offset stays, Telegram keeps the
//     batch, and polling tries again with back-off: nothing is confirmed that
//     is not stored.
//   - Without an inbox: a batch is handled in lanes, and when it is done the
//     offset is stored and asked for; a crash mid-batch gets it again, and
//     the core's de-duplication by eventId makes the repeats harmless. An
//     update the core did not take (it is shutting down) is asked for again
//     from its update_id. A batch still busy after `moveOnAfterMs` does not
//     hold up other chats: polling moves on and the rest finishes in its
//     lanes; only those stragglers are lost if the process dies meanwhile.
//   - stop() aborts the held request at once and, like grammY's bot.stop(),
//     confirms the offset to Telegram with one short getUpdates.
import type { Api } from "grammy";
import { GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { abortableSleep } from "../../src/core/abortable-sleep.js";
import type { Logger } from "../../src/core/logger.js";
import { withinDeadline } from "../../src/core/within-deadline.js";
import { isUnauthorized } from "./delivery-errors.js";
import { type KeyValueState, OFFSET_KEY } from "./state.js";
import type { Outcome, UpdateRunner } from "./update-runner.js";

export interface LongPollingOptions {
  api: Api;
  state: KeyValueState;
  logger: Logger;
  allowedUpdates: readonly string[];
  /** Seconds Telegram holds an empty getUpdates open. */
  timeoutSeconds: number;
  /** How long a batch may hold up polling before the rest is finished in the background (default 2000). */
  moveOnAfterMs?: number;
  /** Runs updates through the core; with an inbox, keeps them there until done. */
  runner: UpdateRunner;
  /** How long stop() waits for updates being handled (default 10 s). */
  stopGraceMs?: number;
  /** With an inbox, how often at most the offset is stored (default 1000 ms; tests lengthen it). */
  offsetStoreEveryMs?: number;
  /** The token stopped working (401): polling has ended. */
  onFatal(error: unknown): void;
}

type GrammySignal = Parameters<Api["getUpdates"]>[1];

/**
 * Without an inbox: updates finishing in the background before polling waits
 * for some of them, one getUpdates batch. A burst's later updates wait at
 * Telegram instead of in this process, and memory stays bounded: with 1,000 a
 * 10,000-press burst peaked 90-125 MB higher (issue 16's benchmark). With an
 * inbox the runner holds at most a hundred and parks the rest (ids only).
 */
const MAX_STRAGGLERS = 100;

/**
 * Updates taken into the inbox and not yet done, beyond which polling waits.
 * Past the runner's first hundred they are parked (ids only, payloads in the
 * inbox), so a burst is taken in at once and its presses' answer clocks start
 * on arrival rather than after seconds waiting at Telegram.
 */
const MAX_TAKEN_IN = 20_000;

export class LongPolling {
  private offset: number | undefined;
  /** The offset last stored (or read at start). */
  private storedOffset: number | undefined;
  /** Stores run one after another, so a stored offset never moves back. */
  private storing: Promise<void> = Promise.resolve();
  private lastStoreAt = 0;
  private storeTimer: NodeJS.Timeout | undefined;
  private controller = new AbortController();
  private loop: Promise<void> | undefined;
  private connected = false;
  private readonly stragglers = new Set<Promise<unknown>>();

  constructor(private readonly options: LongPollingOptions) {}

  /** Reads the stored offset, leaves webhook mode, and starts polling in the background. */
  async start(): Promise<void> {
    const stored = await this.options.state.get(OFFSET_KEY);
    const parsed = stored === undefined ? Number.NaN : Number(stored);
    this.offset = Number.isSafeInteger(parsed) && parsed > 0 ? parsed : undefined;
    this.storedOffset = this.offset;
    // getUpdates refuses to work while a webhook is set (409).
    await this.options.api.deleteWebhook();
    // What a previous run stored and did not finish goes first, in its lanes.
    await this.options.runner.drain();
    this.controller = new AbortController();
    this.connected = true;
    this.loop = this.run(this.controller.signal);
  }

  /** Polling, and the last getUpdates succeeded. */
  isPolling(): boolean {
    return this.loop !== undefined && this.connected;
  }

  async stop(): Promise<void> {
    if (!this.loop) return;
    this.controller.abort();
    await withinDeadline(Promise.allSettled([this.loop, ...this.stragglers]), this.options.stopGraceMs ?? 10_000);
    this.loop = undefined;
    this.connected = false;
    clearTimeout(this.storeTimer);
    this.storeTimer = undefined;
    await this.storeOffset();
    if (this.offset !== undefined) {
      await this.options.api.getUpdates({ offset: this.offset, limit: 1, timeout: 0 }).catch(() => undefined);
    }
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let storeFailures = 0;
    let allowedUpdates: readonly string[] | undefined = this.options.allowedUpdates;
    while (!signal.aborted) {
      if (this.stragglers.size >= MAX_STRAGGLERS) {
        await Promise.race([...this.stragglers]);
        continue;
      }
      if (this.options.runner.pending >= MAX_TAKEN_IN) {
        await this.options.runner.oneDone();
        continue;
      }
      let updates: Update[];
      try {
        updates = await this.options.api.getUpdates(
          {
            ...(this.offset === undefined ? {} : { offset: this.offset }),
            timeout: this.options.timeoutSeconds,
            // Telegram remembers allowed_updates, so the first request is enough.
            ...(allowedUpdates ? { allowed_updates: [...allowedUpdates] as never } : {}),
          },
          // grammY types its own AbortSignal shim; it accepts the platform's at run time.
          signal as unknown as GrammySignal,
        );
        this.connected = true;
        failures = 0;
        allowedUpdates = undefined;
      } catch (error) {
        if (signal.aborted) break;
        this.connected = false;
        if (isUnauthorized(error)) {
          this.options.onFatal(error);
          break;
        }
        const waitMs = retryDelayMs(error, failures++);
        this.options.logger.warn({ err: error, retryInMs: waitMs }, "telegram: getUpdates failed");
        await abortableSleep(waitMs, signal);
        continue;
      }
      if (updates.length === 0) continue;
      if (!this.options.runner.inbox) {
        await this.handleBatch(updates, signal);
        continue;
      }
      try {
        await this.options.runner.keep(updates);
        storeFailures = 0;
      } catch (error) {
        // Not stored, so not confirmed: Telegram keeps the batch and offers it again.
        const waitMs = retryDelayMs(error, storeFailures++);
        this.options.logger.warn(
          { err: error, retryInMs: waitMs },
          "telegram: could not store updates; not confirming them",
        );
        await abortableSleep(waitMs, signal);
        continue;
      }
      this.options.runner.handleKept(updates);
      if (this.advanceOffset(Math.max(...updates.map((u) => u.update_id)) + 1) !== undefined) this.storeOffsetSoon();
    }
  }

  private async handleBatch(updates: Update[], signal: AbortSignal): Promise<void> {
    const work = Promise.all(updates.map((update) => this.options.runner.run(update)));
    const outcomes = await withinDeadline(work, this.options.moveOnAfterMs ?? 2_000);
    const last = Math.max(...updates.map((u) => u.update_id));
    let retryFrom: number | undefined;
    if (outcomes) {
      const retry = updates.filter((_, index) => outcomes[index] === "again").map((u) => u.update_id);
      if (retry.length > 0) retryFrom = Math.min(...retry);
    } else {
      this.options.logger.debug({ updates: updates.length }, "telegram: batch still busy; polling moves on");
      this.finishInBackground(updates, work, signal);
    }
    await this.moveOffset(retryFrom ?? last + 1);
    // The core is not taking events (it is stopping): ask again shortly, not at once.
    if (retryFrom !== undefined) await abortableSleep(1_000, signal);
  }

  /** The next offset, which Telegram learns from the next getUpdates; never moves back. Undefined when it did not move. */
  private advanceOffset(wanted: number): number | undefined {
    // A redelivered old update may arrive after newer ones were confirmed.
    const next = Math.max(wanted, this.offset ?? 0);
    if (next === this.offset) return undefined;
    this.offset = next;
    return next;
  }

  /** Advances the offset and stores it: handled updates, without an inbox, are not offered again after a restart. */
  private async moveOffset(wanted: number): Promise<void> {
    if (this.advanceOffset(wanted) !== undefined) await this.storeOffset();
  }

  /** Stores the offset at once when the last store is old enough, else once it is (one store for the batches between). */
  private storeOffsetSoon(): void {
    if (this.storeTimer) return;
    const waitMs = Math.max(0, this.lastStoreAt + (this.options.offsetStoreEveryMs ?? 1_000) - Date.now());
    this.storeTimer = setTimeout(() => {
      this.storeTimer = undefined;
      void this.storeOffset();
    }, waitMs);
    this.storeTimer.unref();
  }

  /** Stores the current offset unless it is stored already; resolves when stored (a failure is logged). */
  private storeOffset(): Promise<void> {
    const offset = this.offset;
    if (offset === undefined || offset === this.storedOffset) return this.storing;
    this.storedOffset = offset;
    this.lastStoreAt = Date.now();
    this.storing = this.storing.then(() =>
      this.options.state.set(OFFSET_KEY, String(offset)).catch((error: unknown) => {
        // Telegram still learns the offset from the next getUpdates; only a restart would see repeats (which the core drops).
        this.options.logger.warn({ err: error }, "telegram: could not store the polling offset");
        if (this.storedOffset === offset) this.storedOffset = undefined;
      }),
    );
    return this.storing;
  }

  /** The rest of a batch polling moved on from: an update the core refuses is tried again here, in its lane. */
  private finishInBackground(updates: Update[], work: Promise<Outcome[]>, signal: AbortSignal): void {
    const finishing = work.then(async (outcomes) => {
      const again = updates.filter((_, index) => outcomes[index] === "again");
      while (again.length > 0 && !signal.aborted) {
        await abortableSleep(1_000, signal);
        const results = await Promise.all(again.map((u) => this.options.runner.run(u)));
        const still = again.filter((_, index) => results[index] === "again");
        again.splice(0, again.length, ...still);
      }
      for (const update of again) {
        this.options.logger.warn({ updateId: update.update_id }, "telegram: update not handled before stop");
      }
    });
    this.stragglers.add(finishing);
    void finishing.finally(() => this.stragglers.delete(finishing));
  }
}

/** 409: another instance polls (or a webhook is set): back off; 429: as told; else exponential, at most 30 s. */
function retryDelayMs(error: unknown, failures: number): number {
  if (error instanceof GrammyError) {
    if (error.error_code === 409) return 5_000;
    const after = error.parameters.retry_after;
    if (error.error_code === 429 && after !== undefined) return after * 1000;
  }
  return Math.min(30_000, 500 * 2 ** failures);
}
