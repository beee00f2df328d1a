// Namespaced ids: Discord's snowflakes become "discord:…" strings before they
// reach the core, and go back to snowflakes only here. Pure.
//   a guild channel  discord:<guild id>:<channel id>
//   a direct chat    discord:dm:<channel id>
//   a person         discord:<user id>
// A thread is not a chat of its own: it is its parent channel's chat with the
// thread as `threadId`, so a thread in a linked channel belongs to the same
// community.
export const PLATFORM = "discord";

const SNOWFLAKE = /^\d{1,20}$/;

export function chatIdOf(guildId: string | null | undefined, channelId: string): string {
  return guildId ? `${PLATFORM}:${guildId}:${channelId}` : `${PLATFORM}:dm:${channelId}`;
}

export function identityIdOf(userId: string): string {
  return `${PLATFORM}:${userId}`;
}

export interface ParsedChat {
  /** Null for a direct chat. */
  guildId: string | null;
  channelId: string;
}

/** The guild and channel inside "discord:<guild>:<channel>" or "discord:dm:<channel>"; undefined otherwise. */
export function parseChatId(chatId: string): ParsedChat | undefined {
  const [platform, guild, channel, ...rest] = chatId.split(":");
  if (platform !== PLATFORM || rest.length || !channel || !SNOWFLAKE.test(channel)) return undefined;
  if (guild === "dm") return { guildId: null, channelId: channel };
  return guild && SNOWFLAKE.test(guild) ? { guildId: guild, channelId: channel } : undefined;
}

/** The user id inside "discord:<user>"; undefined for anything else. */
export function parseIdentityId(identityId: string): string | undefined {
  const match = /^discord:(\d{1,20})$/.exec(identityId);
  return match?.[1];
}

/** Where a message goes: the thread when there is one (a thread is a channel on Discord), else the channel. */
export function targetChannelOf(chatId: string, threadId?: string): string | undefined {
  if (threadId && SNOWFLAKE.test(threadId)) return threadId;
  return parseChatId(chatId)?.channelId;
}

/** A native poll is its message; the id carries the platform so it never meets another platform's poll id. */
export function nativePollIdOf(messageId: string): string {
  return `${PLATFORM}:${messageId}`;
}
