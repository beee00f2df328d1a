// Shared helpers for the Discord adapter's tests: a small world in the fake
// (one guild, a channel, people), the adapter pointed at it, and what a
// person sees of a message.

import { DiscordAdapter, type DiscordAdapterOptions } from "../../../adapters/discord/discord-adapter.js";
import type { CommandSpec } from "../../../src/core/commands.js";
import { createLogger } from "../../../src/core/logger.js";
import { typedCommands } from "../../../src/core/typed-commands.js";
import type { FakeDiscord, StoredMessage } from "../../fakes/discord/fake-discord.js";

export const silentLogger = () => createLogger({ level: "silent" });

/** Manage Guild: a member with it is the chat's admin. */
export const MANAGE_GUILD = 1n << 5n;

export interface DiscordWorld {
  guildId: string;
  /** Channel ids by name. */
  channels: Map<string, string>;
  /** User ids by name; made on first use, as members of the guild. */
  user(name: string): string;
  channel(name: string): string;
}

export function discordWorld(fake: FakeDiscord, guildName = "Kylätalo"): DiscordWorld {
  const guild = fake.addGuild({ name: guildName });
  const channels = new Map<string, string>();
  const users = new Map<string, string>();
  return {
    guildId: guild.id,
    channels,
    user(name) {
      let id = users.get(name);
      if (!id) {
        id = fake.addUser({ username: name, globalName: name[0]!.toUpperCase() + name.slice(1), locale: "en-US" }).id;
        fake.addMember({ guildId: guild.id, userId: id });
        users.set(name, id);
      }
      return id;
    },
    channel(name) {
      let id = channels.get(name);
      if (!id) {
        id = fake.addChannel({ guildId: guild.id, name }).id;
        channels.set(name, id);
      }
      return id;
    },
  };
}

/** The adapter against the fake, with quick deferrals unless told otherwise. */
export function discordAdapter(
  fake: FakeDiscord,
  commands: () => CommandSpec[],
  options: Partial<DiscordAdapterOptions> = {},
): DiscordAdapter {
  return new DiscordAdapter({
    token: fake.token,
    applicationId: fake.applicationId,
    apiUrl: fake.restApi,
    logger: silentLogger(),
    commands: () => typedCommands(commands()),
    ...options,
  });
}

/** Text with Discord's markdown escapes taken out again: what a person reads. */
export function asRead(text: string): string {
  return text.replace(/\\([\\*_~`|>#\-[\]().!<:])/g, "$1");
}

/** A message as a person reads it: the content, then each embed's title, description, fields and footer. */
export function visibleText(m: StoredMessage): string {
  const parts: string[] = [];
  if (m.content) parts.push(m.content);
  for (const embed of m.embeds) {
    if (typeof embed.title === "string") parts.push(embed.title);
    if (typeof embed.description === "string") parts.push(embed.description);
    for (const field of (embed.fields as Array<{ name: string; value: string }> | undefined) ?? []) {
      parts.push(`${field.name}: ${field.value}`);
    }
    const footer = embed.footer as { text?: string } | undefined;
    if (footer?.text) parts.push(footer.text);
  }
  return asRead(parts.join("\n"));
}

export interface ShownButton {
  label: string;
  customId: string;
}

export function buttonsOf(m: StoredMessage): ShownButton[] {
  const rows = m.components as Array<{ components?: Array<{ label?: string; custom_id?: string }> }>;
  return rows.flatMap((row) =>
    (row.components ?? []).map((b) => ({ label: b.label ?? "", customId: b.custom_id ?? "" })),
  );
}

/** The bot's messages in a channel that everyone there sees, oldest first. */
export function sharedBotMessages(fake: FakeDiscord, channelId: string): StoredMessage[] {
  return fake
    .messagesIn(channelId)
    .filter((m) => m.authorId === fake.botUserId || m.webhookId === fake.applicationId)
    .filter((m) => m.ephemeralTo === null && !m.deleted && (m.flags & 128) === 0);
}

/** The newest bot message in a channel with a button labelled `label`. */
export function findButton(
  fake: FakeDiscord,
  channelId: string,
  label: string,
): { message: StoredMessage; customId: string } {
  const message = [...sharedBotMessages(fake, channelId)]
    .reverse()
    .find((m) => buttonsOf(m).some((b) => b.label === label));
  const button = message && buttonsOf(message).find((b) => b.label === label);
  if (!message || !button) throw new Error(`no button "${label}" in channel ${channelId}`);
  return { message, customId: button.customId };
}

/** What `userId` alone was shown: ephemeral answers to them and their DM with the bot. */
export function privateTexts(fake: FakeDiscord, userId: string): string[] {
  const dm = fake.dmChannelWith(userId);
  const direct = dm ? fake.messagesIn(dm.id).filter((m) => m.authorId === fake.botUserId) : [];
  const ephemeral = fake.botMessages.filter((m) => m.ephemeralTo === userId);
  return [...ephemeral, ...direct].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1)).map(visibleText);
}
