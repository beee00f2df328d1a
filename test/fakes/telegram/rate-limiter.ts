// Telegram's documented send limits, checked against the fake's clock:
// about 1 message/s per private chat, 20 messages/min per group, ~30
// messages/s per bot overall. Only successful sends are counted.
export type LimitedChatType = "private" | "group" | "supergroup" | "channel";

export class SendRateLimiter {
  private readonly perChat = new Map<number, number[]>();
  private global: number[] = [];

  /** Returns retry_after seconds if sending now would exceed a limit, else undefined. */
  check(chatId: number, chatType: LimitedChatType, now: number): number | undefined {
    this.global = this.global.filter((t) => now - t < 1000);
    if (this.global.length >= 30) return 1;
    const sent = (this.perChat.get(chatId) ?? []).filter((t) => now - t < 60_000);
    this.perChat.set(chatId, sent);
    if (chatType === "private") {
      const last = sent[sent.length - 1];
      if (last !== undefined && now - last < 1000) return 1;
      return undefined;
    }
    if (sent.length >= 20) {
      // Telegram tells how long until the window frees up, at least a second.
      const oldest = sent[0] ?? now;
      return Math.max(1, Math.ceil((oldest + 60_000 - now) / 1000));
    }
    return undefined;
  }

  record(chatId: number, now: number): void {
    this.global.push(now);
    const sent = this.perChat.get(chatId) ?? [];
    sent.push(now);
    this.perChat.set(chatId, sent);
  }

  reset(): void {
    this.perChat.clear();
    this.global = [];
  }
}
