// The platform-neutral half of intake with a durable inbox (update-inbox.ts),
// shared by every adapter: an update is stored, then acknowledged to its
// platform, then handled here until the core takes it, and only then leaves
// the inbox. What a stopped or dead process left is drained at the next
// start and, with `sweepEveryMs`, now and then while running (another
// instance died holding it). The adapter says how an update is named,
// stored, scheduled (lanes) and handed to the core.
//
// At most `maxHeld` updates are held in memory. A burst beyond that is still
// taken in (stored and acknowledged at once, so the platform's window for an
// answer is not spent waiting at the platform), but only its ids are kept
// here, "parked": their payloads are read back from the inbox, in order, as
// room frees. A 10,000-press burst costs a few hundred kilobytes of ids
// instead of every update's payload.
import { setMaxListeners } from "node:events";
import { abortableSleep } from "./abortable-sleep.js";
import { Fifo } from "./fifo.js";
import type { Logger } from "./logger.js";
import type { InboxEntry, UpdateInbox } from "./update-inbox.js";
import { withinDeadline } from "./within-deadline.js";

export type Outcome = "done" | "again";

/** After this many failed (throwing) tries an update is given up on (logged), so one bad update cannot stall the bot. */
const MAX_TRIES_PER_UPDATE = 5;
/** Updates held in memory at once by default; the rest of a burst waits parked (its ids only). */
export const DEFAULT_MAX_HELD = 100;
/** The pause before a refused update (the core is stopping, or the database is down) is tried again, growing to 30 s. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export interface KeptUpdatesOptions<T> {
  /** The inbox's platform key ("telegram", "slack", "discord"). */
  platform: string;
  logger: Logger;
  inbox?: UpdateInbox;
  /** The update's id, stable across the platform's redeliveries. */
  idOf(update: T): string;
  encode(update: T): string;
  decode(payload: string): T;
  /** Handles one update: true when done, false to try it later; a throw counts as a failed try. */
  handle(update: T): Promise<boolean>;
  /** Runs one try where it must wait its turn (Telegram's lanes); default at once. */
  schedule?(update: T, attempt: () => Promise<Outcome>): Promise<Outcome>;
  /** The order in which drained updates are handed over, by id; default oldest stored first. */
  compareIds?(a: string, b: string): number;
  /** Updates held in memory at once (default DEFAULT_MAX_HELD); more are parked until there is room. */
  maxHeld?: number;
  /** Also drains the inbox this often while running (rows a dead instance left); off when absent. */
  sweepEveryMs?: number;
}

