// Runs updates through the core in lanes (update-lanes.ts), and, with a
// durable inbox, owns the updates kept there: each is handled until the core
// takes it, then leaves the inbox. What is left when the process stops or
// dies is drained at the next start (the core drops repeats by event id).
import type { Update } from "grammy/types";
import { abortableSleep } from "../../src/core/abortable-sleep.js";
import type { Logger } from "../../src/core/logger.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import { PLATFORM } from "./ids.js";
import { withinDeadline } from "./timers.js";
import { Lanes, laneOf, senderOf } from "./update-lanes.js";

export type Outcome = "done" | "again";

/** After this many failed (throwing) tries an update is given up on (logged), so one bad update cannot stall the bot. */
const MAX_TRIES_PER_UPDATE = 5;
/** The pause before a refused update (the core is stopping, or the database is down) is tried again, growing to 30 s. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;
/** Updates handled at once, over all lanes (TELEGRAM_UPDATES_IN_FLIGHT). */
export const DEFAULT_UPDATES_IN_FLIGHT = 16;

export interface UpdateRunnerOptions {
  logger: Logger;
  /** Handles one update: true when done, false to try it later; a throw counts as a failed try. */
  handle(update: Update): Promise<boolean>;
  inbox?: UpdateInbox;
  /** How many updates are handled at once (default DEFAULT_UPDATES_IN_FLIGHT); the rest wait their turn. */
  maxInFlight?: number;
}

export class UpdateRunner {
  private readonly lanes: Lanes;
  private readonly tries = new Map<number, number>();
  /** Kept updates being handled, by update_id. */
  private readonly kept = new Map<number, Promise<void>>();
  private stopping = new AbortController();

  constructor(private readonly options: UpdateRunnerOptions) {
    this.lanes = new Lanes(options.maxInFlight ?? DEFAULT_UPDATES_IN_FLIGHT);
  }

  /** The most updates ever handled at once. */
  get peakInFlight(): number {
    return this.lanes.peakRunning;
  }

  get inbox(): UpdateInbox | undefined {
    return this.options.inbox;
  }

  /** One try in the update's lane. */
  run(update: Update): Promise<Outcome> {
    return this.lanes.run(laneOf(update), () => this.attempt(update), senderOf(update));
  }

  /** Kept updates still being handled. */
  get pending(): number {
    return this.kept.size;
  }

  /** Whether `updateId` is kept and being handled here. */
  has(updateId: number): boolean {
    return this.kept.has(updateId);
  }

  /** Stores updates in the inbox; throws when storage fails (then nothing may be acknowledged). */
  async keep(updates: readonly Update[]): Promise<void> {
    const fresh = updates.filter((update) => !this.kept.has(update.update_id));
    await this.options.inbox?.keep(
      PLATFORM,
      fresh.map((update) => ({ id: String(update.update_id), payload: JSON.stringify(update) })),
    );
  }

  /** Handles kept updates in the background, each until the core takes it; then it leaves the inbox. */
  handleKept(updates: readonly Update[]): void {
    for (const update of updates) {
      const id = update.update_id;
      if (this.kept.has(id)) continue;
      const work = this.untilDone(update).finally(() => this.kept.delete(id));
      this.kept.set(id, work);
    }
  }

  /** Handles what an earlier run left in the inbox, in update order. */
  async drain(): Promise<number> {
    this.stopping = new AbortController();
    const inbox = this.options.inbox;
    if (!inbox) return 0;
    const entries = await inbox.waiting(PLATFORM);
    const updates = entries
      .map((entry) => JSON.parse(entry.payload) as Update)
      .sort((a, b) => a.update_id - b.update_id);
    if (updates.length > 0) this.options.logger.info({ updates: updates.length }, "telegram: draining the inbox");
    this.handleKept(updates);
    return updates.length;
  }

  /** Resolves when one kept update is done (memory stays bounded). */
  async oneDone(): Promise<void> {
    await Promise.race(this.kept.values());
  }

  /** Stops retrying, and waits up to `ms` for kept updates; what is unfinished stays in the inbox. */
  async stop(ms: number): Promise<void> {
    this.stopping.abort();
    await withinDeadline(Promise.allSettled([...this.kept.values()]), ms);
  }

  private async untilDone(update: Update): Promise<void> {
    const signal = this.stopping.signal;
    let waitMs = FIRST_RETRY_MS;
    while ((await this.run(update)) === "again") {
      if (signal.aborted) return; // left in the inbox for the next start
      await abortableSleep(waitMs, signal);
      waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
    }
    await this.options.inbox?.done(PLATFORM, String(update.update_id)).catch((error: unknown) => {
      // It is drained again at the next start, and the core drops the repeat.
      this.options.logger.warn(
        { err: error, updateId: update.update_id },
        "telegram: could not clear a handled update",
      );
    });
  }

  private async attempt(update: Update): Promise<Outcome> {
    const id = update.update_id;
    try {
      // false: the core is not taking events right now; that is no fault of the update.
      if (!(await this.options.handle(update))) return "again";
      this.tries.delete(id);
      return "done";
    } catch (error) {
      this.options.logger.error({ err: error, updateId: id }, "telegram: update not handled");
      const tries = (this.tries.get(id) ?? 0) + 1;
      this.tries.set(id, tries);
      if (tries < MAX_TRIES_PER_UPDATE) return "again";
      this.tries.delete(id);
      this.options.logger.error({ updateId: id, tries }, "telegram: giving up on an update that keeps failing");
      return "done";
    }
  }
}
