// Telegram's limits for one chat, kept by the outbox: 1 message a second in
// any chat, and 20 a minute in a group or supergroup (negative chat id). Pure.
import type { SendRateRule } from "../../src/core/adapter.js";

const PER_SECOND: SendRateRule = { limit: 1, windowMs: 1_000 };
const GROUP_PER_MINUTE: SendRateRule = { limit: 20, windowMs: 60_000 };

export function telegramSendLimits(chatId: string): SendRateRule[] {
  return isGroupChat(chatId) ? [PER_SECOND, GROUP_PER_MINUTE] : [PER_SECOND];
}

/** Groups and supergroups have negative ids ("telegram:-100123"). */
export function isGroupChat(chatId: string): boolean {
  const bare = chatId.startsWith("telegram:") ? chatId.slice("telegram:".length) : chatId;
  return bare.startsWith("-");
}