export class KeptUpdates<T> {
  private readonly tries = new Map<string, number>();
  /** Kept updates being handled, by id. */
  private readonly kept = new Map<string, Promise<void>>();
  /**
   * Handled updates whose leaving the inbox is not yet done, by id: they no longer hold a place
   * (the inbox gathers the deletes of a few tens of milliseconds into one), and a sweep skips them.
   */
  private readonly clearing = new Map<string, Promise<void>>();
  /** Kept updates waiting for room, by id only, in the order they are handed over. */
  private readonly parked = new ParkedIds();
  private refilling: Promise<void> | undefined;
  private readonly doneTimes = new DoneRate();
  private stopping = stopSignal();
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly options: KeptUpdatesOptions<T>) {}

  get inbox(): UpdateInbox | undefined {
    return this.options.inbox;
  }

  /** One try, in the update's turn. */
  run(update: T): Promise<Outcome> {
    const attempt = () => this.attempt(update);
    return this.options.schedule ? this.options.schedule(update, attempt) : attempt();
  }

  /** Kept updates not yet done: held in memory, or parked. */
  get pending(): number {
    return this.kept.size + this.parked.size;
  }

  /** Whether the update with this id is kept and being handled (or parked, or leaving the inbox) here. */
  has(id: string): boolean {
    return this.kept.has(id) || this.parked.has(id) || this.clearing.has(id);
  }

  /**
   * About how long an update taken in now would wait before its turn: the updates ahead of it
   * over the rate they were done at lately; undefined until that rate is known.
   */
  expectedWaitMs(ahead = this.pending): number | undefined {
    const perSecond = this.doneTimes.perSecond();
    return perSecond === undefined ? undefined : (ahead / perSecond) * 1000;
  }

  /** Stores updates in the inbox; throws when storage fails (then nothing may be acknowledged). */
  async keep(updates: readonly T[]): Promise<void> {
    const { idOf, encode } = this.options;
    const fresh = updates.filter((update) => !this.has(idOf(update)));
    await this.options.inbox?.keep(
      this.options.platform,
      fresh.map((update) => ({ id: idOf(update), payload: encode(update) })),
    );
  }

  /** keep(), within an ack deadline's room: a store slower than `ms` counts as failed (it may still land, and is then drained). */
  async keepWithin(updates: readonly T[], ms: number): Promise<void> {
    const stored = await withinDeadline(
      this.keep(updates).then(() => true),
      ms,
    );
    if (!stored) throw new Error(`the inbox did not answer within ${ms} ms`);
  }

  /**
   * Handles kept updates in the background, each until the core takes it; then it leaves the inbox.
   * Beyond `maxHeld`, or behind parked ones (also those being read back), an update is parked:
   * handed over later, read back from the inbox, so a chat's updates keep their order.
   */
  handleKept(updates: readonly T[]): void {
    for (const update of updates) {
      const id = this.options.idOf(update);
      if (this.has(id)) continue;
      const behind = this.parked.size > 0 || this.refilling !== undefined || this.kept.size >= this.maxHeld;
      if (this.options.inbox && behind) this.parked.push(id);
      else this.hold(id, update);
    }
    this.refill();
  }

  private get maxHeld(): number {
    return this.options.maxHeld ?? DEFAULT_MAX_HELD;
  }

  private hold(id: string, update: T): void {
    const work = this.untilDone(id, update).finally(() => {
      this.kept.delete(id);
      this.doneTimes.add();
      this.refill();
    });
    this.kept.set(id, work);
  }

  /** Reads parked updates back from the inbox once half the room is free, oldest first. */
  private refill(): void {
    if (this.refilling || this.parked.size === 0 || this.stopping.signal.aborted) return;
    if (this.kept.size > this.maxHeld / 2) return;
    this.refilling = this.readBack().finally(() => {
      this.refilling = undefined;
      this.refill();
    });
  }

  private async readBack(): Promise<void> {
    const { inbox, idOf, platform, logger } = this.options;
    const ids = this.parked.take(this.maxHeld - this.kept.size);
    let entries: InboxEntry[];
    try {
      entries = await inbox!.read(platform, ids);
    } catch (error) {
      logger.warn({ err: error }, `${platform}: could not read parked updates back from the inbox`);
      this.parked.putBack(ids);
      await abortableSleep(FIRST_RETRY_MS, this.stopping.signal);
      return;
    }
    // An id missing was done meanwhile (another instance's sweep took it).
    for (const update of this.decoded(entries)) {
      const id = idOf(update);
      if (!this.kept.has(id)) this.hold(id, update);
    }
  }

  private decoded(entries: readonly InboxEntry[]): T[] {
    const { decode, platform, logger } = this.options;
    return entries.flatMap((entry) => {
      try {
        return [decode(entry.payload)];
      } catch (error) {
        logger.error({ err: error, id: entry.id }, `${platform}: an unreadable update in the inbox`);
        return [];
      }
    });
  }

  /** (Re)starts: handles what an earlier run left in the inbox, and sweeps it from now on if asked. */
  async drain(): Promise<number> {
    this.stopping = stopSignal();
    const drained = await this.sweep();
    const every = this.options.sweepEveryMs;
    if (every && !this.sweeper) {
      this.sweeper = setInterval(() => {
        this.sweep().catch((error: unknown) => {
          this.options.logger.warn({ err: error }, `${this.options.platform}: could not read the inbox`);
        });
      }, every);
      this.sweeper.unref();
    }
    return drained;
  }

  /** Resolves when every update kept so far has settled (done, or left for later by stop()). */
  async idle(): Promise<void> {
    for (;;) {
      if (this.refilling) await this.refilling;
      else if (this.kept.size > 0) await Promise.allSettled([...this.kept.values()]);
      else if (this.clearing.size > 0) await Promise.allSettled([...this.clearing.values()]);
      else if (this.parked.size > 0 && !this.stopping.signal.aborted) this.refill();
      else return;
    }
  }

  /** Resolves when one kept update is done, or a moment has passed (memory stays bounded). */
  async oneDone(): Promise<void> {
    if (this.kept.size > 0) await Promise.race(this.kept.values());
    else await abortableSleep(FIRST_RETRY_MS, this.stopping.signal);
  }

  /** Stops retrying and sweeping, and waits up to `ms` for kept updates; what is unfinished (or parked) stays in the inbox. */
  async stop(ms: number): Promise<void> {
    this.stopping.abort();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.parked.clear();
    await withinDeadline(Promise.allSettled([...this.kept.values(), this.refilling, ...this.clearing.values()]), ms);
  }

  /** Parks what waits in the inbox and is not being handled here (ids only: a long backlog is read back in turn). */
  private async sweep(): Promise<number> {
    const inbox = this.options.inbox;
    if (!inbox || this.stopping.signal.aborted) return 0;
    const { compareIds, platform } = this.options;
    const ids = (await inbox.waitingIds(platform)).filter((id) => !this.has(id));
    if (compareIds) ids.sort(compareIds);
    if (ids.length > 0) this.options.logger.info({ updates: ids.length }, `${platform}: draining the inbox`);
    for (const id of ids) this.parked.push(id);
    // The first few are handed over before this resolves (what a restart left goes first).
    this.refill();
    await this.refilling;
    return ids.length;
  }

  private async untilDone(id: string, update: T): Promise<void> {
    const signal = this.stopping.signal;
    let waitMs = FIRST_RETRY_MS;
    while ((await this.run(update)) === "again") {
      if (signal.aborted) return; // left in the inbox for the next start
      await abortableSleep(waitMs, signal);
      waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
    }
    // The place is free once handled; the update leaves the inbox meanwhile (clearing keeps its id known).
    const clearing = this.clear(id, signal).finally(() => this.clearing.delete(id));
    this.clearing.set(id, clearing);
  }

  /**
   * Takes a handled update out of the inbox, trying again while storage is away (a cut right after the
   * handler committed): a row left behind would only be handled again as a duplicate at the next sweep,
   * but until then it reads as work not done. Stopping leaves it for the next start, which drops the repeat.
   */
  private async clear(id: string, signal: AbortSignal): Promise<void> {
    const inbox = this.options.inbox;
    if (!inbox) return;
    let waitMs = FIRST_RETRY_MS;
    for (;;) {
      try {
        await inbox.done(this.options.platform, id);
        return;
      } catch (error) {
        this.options.logger.warn({ err: error, id }, `${this.options.platform}: could not clear a handled update`);
        if (signal.aborted) return;
        await abortableSleep(waitMs, signal);
        waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
      }
    }
  }

  private async attempt(update: T): Promise<Outcome> {
    const { idOf, platform, logger } = this.options;
    const id = idOf(update);
    try {
      // false: the core is not taking events right now; that is no fault of the update.
      if (!(await this.options.handle(update))) return "again";
      this.tries.delete(id);
      return "done";
    } catch (error) {
      logger.error({ err: error, id }, `${platform}: update not handled`);
      const tries = (this.tries.get(id) ?? 0) + 1;
      this.tries.set(id, tries);
      if (tries < MAX_TRIES_PER_UPDATE) return "again";
      this.tries.delete(id);
      logger.error({ id, tries }, `${platform}: giving up on an update that keeps failing`);
      return "done";
    }
  }
}

