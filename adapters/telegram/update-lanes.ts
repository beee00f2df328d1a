// Updates handled concurrently where order cannot matter and in order where it
// can. Each lane runs its tasks one after another; lanes run side by side, and
// a lane lives across polling batches. A chat's messages share a lane (a
// /setup then an /invite must not swap); a user's button presses and poll
// votes share one per user, so a burst of votes by many people is not queued
// behind one another, and a busy group never holds up other chats.
//
// Inside a lane, senders take turns (round-robin): each sender's own tasks
// keep their order, but one member's flood of 200 commands does not hold up
// the admin's command queued behind it; that runs next but one.
//
// At most `limit` tasks run at once over all lanes, granted in the order the
// lanes asked: a getUpdates batch of 100 presses by 100 people would otherwise
// start 100 handlers together, each holding memory and a database wait, and
// the earliest press would finish no sooner than the last. Capped, the earliest
// presses finish first and the burst's memory stays bounded.
import type { Update } from "grammy/types";

export function laneOf(update: Update): string {
  if (update.message) return `chat:${update.message.chat.id}`;
  // The bot removed then added back must be applied in that order: the chat's lane.
  if (update.my_chat_member) return `chat:${update.my_chat_member.chat.id}`;
  if (update.callback_query) return `user:${update.callback_query.from.id}`;
  const voter = update.poll_answer?.user?.id ?? update.poll_answer?.voter_chat?.id;
  if (voter !== undefined) return `user:${voter}`;
  return `update:${update.update_id}`;
}

/** Whose turn an update takes inside its lane. Changes to the chat itself share one turn, so they stay in order. */
export function senderOf(update: Update): string {
  if (update.my_chat_member || update.message?.migrate_to_chat_id !== undefined) return "chat";
  const from = update.message?.from?.id ?? update.message?.sender_chat?.id;
  return from === undefined ? "chat" : `user:${from}`;
}

interface Lane {
  /** Each sender's waiting tasks, in arrival order. */
  readonly queues: Map<string, Array<() => Promise<void>>>;
  /** Senders with waiting tasks, the next to take a turn first. */
  readonly turns: string[];
}

export class Lanes {
  private readonly lanes = new Map<string, Lane>();
  private running = 0;
  private readonly waitingForSlot: Array<() => void> = [];
  private peak = 0;

  /** `limit`: how many tasks may run at once over all lanes. */
  constructor(private readonly limit = Number.POSITIVE_INFINITY) {
    if (!(limit >= 1)) throw new Error(`lane limit must be at least 1, not ${limit}`);
  }

  /**
   * Runs `task` in lane `key` after `sender`'s earlier tasks there, taking
   * turns with the lane's other senders; resolves (or rejects) with its result.
   */
  run<T>(key: string, task: () => Promise<T>, sender = key): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job = () => Promise.resolve().then(task).then(resolve, reject);
      let lane = this.lanes.get(key);
      const idle = lane === undefined;
      if (!lane) {
        lane = { queues: new Map(), turns: [] };
        this.lanes.set(key, lane);
      }
      const queue = lane.queues.get(sender);
      if (queue) queue.push(job);
      else {
        lane.queues.set(sender, [job]);
        lane.turns.push(sender);
      }
      if (idle) void this.pump(key, lane);
    });
  }

  /** Lanes with work queued or running. */
  get busy(): number {
    return this.lanes.size;
  }

  /** The most tasks that ever ran at once. */
  get peakRunning(): number {
    return this.peak;
  }

  private async slot(): Promise<void> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waitingForSlot.push(resolve));
    else this.running++;
    this.peak = Math.max(this.peak, this.running);
  }

  private release(): void {
    const next = this.waitingForSlot.shift();
    // The slot passes straight to the next waiter, so `running` stays as it is.
    if (next) next();
    else this.running--;
  }

  private async pump(key: string, lane: Lane): Promise<void> {
    for (let sender = lane.turns.shift(); sender !== undefined; sender = lane.turns.shift()) {
      const queue = lane.queues.get(sender)!;
      await this.slot();
      try {
        await queue.shift()!();
      } finally {
        this.release();
      }
      // Then the sender goes to the back of the line if it has more waiting (arrived meanwhile or before).
      if (queue.length > 0) lane.turns.push(sender);
      else lane.queues.delete(sender);
    }
    this.lanes.delete(key);
  }
}
