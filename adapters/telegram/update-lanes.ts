// Updates handled concurrently where order cannot matter and in order where it
// can. Each lane runs its tasks one after another; lanes run side by side, and
// a lane lives across polling batches. A chat's messages share a lane (a
// /setup then an /invite must not swap); a user's button presses and poll
// votes share one per user, so a burst of votes by many people is not queued
// behind one another, and a busy group never holds up other chats.
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

export class Lanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after everything queued before it in lane `key`; resolves (or rejects) with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key) ?? Promise.resolve();
    const result = before.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Lanes with work queued or running. */
  get busy(): number {
    return this.tails.size;
  }
}
