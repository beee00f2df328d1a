// The platform-neutral half of intake with a durable inbox (update-inbox.ts),
// shared by every adapter: an update is stored, then acknowledged to its
// platform, then handled here until the core takes it, and only then leaves
// the inbox. What a stopped or dead process left is drained at the next
// start and, with `sweepEveryMs`, now and then while running (another
// instance died holding it). The adapter says how an update is named,
// stored, scheduled (lanes) and handed to the core.
import { abortableSleep } from "./abortable-sleep.js";
import type { Logger } from "./logger.js";
import type { UpdateInbox } from "./update-inbox.js";
import { withinDeadline } from "./within-deadline.js";

export type Outcome = "done" | "again";

/** After this many failed (throwing) tries an update is given up on (logged), so one bad update cannot stall the bot. */
const MAX_TRIES_PER_UPDATE = 5;
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
  /** The order in which drained updates are handed over; default oldest stored first. */
  compare?(a: T, b: T): number;
  /** Also drains the inbox this often while running (rows a dead instance left); off when absent. */
  sweepEveryMs?: number;
}

export class KeptUpdates<T> {
  private readonly tries = new Map<string, number>();
  /** Kept updates being handled, by id. */
  private readonly kept = new Map<string, Promise<void>>();
  private stopping = new AbortController();
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

  /** Kept updates still being handled. */
  get pending(): number {
    return this.kept.size;
  }

  /** Whether the update with this id is kept and being handled here. */
  has(id: string): boolean {
    return this.kept.has(id);
  }

  /** Stores updates in the inbox; throws when storage fails (then nothing may be acknowledged). */
  async keep(updates: readonly T[]): Promise<void> {
    const { idOf, encode } = this.options;
    const fresh = updates.filter((update) => !this.kept.has(idOf(update)));
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

  /** Handles kept updates in the background, each until the core takes it; then it leaves the inbox. */
  handleKept(updates: readonly T[]): void {
    for (const update of updates) {
      const id = this.options.idOf(update);
      if (this.kept.has(id)) continue;
      const work = this.untilDone(id, update).finally(() => this.kept.delete(id));
      this.kept.set(id, work);
    }
  }

  /** (Re)starts: handles what an earlier run left in the inbox, and sweeps it from now on if asked. */
  async drain(): Promise<number> {
    this.stopping = new AbortController();
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
    while (this.kept.size > 0) await Promise.allSettled([...this.kept.values()]);
  }

  /** Resolves when one kept update is done (memory stays bounded). */
  async oneDone(): Promise<void> {
    await Promise.race(this.kept.values());
  }

  /** Stops retrying and sweeping, and waits up to `ms` for kept updates; what is unfinished stays in the inbox. */
  async stop(ms: number): Promise<void> {
    this.stopping.abort();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    await withinDeadline(Promise.allSettled([...this.kept.values()]), ms);
  }

  /** Hands over what waits in the inbox and is not being handled here. */
  private async sweep(): Promise<number> {
    const inbox = this.options.inbox;
    if (!inbox || this.stopping.signal.aborted) return 0;
    const { decode, compare, idOf, platform } = this.options;
    const updates = (await inbox.waiting(platform))
      .filter((entry) => !this.kept.has(entry.id))
      .flatMap((entry) => {
        try {
          return [decode(entry.payload)];
        } catch (error) {
          this.options.logger.error({ err: error, id: entry.id }, `${platform}: an unreadable update in the inbox`);
          return [];
        }
      })
      .filter((update) => !this.kept.has(idOf(update)));
    if (compare) updates.sort(compare);
    if (updates.length > 0) this.options.logger.info({ updates: updates.length }, `${platform}: draining the inbox`);
    this.handleKept(updates);
    return updates.length;
  }

  private async untilDone(id: string, update: T): Promise<void> {
    const signal = this.stopping.signal;
    let waitMs = FIRST_RETRY_MS;
    while ((await this.run(update)) === "again") {
      if (signal.aborted) return; // left in the inbox for the next start
      await abortableSleep(waitMs, signal);
      waitMs = Math.min(MAX_RETRY_MS, waitMs * 2);
    }
    await this.clear(id, signal);
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
