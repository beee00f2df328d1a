// Delivers outbox rows through Delivery.send: the head of each destination at
// a time (order per chat), within each platform's rate limit, with backoff
// and jitter on failure, honouring the platform's retry-after, and a dead
// letter after `maxAttempts`.
//
// Each row: claim (status `sending`, leased to this instance) -> send ->
// mark `sent` with the SentRefs JSON. Two instances never send one row: the
// claim is atomic and the lease excludes others until it expires. The lease is
// renewed while the send runs, so a slow send keeps its row; a send whose
// lease is lost is told through its signal, and its "sent" is refused
// (LeaseLostError), since the row is another instance's now.
//
// Exactly once where the platform can tell: every send carries the row's
// delivery key (`outbox:<id>:<when queued>`, or the key a deferred reply brought along;
// core/delivery-key.ts) with its attempt number. If the process dies (or the
// database is away for good) after the platform accepted the message and
// before the row is marked `sent`, or the platform's answer is lost, the row
// is sent again under the same key, and an adapter whose platform marks
// messages (Slack's metadata) or de-duplicates creates (Discord's nonce)
// finds the message instead of posting it twice. Elsewhere (Telegram) that
// gap stays: because only the head of a destination is ever in flight, it is
// at most one duplicated message per destination per crash. (A message that
// Delivery splits into parts gives each part a key of its own.)
import { DeliveryError, type Destination, type SendContext } from "../core/adapter.js";
import type { BackoffPolicy } from "../core/backoff.js";
import type { ChatChange } from "../core/chat-changes.js";
import type { Clock } from "../core/clock.js";
import { LONGEST_PACE_WAIT_MS } from "../core/delivery.js";
import { outboxDeliveryKey } from "../core/delivery-key.js";
import type { MessageRef } from "../core/events.js";
import { newInstanceId } from "../core/instance-id.js";
import { keepLeaseRenewed, LeaseLostError } from "../core/lease-renewal.js";
import type { Logger } from "../core/logger.js";
import type { OutboundMessage } from "../core/messages.js";
import type { Outbox } from "./outbox.js";
import type { ClaimedRow, OutboxRow, SendHistory } from "./outbox-claims.js";
import { decodeEnvelope } from "./outbox-envelope.js";
import { OTHER_PLATFORMS, type PlaceClaim, PlatformPlaces } from "./platform-places.js";
import { historyNeeded, nextAllowedAt, type RateRule } from "./rate-limits.js";
import { DEFAULT_OUTBOX_BACKOFF, retryDelayMs } from "./retry-delay.js";

/** What the dispatcher sends through: core's Delivery. */
export interface MessageSender {
  send(to: Destination, message: OutboundMessage, context?: SendContext): Promise<MessageRef[]>;
  edit(ref: MessageRef, message: OutboundMessage): Promise<MessageRef[]>;
  /** Stops the platform's own poll in a sent message (a no-op where the platform has none). */
  closePoll?(ref: MessageRef, context?: SendContext): Promise<void>;
  /** The platform's declared limits for one chat; none when absent. */
  sendLimitsFor?(platform: string, chatId: string): RateRule[];
  /** How long a send to this chat (or to any, without one) would now wait for the platform's pace in this process. */
  sendDelayMs?(platform: string, chatId?: string): number;
  /** The platforms it sends to. */
  platforms?(): string[];
}

/** What the outbox needs to know and say about chats themselves (the communities feature answers). */
export interface OutboxChats {
  /** Why the bot cannot post in this chat now, or undefined when it can. */
  unreachableReason(chatId: string): Promise<string | undefined>;
  /** A failed send revealed a change: the chat moved to a new id, or the bot cannot post there. */
  changed(change: ChatChange): Promise<void>;
}

export interface OutboxObserver {
  delivered?(platform: string): void;
  deadLettered?(platform: string): void;
  databaseError?(source: string, error: unknown): void;
}

export interface OutboxDispatcherOptions {
  instanceId?: string;
  /** Destinations sent to at once by this instance, per platform (platform-places.ts). */
  concurrency?: number;
  /** How often to look for due rows besides wake-ups. */
  pollMs?: number;
  /** How long a claim holds unless renewed; renewed while the row is being sent. */
  leaseMs?: number;
  /** How often a send's lease is renewed; a third of the lease by default. */
  renewEveryMs?: number;
  /** Attempts before a row becomes a dead letter (default 8). */
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** Source of jitter (tests pass a fixed one). */
  random?: () => number;
  /** Claims before a dispatch ends and the next begins (default MAX_CLAIMS; tests pass a few). */
  maxClaimsPerDispatch?: number;
}

