// Namespaced ids: Telegram's numbers become "telegram:<n>" strings before they
// reach the core, and go back to numbers only here. Pure.
export const PLATFORM = "telegram";

/** "telegram:-100123" for a chat, "telegram:42" for a user. */
export function namespacedId(id: number): string {
  return `${PLATFORM}:${id}`;
}

/** The Telegram number inside "telegram:<n>"; throws on anything else (a routing bug). */
export function telegramNumber(namespaced: string): number {
  const match = /^telegram:(-?\d+)$/.exec(namespaced);
  if (!match) throw new Error(`not a Telegram id: ${namespaced}`);
  return Number(match[1]);
}

/** Private chats have the user's (positive) id; groups, supergroups and channels are negative. */
export function isPrivateChatId(chatId: number): boolean {
  return chatId > 0;
}