/**
 * Every update held that is waiting to try again (the database away) listens for the stop: up to
 * `maxHeld` at once, which is no leak, so Node's warning past 10 listeners is not wanted.
 */
function stopSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Parked ids in the order they are handed over, with membership. */
class ParkedIds {
  private readonly order = new Fifo<string>();
  private readonly members = new Set<string>();

  get size(): number {
    return this.members.size;
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  push(id: string): void {
    if (this.members.has(id)) return;
    this.members.add(id);
    this.order.push(id);
  }

  /** Up to `count` ids from the front. */
  take(count: number): string[] {
    const taken = this.order.take(count);
    for (const id of taken) this.members.delete(id);
    return taken;
  }

  /** Ids taken and not handed over (the read failed) go back to the front, in order. */
  putBack(taken: readonly string[]): void {
    const back = taken.filter((id) => !this.members.has(id));
    for (const id of back) this.members.add(id);
    this.order.unshift(back);
  }

  clear(): void {
    this.order.clear();
    this.members.clear();
  }
}

/** How many updates were done a second lately (the last 3 s), once enough were to tell. */
class DoneRate {
  private static readonly WINDOW_MS = 3_000;
  private static readonly FEWEST = 20;
  private readonly times = new Fifo<number>();

  add(at = performance.now()): void {
    this.times.push(at);
    this.forgetBefore(at - DoneRate.WINDOW_MS);
  }

  perSecond(now = performance.now()): number | undefined {
    this.forgetBefore(now - DoneRate.WINDOW_MS);
    const first = this.times.peek();
    if (first === undefined || this.times.size < DoneRate.FEWEST) return undefined;
    return (this.times.size / Math.max(now - first, 1)) * 1000;
  }

  private forgetBefore(cutoff: number): void {
    for (let first = this.times.peek(); first !== undefined && first < cutoff; first = this.times.peek()) {
      this.times.shift();
    }
  }
}