export interface OutboxDispatcherDeps {
  outbox: Outbox;
  sender: MessageSender;
  clock: Clock;
  logger: Logger;
  observer?: OutboxObserver;
  /** Without it, a moved or unreachable chat is an ordinary permanent failure. */
  chats?: OutboxChats;
}

/** Polls between looks for rows of platforms no adapter serves (once a minute at the default poll). */
const OTHERS_EVERY_POLLS = 60;
/** Bound on claims per dispatch, so a dispatch always ends (under steady load the next begins at once). */
const MAX_CLAIMS = 1_000;
/** Retries of "mark sent": each failure here risks one duplicate message. */
const MARK_SENT_RETRY_DELAYS_MS = [100, 500, 2_000];

export class OutboxDispatcher {
  readonly instanceId: string;
  private readonly concurrency: number;
  /** Free places that make a dispatch claim again while other rows are still being sent. */
  private readonly reclaimAt: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number | undefined;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly maxClaims: number;
  /** The claim loop of the dispatch running now; its sends may outlast it (inFlight). */
  private current: Promise<void> | undefined;
  private queued: Promise<number> | undefined;
  /** Every send begun and not yet recorded, of any dispatch. */
  private readonly inFlight = new Set<Promise<void>>();
  private poller: NodeJS.Timeout | undefined;
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private unsubscribe: (() => void) | undefined;
  private started = false;
  /** Set when a row finished or one was enqueued during a dispatch: a claim may find more. */
  private moreDue = false;
  /** Set by a wake-up (a row enqueued, or one fell due) during a dispatch: claim at the first free place. */
  private enqueued = false;
  private rowFinished: (() => void) | undefined;
  private readonly places: PlatformPlaces;
  /** How far back each platform's paced rows looked so far: later claims read that much along (outbox-claims.ts). */
  private readonly historyOf = new Map<string, SendHistory>();

  constructor(
    private readonly deps: OutboxDispatcherDeps,
    options: OutboxDispatcherOptions = {},
  ) {
    this.instanceId = options.instanceId ?? newInstanceId();
    this.concurrency = options.concurrency ?? 8;
    this.reclaimAt = Math.max(1, Math.floor(this.concurrency / 2));
    this.places = new PlatformPlaces(this.concurrency, this.reclaimAt);
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.renewEveryMs = options.renewEveryMs;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = options.backoff ?? DEFAULT_OUTBOX_BACKOFF;
    this.random = options.random ?? Math.random;
    this.maxClaims = options.maxClaimsPerDispatch ?? MAX_CLAIMS;
  }

