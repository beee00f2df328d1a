// A poll_answer names the poll but not the chat, and the core needs a
// conversation for every event. The adapter records where it sent each poll
// (durably, so votes after a restart still find their chat) and keeps recent
// ones in memory, so a burst of votes costs no database reads.
import type { Conversation } from "../../src/core/events.js";
import { isPrivateChatId, PLATFORM, telegramNumber } from "./ids.js";
import { type KeyValueState, pollKey } from "./state.js";

interface StoredPollChat {
  chatId: string;
  threadId?: string;
  title?: string;
}

export class PollChats {
  private readonly recent = new Map<string, Conversation>();

  constructor(
    private readonly state: KeyValueState,
    private readonly maxEntries = 1_000,
  ) {}

  async remember(pollId: string, where: StoredPollChat): Promise<void> {
    this.cache(pollId, conversationOf(where));
    await this.state.set(pollKey(pollId), JSON.stringify(where));
  }

  async conversationOf(pollId: string): Promise<Conversation | undefined> {
    const cached = this.recent.get(pollId);
    if (cached) return cached;
    const stored = await this.state.get(pollKey(pollId));
    const conversation = stored ? parse(stored) : undefined;
    // Misses are not remembered: another instance may have sent the poll a moment ago.
    if (conversation) this.cache(pollId, conversation);
    return conversation;
  }

  private cache(pollId: string, conversation: Conversation): void {
    this.recent.delete(pollId);
    this.recent.set(pollId, conversation);
    if (this.recent.size > this.maxEntries) {
      const oldest = this.recent.keys().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}

function parse(stored: string): Conversation | undefined {
  try {
    const value = JSON.parse(stored) as Partial<StoredPollChat>;
    return typeof value.chatId === "string" ? conversationOf(value as StoredPollChat) : undefined;
  } catch {
    return undefined;
  }
}

function conversationOf(where: StoredPollChat): Conversation {
  const conversation: Conversation = {
    platform: PLATFORM,
    chatId: where.chatId,
    isDirect: isPrivateChatId(telegramNumber(where.chatId)),
  };
  if (where.threadId) conversation.threadId = where.threadId;
  if (where.title) conversation.title = where.title;
  return conversation;
}
