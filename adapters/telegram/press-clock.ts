// When a button press must be answered. Telegram shows a spinner on the
// button until the bot answers, and refuses an answer after 15 s; a member who
// sees it spin presses again. So a press's clock starts when it is taken in
// (stored in the inbox and acknowledged), not when its turn comes behind a
// burst: a press still waiting at its due time, or sure to wait past it, is
// answered then with the "kept" toast (its vote still counts when its turn
// comes), and gets no second answer when it is handled.
//
// Presses are due in the order they were taken in (one deadline for all), so
// one timer serves them all, and the kept answers go out a few at a time.
import { Fifo } from "../../src/core/fifo.js";

export interface PressClockOptions {
  /** How long after it is taken in a press may wait for its own answer. */
  deadlineMs: number;
  /** Sends the "kept" answer; never throws. */
  answerKept(queryId: string, languageCode: string | undefined): Promise<void>;
  /** Kept answers sent at once (default KEPT_ANSWERS_AT_ONCE). */
  concurrency?: number;
  /** Milliseconds, never going back (default performance.now). */
  now?: () => number;
}

interface Waiting {
  due: number;
  languageCode: string | undefined;
}

/**
 * Kept answers sent at once. A 10,000-press burst on PostgreSQL answered 8 at a time
 * took 2.4 s (median) from intake to answer, 32 at a time 53 ms (issue 16's benchmark).
 * An answer is not a message: Telegram's 30-a-second send limit does not apply.
 */
const KEPT_ANSWERS_AT_ONCE = 32;

/** Presses remembered as answered early, at most: far beyond any burst a process takes in. */
const MAX_ANSWERED_EARLY = 100_000;

export class PressClock {
  /** Presses taken in and not yet handled, in due order. */
  private readonly waiting = new Map<string, Waiting>();
  /** Presses answered "kept" and not yet handled, oldest first. */
  private readonly answeredEarly = new Set<string>();
  private readonly toSend = new Fifo<{ queryId: string; languageCode: string | undefined }>();
  private sending = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly now: () => number;

  constructor(private readonly options: PressClockOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** A press taken in; `late`: it will surely wait past its due time, so it is answered now. */
  started(queryId: string, languageCode: string | undefined, late: boolean): void {
    if (this.waiting.has(queryId) || this.answeredEarly.has(queryId)) return;
    if (late) {
      this.answerEarly(queryId, languageCode);
      return;
    }
    this.waiting.set(queryId, { due: this.now() + this.options.deadlineMs, languageCode });
    this.arm();
  }

  /**
   * The press's turn has come: how long its own answer may still wait, "answered" when it was
   * answered early, or undefined when the press was not taken in here (drained, or no inbox).
   */
  claim(queryId: string): number | "answered" | undefined {
    if (this.answeredEarly.delete(queryId)) return "answered";
    const waiting = this.waiting.get(queryId);
    if (!waiting) return undefined;
    this.waiting.delete(queryId);
    return Math.max(0, waiting.due - this.now());
  }

  /** Presses waiting for their turn or for their kept answer. */
  get size(): number {
    return this.waiting.size + this.toSend.size;
  }

  /** Forgets every press (they stay in the inbox, and are answered when handled after a restart). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
    this.answeredEarly.clear();
    this.toSend.clear();
  }

  private arm(): void {
    if (this.timer) return;
    const first = this.waiting.values().next();
    if (first.done) return;
    const timer = setTimeout(() => this.fire(), Math.max(0, first.value.due - this.now()));
    timer.unref();
    this.timer = timer;
  }

  private fire(): void {
    this.timer = undefined;
    const now = this.now();
    for (const [queryId, waiting] of this.waiting) {
      if (waiting.due > now) break;
      this.waiting.delete(queryId);
      this.answerEarly(queryId, waiting.languageCode);
    }
    this.arm();
  }

  private answerEarly(queryId: string, languageCode: string | undefined): void {
    this.answeredEarly.add(queryId);
    if (this.answeredEarly.size > MAX_ANSWERED_EARLY) {
      const oldest = this.answeredEarly.values().next();
      if (!oldest.done) this.answeredEarly.delete(oldest.value);
    }
    this.toSend.push({ queryId, languageCode });
    this.pump();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? KEPT_ANSWERS_AT_ONCE;
    while (this.sending < limit) {
      const next = this.toSend.shift();
      if (!next) return;
      const { queryId, languageCode } = next;
      this.sending++;
      void this.options.answerKept(queryId, languageCode).finally(() => {
        this.sending--;
        this.pump();
      });
    }
  }
}
