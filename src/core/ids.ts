// Stored ids are namespaced by platform ("telegram:-100123", "slack:T1:C2"):
// the prefix before the first colon is the platform. Pure.
import type { Destination } from "./adapter.js";

export function platformOf(chatId: string): string {
  return chatId.slice(0, chatId.indexOf(":"));
}

/** Where to send to reach a stored chat id. */
export function destinationOfChat(chatId: string): Destination {
  return { platform: platformOf(chatId), chatId };
}
