// Runs updates through the core in lanes (update-lanes.ts), and, with a
// durable inbox, owns the updates kept there (src/core/kept-updates.ts: each
// is handled until the core takes it, then leaves the inbox; what is left
// when the process stops or dies is drained at the next start).
import type { Update } from "grammy/types";
import { KeptUpdates, type Outcome } from "../../src/core/kept-updates.js";
import type { Logger } from "../../src/core/logger.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import { PLATFORM } from "./ids.js";
import { Lanes, laneOf, senderOf } from "./update-lanes.js";

export type { Outcome };

/** Updates handled at once, over all lanes (TELEGRAM_UPDATES_IN_FLIGHT). */
export const DEFAULT_UPDATES_IN_FLIGHT = 16;

export interface UpdateRunnerOptions {
  logger: Logger;
  /** Handles one update: true when done, false to try it later; a throw counts as a failed try. */
  handle(update: Update): Promise<boolean>;
  inbox?: UpdateInbox;
  /** How many updates are handled at once (default DEFAULT_UPDATES_IN_FLIGHT); the rest wait their turn. */
  maxInFlight?: number;
  /** How many kept updates are held in memory at once (default DEFAULT_MAX_HELD); the rest are parked. */
  maxHeld?: number;
  /** Kept updates just taken in, before they are handed over (their answer clocks start). */
  onTaken?(updates: readonly Update[]): void;
}

export class UpdateRunner {
  private readonly lanes: Lanes;
  private readonly kept: KeptUpdates<Update>;

  constructor(private readonly options: UpdateRunnerOptions) {
    this.lanes = new Lanes(options.maxInFlight ?? DEFAULT_UPDATES_IN_FLIGHT);
    this.kept = new KeptUpdates<Update>({
      platform: PLATFORM,
      logger: options.logger,
      ...(options.inbox ? { inbox: options.inbox } : {}),
      idOf: (update) => String(update.update_id),
      encode: (update) => JSON.stringify(update),
      decode: (payload) => JSON.parse(payload) as Update,
      handle: options.handle,
      schedule: (update, attempt) => this.lanes.run(laneOf(update), attempt, senderOf(update)),
      compareIds: (a, b) => Number(a) - Number(b),
      ...(options.maxHeld ? { maxHeld: options.maxHeld } : {}),
    });
  }

  /** The most updates ever handled at once. */
  get peakInFlight(): number {
    return this.lanes.peakRunning;
  }

  get inbox(): UpdateInbox | undefined {
    return this.kept.inbox;
  }

  /** One try in the update's lane. */
  run(update: Update): Promise<Outcome> {
    return this.kept.run(update);
  }

  /** Kept updates not yet done (held, or parked in the inbox). */
  get pending(): number {
    return this.kept.pending;
  }

  /** About how long an update would wait with `ahead` updates before it; undefined until the pace is known. */
  expectedWaitMs(ahead: number): number | undefined {
    return this.kept.expectedWaitMs(ahead);
  }

  /** Whether `updateId` is kept and being handled here. */
  has(updateId: number): boolean {
    return this.kept.has(String(updateId));
  }

  /** Stores updates in the inbox; throws when storage fails (then nothing may be acknowledged). */
  keep(updates: readonly Update[]): Promise<void> {
    return this.kept.keep(updates);
  }

  /** Handles kept updates in the background, each until the core takes it; then it leaves the inbox. */
  handleKept(updates: readonly Update[]): void {
    // A redelivery of an update already here is not taken in again.
    this.options.onTaken?.(updates.filter((update) => !this.has(update.update_id)));
    this.kept.handleKept(updates);
  }

  /** Handles what an earlier run left in the inbox, in update order. */
  drain(): Promise<number> {
    return this.kept.drain();
  }

  /** Resolves when one kept update is done (memory stays bounded). */
  oneDone(): Promise<void> {
    return this.kept.oneDone();
  }

  /** Stops retrying, and waits up to `ms` for kept updates; what is unfinished stays in the inbox. */
  stop(ms: number): Promise<void> {
    return this.kept.stop(ms);
  }
}
