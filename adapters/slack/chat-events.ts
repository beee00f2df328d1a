// Slack events about a channel itself -> the core's ChatChange. Pure.
//   channel_left / group_left           the bot was removed    -> unreachable (removed)
//   channel_archive / group_archive     the channel archived   -> unreachable (archived)
//   member_joined_channel, the bot      invited (back)         -> reachable
// Other people joining are not a change to the chat.
import type { ChatChange } from "../../src/core/chat-changes.js";
import { SLACK, slackChatId } from "./ids.js";

/** The events the adapter subscribes to for this (manifest.yaml's bot_events). */
export const CHAT_EVENT_TYPES = [
  "channel_left",
  "group_left",
  "channel_archive",
  "group_archive",
  "member_joined_channel",
] as const;

export function chatChangeOf(
  event: { type?: unknown; channel?: unknown; user?: unknown },
  teamId: string,
  botUserId: string,
): ChatChange | undefined {
  if (typeof event.channel !== "string") return undefined;
  const chatId = slackChatId(teamId, event.channel);
  switch (event.type) {
    case "channel_left":
    case "group_left":
      return { kind: "unreachable", platform: SLACK, chatId, reason: "removed" };
    case "channel_archive":
    case "group_archive":
      return { kind: "unreachable", platform: SLACK, chatId, reason: "archived" };
    case "member_joined_channel":
      return event.user === botUserId ? { kind: "reachable", platform: SLACK, chatId } : undefined;
    default:
      return undefined;
  }
}
