// How long a message sent now would wait in this process for Telegram's pace.
// The throttler (api-transformers.ts) queues every send to keep to Telegram's
// limits: about 30 messages a second per bot, and one a second per chat. Under
// a burst (a hundred requests a second in a hundred groups) its queue grows
// faster than it drains, and a command whose reply waits in it holds its
// update, so everything behind it waits too. The core asks this estimate first
// (ChatAdapter.sendDelayMs) and puts a reply that would wait into its durable
// queue instead (core/reply-delivery.ts), which sends it when the pace allows.
//
// The estimate counts the sends waiting in the throttler, overall and for the
// chat, at the configured pace, plus what is left of the gap since the last
// send (overall, and the chat's own). It never blocks and never calls Telegram. Pure bookkeeping.
import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";

/** Telegram's pace as the throttler keeps it: its defaults unless configured otherwise. */
export interface SendPace {
  /** Messages a second over all chats (Infinity: not limited). */
  perSecond: number;
  /** The least time between two sends to one group, and to one private chat. */
  groupGapMs: number;
  privateGapMs: number;
}

/**
 * The pace Talkoot asks of the throttler by default: Telegram's limits. Overall
 * one send every 34 ms (at most 30 in any second, however the second is
 * counted), where the throttler's own default lets 30 through at the start of
 * each second and so sends up to 60 in a sliding one, which Telegram answers
 * with 429s; one a second per chat; 20 a minute per group.
 */
export const TELEGRAM_THROTTLE: APIThrottlerOptions = {
  global: { minTime: 34 },
  group: {
    maxConcurrent: 1,
    minTime: 1_000,
    reservoir: 20,
    reservoirRefreshAmount: 20,
    reservoirRefreshInterval: 60_000,
  },
  out: { maxConcurrent: 1, minTime: 1_000 },
};

/** The pace a throttler configured with `options` keeps (a part left out keeps the throttler's own default). */
export function paceOf(options: APIThrottlerOptions): SendPace {
  const {
    reservoirRefreshAmount: amount,
    reservoirRefreshInterval: interval,
    minTime,
  } = options.global ?? {
    reservoirRefreshAmount: 30,
    reservoirRefreshInterval: 1_000,
  };
  const byReservoir = amount && interval ? (amount * 1000) / interval : Number.POSITIVE_INFINITY;
  const bySpacing = minTime ? 1000 / minTime : Number.POSITIVE_INFINITY;
  return {
    perSecond: Math.min(byReservoir, bySpacing),
    groupGapMs: options.group === undefined ? 1_000 : (options.group.minTime ?? 0),
    privateGapMs: options.out === undefined ? 1_000 : (options.out.minTime ?? 0),
  };
}

/** Chats remembered for their last send before old ones are dropped (their gap has long passed). */
const REMEMBERED_CHATS = 1_024;

export class SendBacklog {
  private waiting = 0;
  private readonly waitingIn = new Map<string, number>();
  private readonly lastStartIn = new Map<string, number>();
  /** When the last send to any chat went. */
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pace: SendPace,
    private readonly now: () => number = Date.now,
  ) {}

  /** A send to `chat` (Telegram's chat_id) entered the throttler's queue. */
  entered(chat: string): void {
    this.waiting++;
    this.waitingIn.set(chat, (this.waitingIn.get(chat) ?? 0) + 1);
  }

  /** That send left the queue (it is going to Telegram, or it was given up). */
  left(chat: string, started: boolean): void {
    this.waiting = Math.max(0, this.waiting - 1);
    const count = (this.waitingIn.get(chat) ?? 1) - 1;
    if (count > 0) this.waitingIn.set(chat, count);
    else this.waitingIn.delete(chat);
    if (started) this.remember(chat);
  }

  /** How long a message to `chat` sent now would wait before it goes (ms; 0: at once). */
  delayMs(chat: string): number {
    const gap = chat.startsWith("-") ? this.pace.groupGapMs : this.pace.privateGapMs;
    const last = this.lastStartIn.get(chat);
    const gapLeft = last === undefined ? 0 : Math.max(0, last + gap - this.now());
    const forChat = gapLeft + (this.waitingIn.get(chat) ?? 0) * gap;
    return Math.max(forChat, this.overallDelayMs());
  }

  /** How long a message to a chat with nothing queued would wait, behind the sends to every chat (ms). */
  overallDelayMs(): number {
    if (!Number.isFinite(this.pace.perSecond)) return 0;
    const spacing = 1000 / this.pace.perSecond;
    const spacingLeft = Math.max(0, this.lastStart + spacing - this.now());
    return spacingLeft + this.waiting * spacing;
  }

  private remember(chat: string): void {
    this.lastStart = this.now();
    this.lastStartIn.delete(chat);
    this.lastStartIn.set(chat, this.lastStart);
    if (this.lastStartIn.size <= REMEMBERED_CHATS) return;
    // Insertion order is send order: the first entries are the oldest sends.
    const oldest = this.lastStartIn.keys().next().value;
    if (oldest !== undefined) this.lastStartIn.delete(oldest);
  }
}