  /** Sends due rows now and whenever a row is enqueued, polling in between. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.deps.outbox.onEnqueue(() => this.wake());
    let polls = 0;
    this.poller = setInterval(() => this.wake(++polls % OTHERS_EVERY_POLLS === 0), this.pollMs);
    this.poller.unref();
    this.wake();
  }

  /** Stops polling and waits for sends in progress. */
  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.poller);
    this.poller = undefined;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    this.wakeTimer = undefined;
    await this.queued?.catch(() => 0);
    await this.current;
    await Promise.all(this.inFlight);
  }

  /**
   * A prompt to send now; only a started dispatcher acts on it, so a stopped one never sends behind its owner's back.
   * `others`: look for rows of platforms no adapter serves too (platform-places.ts).
   */
  wake(others = false): void {
    if (!this.started) return;
    this.places.wake(others || this.platformList().length === 0);
    this.moreDue = true;
    this.enqueued = true;
    this.rowFinished?.();
    void this.dispatchDue();
  }

  /**
   * Claims and sends every row due now, claim after claim, until none is
   * left; resolves with how many rows were claimed, once their sends are
   * done. Claim loops never overlap: one asked for meanwhile runs once after
   * the current one (calls coalesce). The next loop need not wait for the
   * current one's sends: a send waiting out a platform's 429 would otherwise
   * hold every other platform's rows (issue 16: a second's stall in Slack
   * cards, each time a busy dispatch reached its bound of claims).
   */
  dispatchDue(): Promise<number> {
    if (!this.current) {
      const claiming = this.claimAsPool();
      // A failure reaches this call's caller; the loop's own record of it only marks the end.
      this.current = claiming
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.current = undefined;
        });
      return claiming.then(async ({ claimed, sends }) => {
        await Promise.all(sends);
        return claimed;
      });
    }
    this.queued ??= this.current.then(() => {
      this.queued = undefined;
      return this.dispatchDue();
    });
    return this.queued;
  }

  /**
   * Shutdown: sends what can be sent within `timeoutMs`, waiting for rows that
   * fall due (rate limit, retry) before the deadline. True when nothing due is
   * left; rows still waiting stay in the table for the next start.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      if (!(await finishesWithin(this.dispatchDue(), remaining))) return false;
      let next: Date | undefined;
      try {
        next = await this.deps.outbox.nextDueAt();
      } catch (error) {
        this.databaseError("outbox.flush", error);
        return false;
      }
      if (!next) return true;
      const wait = next.getTime() - this.deps.clock.now().getTime();
      if (wait > deadline - Date.now()) return false;
      // Never spin: a head that is due but held by another instance waits for its lease.
      await sleep(Math.max(wait, 25));
    }
  }

  /**
   * Sends as a pool: up to `concurrency` rows of each platform at once, and
   * a row that finishes frees its place for the next claim at once, so one
   * slow send (a platform's queue, a retry-after) never holds up the rows
   * claimed with it, nor another platform's (platform-places.ts).
   * A platform whose own queue is long now (sendDelayMs) is left out of the
   * claims until it drains: its rows wait in the table, not in the SDK.
   */
  private async claimAsPool(): Promise<{ claimed: number; sends: Promise<void>[] }> {
    let claimedTotal = 0;
    const sends: Promise<void>[] = [];
    const sending = this.inFlight;
    const platforms = this.platformList();
    const placeOf = (platform: string) => (platforms.includes(platform) ? platform : OTHER_PLATFORMS);
    // A new dispatch looks at every listed platform again (the others once a minute: wake).
    this.places.wake(platforms.length === 0);
    let atBound = true;
    for (let claims = 0; claims < this.maxClaims; claims++) {
      const wanted = this.places.claims(platforms, new Set(this.busyPlatforms()));
      // Looked at: what made this claim worth it is taken in, even when every platform with room is busy
      // or drained (a later row finishing or a wake-up asks again), so the loop waits instead of spinning.
      // A wake-up while every place is taken is kept: it claims at the first free place.
      this.moreDue = false;
      if (wanted.length > 0 || this.places.anyFree(platforms)) this.enqueued = false;
      let rows: ClaimedRow[] = [];
      if (wanted.length > 0) {
        try {
          rows = await this.claimFor(wanted, platforms);
        } catch (error) {
          this.databaseError("outbox.claim", error);
          atBound = false;
          break;
        }
      }
      claimedTotal += rows.length;
      for (const row of rows) {
        const place = placeOf(row.platform);
        this.places.take(place);
        const delivery: Promise<void> = this.deliverGuarded(row).finally(() => {
          sending.delete(delivery);
          // The row's chat may have its next message waiting behind it.
          this.places.release(place);
          this.moreDue = true;
          this.rowFinished?.();
        });
        sending.add(delivery);
        sends.push(delivery);
      }
      if (sending.size === 0) {
        // A row that finished during the claim may have freed its chat's next one: claim once more.
        if (this.moreDue && wanted.length > 0) continue;
        atBound = false;
        break;
      }
      // Claim again when a row was enqueued and a place is free, or when a row finished and half a platform's
      // places are free (or none is taken): a claim per finished row would double the statements per message.
      const room = () =>
        (this.enqueued && this.places.anyFree(platforms)) ||
        (this.moreDue && (sending.size === 0 || this.places.anyReclaimable(platforms)));
      await new Promise<void>((resolve) => {
        this.rowFinished = () => {
          if (room()) resolve();
        };
        if (room()) resolve();
      });
      this.rowFinished = undefined;
    }
    // At the bound, sends may still be running: the next dispatch (a wake-up) claims beside them.
    if (atBound) this.wake();
    return { claimed: claimedTotal, sends };
  }

  /** One claim per platform with room; a platform that had fewer rows due than room is drained meanwhile. */
  private async claimFor(wanted: readonly PlaceClaim[], platforms: readonly string[]): Promise<ClaimedRow[]> {
    const rows: ClaimedRow[] = [];
    for (const { platform, limit } of wanted) {
      const stamp = this.places.stamp(platform);
      const history = this.historyOf.get(platform);
      const claimed = await this.deps.outbox.claim({
        owner: this.instanceId,
        now: this.deps.clock.now(),
        leaseMs: this.leaseMs,
        limit,
        ...(platform === OTHER_PLATFORMS ? { skipPlatforms: platforms } : { platform }),
        ...(history && platform !== OTHER_PLATFORMS ? { history } : {}),
      });
      if (claimed.length < limit) this.places.markDrained(platform, stamp);
      rows.push(...claimed);
    }
    return rows;
  }

  /** The platforms this instance sends to, each with places of its own (none known: one pool for all). */
  private platformList(): string[] {
    return this.deps.sender.platforms?.() ?? [];
  }

  /** Platforms whose send queue in this process would hold a new send too long (see LONGEST_PACE_WAIT_MS). */
  private busyPlatforms(): string[] {
    const { sender } = this.deps;
    if (!sender.sendDelayMs || !sender.platforms) return [];
    return sender.platforms().filter((platform) => (sender.sendDelayMs?.(platform) ?? 0) > LONGEST_PACE_WAIT_MS);
  }

  private async deliverGuarded(row: ClaimedRow): Promise<void> {
    try {
      await this.deliver(row);
    } catch (error) {
      // Bookkeeping failed (database away); the lease runs out and the row is tried again.
      this.databaseError("outbox.record", error);
    }
  }

  private async deliver(row: ClaimedRow): Promise<void> {
    if (row.attempts > this.maxAttempts) {
      // Claimed again and again by instances that died while sending it.
      return this.bury(row, "sending never finished (instances died while sending it)");
    }
    let decoded: ReturnType<typeof decodeEnvelope>;
    try {
      decoded = decodeEnvelope(row);
    } catch (error) {
      return this.bury(row, `unreadable row: ${describe(error)}`);
    }
    // Rows to a chat the bot cannot post in are given up at once, with the reason, not retried forever.
    const unreachable = await this.deps.chats?.unreachableReason(row.destination);
    if (unreachable) return this.bury(row, `chat unreachable (${unreachable})`);
    const allowedAt = await this.allowedAt(row);
    if (allowedAt > this.deps.clock.now().getTime()) {
      await this.deps.outbox.defer(row.id, this.instanceId, new Date(allowedAt));
      this.wakeAt(allowedAt);
      return;
    }
    const lease = keepLeaseRenewed({
      what: `outbox row ${row.id}`,
      leaseMs: this.leaseMs,
      everyMs: this.renewEveryMs,
      renew: () =>
        this.deps.outbox.renewLease(row.id, this.instanceId, new Date(this.deps.clock.now().getTime() + this.leaseMs)),
      logger: this.deps.logger,
      onError: (error) => this.deps.observer?.databaseError?.("outbox.renew", error),
    });
    let refs: MessageRef[];
    // A send's pace counts from here, not from its end: a chat at its limit (one card a second)
    // would otherwise wait each send's own time more for the next, and fall further behind with each.
    const startedAt = this.deps.clock.now();
    try {
      if (decoded.closePollOf) {
        await this.deps.sender.closePoll?.(decoded.closePollOf, { signal: lease.signal });
        refs = [];
      } else {
        refs = decoded.editOf
          ? await this.deps.sender.edit(decoded.editOf, decoded.message)
          : await this.deps.sender.send(decoded.to, decoded.message, {
              signal: lease.signal,
              delivery: outboxDeliveryKey(row, decoded.delivery),
            });
      }
    } catch (error) {
      await lease.stop();
      // A send stopped because the row is another instance's now: that one records the outcome.
      if (lease.signal.aborted) return;
      return this.failed(row, error);
    }
    await lease.stop();
    // An edit's pace counts from its end instead: the platform has it by then, so the next
    // edit of a live card reaches the platform at least a second later, however late this
    // one went out. Edits never queue up behind each other (live-results.ts keeps one
    // waiting a copy), so the later start costs no backlog.
    await this.recordSent(row, refs, decoded.editOf ? this.deps.clock.now() : startedAt);
    this.deps.observer?.delivered?.(row.platform);
  }

  /**
   * The rate limit per chat, and the platform's pace in this process: a row
   * whose send would wait long in the SDK's queue waits in the table instead,
   * so it does not hold a place in the pool meanwhile. Only a destination's
   * head is ever in flight, so the sent rows are its full history. Once a
   * platform's pace is known (historyOf), its claims read that history along
   * on PostgreSQL; otherwise it is read here.
   */
  private async allowedAt(row: ClaimedRow): Promise<number> {
    const rules = this.deps.sender.sendLimitsFor?.(row.platform, row.destination) ?? [];
    const now = this.deps.clock.now().getTime();
    const paceWait = this.deps.sender.sendDelayMs?.(row.platform, row.destination) ?? 0;
    if (paceWait > LONGEST_PACE_WAIT_MS) return now + paceWait;
    if (rules.length === 0) return now;
    const needed = historyNeeded(rules);
    const read = row.recentSends;
    const recent =
      read && covers(read.history, needed)
        ? read.times
        : await this.deps.outbox.recentSendTimes(row.destination, new Date(now - needed.windowMs), needed.count);
    const known = this.historyOf.get(row.platform);
    if (!covers(known, needed)) {
      this.historyOf.set(row.platform, {
        windowMs: Math.max(needed.windowMs, known?.windowMs ?? 0),
        count: Math.max(needed.count, known?.count ?? 0),
      });
    }
    return nextAllowedAt(recent, rules, now);
  }

  private async failed(row: OutboxRow, error: unknown): Promise<void> {
    if (error instanceof DeliveryError && (await this.chatChanged(row, error))) return;
    const permanent = error instanceof DeliveryError && error.permanent;
    if (permanent || row.attempts >= this.maxAttempts) {
      return this.bury(row, describe(error), error);
    }
    const retryAfterMs = error instanceof DeliveryError ? error.retryAfterMs : undefined;
    const at = this.deps.clock.now().getTime() + retryDelayMs(row.attempts, retryAfterMs, this.backoff, this.random);
    this.deps.logger.warn(
      {
        err: error,
        outboxId: row.id,
        platform: row.platform,
        destination: row.destination,
        attempts: row.attempts,
        retryAt: new Date(at).toISOString(),
      },
      "outbox delivery failed; will retry",
    );
    await this.deps.outbox.scheduleRetry(row.id, this.instanceId, new Date(at), describe(error));
    this.wakeAt(at);
  }

  /**
   * A chat that moved gets its rows rewritten to the new id (this one too)
   * and this row goes again at once, the attempt not counted; a chat the bot
   * cannot post in is marked so and the row buried with the reason. True
   * when the error was one of those.
   */
  private async chatChanged(row: OutboxRow, error: DeliveryError): Promise<boolean> {
    const chats = this.deps.chats;
    if (!chats) return false;
    const { platform, destination } = row;
    if (error.movedTo && error.movedTo !== destination) {
      await chats.changed({ kind: "moved", platform, fromChatId: destination, toChatId: error.movedTo });
      this.deps.logger.info({ outboxId: row.id, from: destination, to: error.movedTo }, "chat moved; sending again");
      await this.deps.outbox.defer(row.id, this.instanceId, this.deps.clock.now());
      this.wake();
      return true;
    }
    if (error.unreachable) {
      await chats.changed({ kind: "unreachable", platform, chatId: destination, reason: error.unreachable });
      await this.bury(row, `chat unreachable (${error.unreachable}): ${describe(error)}`, error);
      return true;
    }
    return false;
  }

  private async bury(row: OutboxRow, reason: string, error?: unknown): Promise<void> {
    this.deps.logger.error(
      {
        err: error,
        outboxId: row.id,
        platform: row.platform,
        destination: row.destination,
        attempts: row.attempts,
        reason,
      },
      "outbox message dead-lettered",
    );
    if (await this.deps.outbox.markDead(row.id, this.instanceId, reason)) {
      this.deps.observer?.deadLettered?.(row.platform);
    }
  }

  private async recordSent(row: OutboxRow, refs: MessageRef[], startedAt: Date): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.outbox.markSent(row.id, this.instanceId, refs, startedAt);
        return;
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.deps.logger.warn(
            { err: error, outboxId: row.id },
            "message sent after its lease was lost; the instance holding it now may send it again",
          );
          return;
        }
        const delay = MARK_SENT_RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.deps.logger.error(
            { err: error, outboxId: row.id },
            "message sent but not marked sent; it will be sent again when its lease expires",
          );
          throw error;
        }
        await sleep(delay);
      }
    }
  }

  /** A wake-up when a deferred or retried row falls due (the poll is the fallback). */
  private wakeAt(at: number): void {
    if (!this.started) return;
    if (this.wakeTimer && this.wakeTimer.at <= at) return;
    if (this.wakeTimer) clearTimeout(this.wakeTimer.timer);
    const timer = setTimeout(
      () => {
        this.wakeTimer = undefined;
        this.wake();
      },
      Math.max(0, at - this.deps.clock.now().getTime()),
    );
    timer.unref();
    this.wakeTimer = { at, timer };
  }

  private databaseError(source: string, error: unknown): void {
    this.deps.observer?.databaseError?.(source, error);
    this.deps.logger.error({ err: error, source }, "outbox database operation failed");
  }
}

/** Whether a history reaches as far back as the rules need. */
function covers(history: SendHistory | undefined, needed: SendHistory): boolean {
  return !!history && history.windowMs >= needed.windowMs && history.count >= needed.count;
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True if `work` settles within `ms`; the timer is cleared either way. */
async function finishesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
