// What a platform says about a chat itself, rather than about a message in it:
// the chat got a new id (a Telegram group upgraded to a supergroup), the bot
// can no longer post there (removed, kicked, channel archived), or it can
// again (added back). Adapters translate their platform's signals into these;
// the core keeps the chat's data and routing right.

export type ChatChange =
  | {
      kind: "moved";
      platform: string;
      /** Namespaced ids: "telegram:-123" -> "telegram:-100123". */
      fromChatId: string;
      toChatId: string;
    }
  | {
      kind: "unreachable";
      platform: string;
      chatId: string;
      /** A short platform-neutral reason: "removed", "kicked", "archived". */
      reason: UnreachableReason;
    }
  | { kind: "reachable"; platform: string; chatId: string };

export type UnreachableReason = "removed" | "kicked" | "archived" | "not_found";

export const UNREACHABLE_REASONS: readonly UnreachableReason[] = ["removed", "kicked", "archived", "not_found"];

export function isUnreachableReason(value: unknown): value is UnreachableReason {
  return typeof value === "string" && (UNREACHABLE_REASONS as readonly string[]).includes(value);
}

/** Where the core takes chat changes (the router passes them to the feature that owns chats). */
export type ChatChangeHandler = (change: ChatChange) => Promise<void>;
