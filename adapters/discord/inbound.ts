// Discord interactions and gateway events -> neutral events. Pure: the
// adapter reads the facts off discord.js objects and hands them here.
//
// A slash command's typed options become the canonical command line the
// other platforms produce (`/task add Sorting --when "sat 10" --slots 4`),
// from the same declaration the slash commands were made from, so the
// domain never learns how an argument was typed.
//
// Event ids: an interaction's id (a gateway RESUME that replays it repeats
// the id, so the core drops the repeat); a poll vote has none of its own, so
// its id is made of what it says plus the gateway sequence number.
import {
  type APIInteraction,
  ApplicationCommandOptionType,
  ChannelType,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption as RawOption,
} from "discord.js";
import { addressedCommandLine } from "../../src/core/command-line.js";
import type {
  ActionEvent,
  Author,
  CommandEvent,
  Conversation,
  InboundFile,
  MessageEvent,
  MessageRef,
  PollVoteEvent,
} from "../../src/core/events.js";
import type { FormWho } from "../../src/core/forms.js";
import type { SuggestQuery } from "../../src/core/suggestions.js";
import {
  commandLineOf,
  fileOption,
  findLeaf,
  type TypedCommand,
  type TypedValue,
} from "../../src/core/typed-commands.js";
import { chatIdOf, identityIdOf, nativePollIdOf, PLATFORM } from "./ids.js";

/** What the adapter reads off an interaction before mapping it. */
export interface InteractionFacts {
  id: string;
  guildId: string | null;
  channelId: string;
  /** For a thread: its parent channel, which is the chat. */
  threadParentId: string | null;
  channelName?: string;
  user: { id: string; username: string; globalName?: string | null };
  /** The member's nickname in the guild, if any. */
  nick?: string | null;
  /** The member's permissions in the channel (a decimal bitfield); null in a DM. */
  memberPermissions: string | null;
  /** The Discord client's language, e.g. "fi" or "sv-SE". */
  locale?: string;
  receivedAt: Date;
}

/** The options of a command interaction, as Discord sends them (subcommand and group options nest). */
export type CommandOptions = readonly Pick<RawOption, "name" | "type">[];

/** Managing the server or administering it makes a member the chat's admin; no extra call. */
const ADMIN_BITS = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild;

export function isChatAdmin(facts: Pick<InteractionFacts, "guildId" | "memberPermissions">): boolean {
  // In a DM the person owns the conversation.
  if (!facts.guildId) return true;
  if (!facts.memberPermissions || !/^\d+$/.test(facts.memberPermissions)) return false;
  return (BigInt(facts.memberPermissions) & ADMIN_BITS) !== 0n;
}

export function conversationOf(
  facts: Pick<InteractionFacts, "guildId" | "channelId" | "threadParentId" | "channelName">,
): Conversation {
  const inThread = facts.threadParentId !== null;
  const conversation: Conversation = {
    platform: PLATFORM,
    chatId: chatIdOf(facts.guildId, inThread ? facts.threadParentId! : facts.channelId),
    isDirect: !facts.guildId,
  };
  if (inThread) conversation.threadId = facts.channelId;
  if (facts.channelName) conversation.title = facts.channelName;
  return conversation;
}

export function authorOf(facts: InteractionFacts): Author {
  const { user } = facts;
  const author: Author = {
    id: identityIdOf(user.id),
    name: facts.nick || user.globalName || user.username,
    handle: user.username,
    isChatAdmin: isChatAdmin(facts),
  };
  if (facts.locale) author.locale = facts.locale;
  return author;
}

/** Who fills a form and where, as the core names them, with the Discord client's language. */
export function formWhoOf(facts: InteractionFacts): FormWho {
  return {
    identityId: identityIdOf(facts.user.id),
    chatId: conversationOf(facts).chatId,
    platform: PLATFORM,
    ...(facts.locale ? { platformLocale: facts.locale } : {}),
  };
}

/** The command's path (`["setup", "category", "add"]`) and its leaf's option values. */
export function pathAndValues(
  commandName: string,
  options: CommandOptions,
): { path: string[]; values: Record<string, TypedValue>; focused?: { name: string; value: string } } {
  const path = [commandName];
  let leaf: CommandOptions = options;
  for (;;) {
    const nested = leaf.find(
      (o) =>
        o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup,
    ) as { name: string; options?: CommandOptions } | undefined;
    if (!nested) break;
    path.push(nested.name);
    leaf = nested.options ?? [];
  }
  const values: Record<string, TypedValue> = {};
  let focused: { name: string; value: string } | undefined;
  for (const option of leaf as ReadonlyArray<{ name: string; type: number; value?: unknown; focused?: boolean }>) {
    const value = option.value;
    if (option.focused) focused = { name: option.name, value: String(value ?? "") };
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
    // A chosen user is the neutral mention `/role` and the like understand.
    values[option.name] =
      option.type === ApplicationCommandOptionType.User ? `<@${identityIdOf(String(value))}>` : value;
  }
  return { path, values, ...(focused ? { focused } : {}) };
}

/** A file attached to an attachment option, as the interaction's `resolved.attachments` gives it. */
export interface ResolvedAttachment {
  id: string;
  url: string;
  size: number;
  content_type?: string;
}

export function commandEvent(
  facts: InteractionFacts,
  commandName: string,
  options: CommandOptions,
  commands: TypedCommand[],
  attachments?: Readonly<Record<string, ResolvedAttachment>>,
): CommandEvent {
  const { path, values } = pathAndValues(commandName, options);
  // A command registered once but no longer declared still reaches the core, which says it is unknown.
  const text = commandLineOf(commands, path, values) ?? `/${path.join(" ")}`;
  const file = attachedFile(commands, path, values, attachments);
  return {
    platform: PLATFORM,
    kind: "command",
    eventId: facts.id,
    text,
    conversation: conversationOf(facts),
    author: authorOf(facts),
    receivedAt: facts.receivedAt,
    ...(file ? { file } : {}),
  };
}

/**
 * The file given in the command's attachment option (`/request file photo:`),
 * as the core sees it. Its reference is the CDN URL, which names the
 * attachment and is what Discord refreshes once it expires
 * (file-download.ts). Discord keeps the file as sent: a "document".
 */
export function attachedFile(
  commands: TypedCommand[],
  path: string[],
  values: Record<string, TypedValue>,
  attachments: Readonly<Record<string, ResolvedAttachment>> | undefined,
): InboundFile | undefined {
  const leaf = findLeaf(commands, path);
  const option = leaf && fileOption(leaf);
  const id = option ? values[option.name] : undefined;
  const attachment = typeof id === "string" ? attachments?.[id] : undefined;
  if (!attachment) return undefined;
  return { ref: attachment.url, mimeType: attachment.content_type ?? "", size: attachment.size, kind: "document" };
}

/** A submitted form, as the command line its answers stand for, typed where the form was opened. */
export function formCommandEvent(facts: InteractionFacts, commandLine: string): CommandEvent {
  return {
    platform: PLATFORM,
    kind: "command",
    eventId: facts.id,
    text: commandLine,
    conversation: conversationOf(facts),
    author: authorOf(facts),
    receivedAt: facts.receivedAt,
  };
}

/** What the adapter reads off a MESSAGE_CREATE (and the channel and guild caches) before mapping it. */
export interface MessageFacts {
  id: string;
  guildId: string | null;
  channelId: string;
  /** For a message in a thread: its parent channel, which is the chat. */
  threadParentId: string | null;
  content: string;
  author: { id: string; username: string; globalName?: string | null; bot?: boolean };
  /** Set when a webhook (another app, or the bot's own interaction answers) posted it. */
  webhookId?: string | null;
  nick?: string | null;
  /** The member manages or administers the guild (from their roles); false in a DM, where they own the chat anyway. */
  isGuildAdmin: boolean;
  /** The message mentions the bot, or replies to it with the ping on (Discord lists the bot in `mentions`). */
  mentionsBot: boolean;
  attachments: readonly ResolvedAttachment[];
  receivedAt: Date;
}

/**
 * A message said to the bot: in its DM, or in a server mentioning it (the
 * only guild messages whose words and files Discord shows a bot without the
 * Message Content intent). "@Talkoot request lighting …" becomes the
 * command, with the first attached file; words that are no command, or a
 * file alone, become a plain message that may answer a guided flow's
 * question (the photo one, for a file). Undefined for anything else: other
 * bots, webhooks, the bot itself, chatter not addressed to it.
 */
export function messageEvent(
  facts: MessageFacts,
  botUserId: string,
  isCommand: (name: string) => boolean,
): CommandEvent | MessageEvent | undefined {
  if (facts.author.bot || facts.webhookId || facts.author.id === botUserId) return undefined;
  const direct = facts.guildId === null;
  if (!direct && !facts.mentionsBot) return undefined;
  const mention = new RegExp(`<@!?${botUserId}>[\\s,:]*`);
  const found = mention.exec(facts.content);
  const leading = !found || facts.content.slice(0, found.index).trim() === "";
  const said = (found ? facts.content.slice(found.index + found[0].length) : facts.content).trim();
  const conversation = conversationOf(facts);
  // Only what is addressed to the bot reaches it in a server.
  if (!direct) conversation.botSeesOnlyAddressed = true;
  const source: MessageRef = { platform: PLATFORM, chatId: conversation.chatId, messageId: facts.id };
  if (conversation.threadId) source.threadId = conversation.threadId;
  const author: Author = {
    id: identityIdOf(facts.author.id),
    name: facts.nick || facts.author.globalName || facts.author.username,
    handle: facts.author.username,
    isChatAdmin: direct || facts.isGuildAdmin,
  };
  const base = {
    platform: PLATFORM,
    eventId: `message:${facts.id}`,
    conversation,
    author,
    receivedAt: facts.receivedAt,
    source,
  };
  const first = facts.attachments[0];
  const file: InboundFile | undefined = first
    ? { ref: first.url, mimeType: first.content_type ?? "", size: first.size, kind: "document" }
    : undefined;
  // A file with no words may answer a guided flow's photo question: never "/help".
  if (said === "" && file) return { ...base, kind: "message", text: "", file };
  // "@Talkoot" alone asks what the bot can do; a reply with no words says nothing.
  const line = said === "" ? (found && leading ? "/help" : undefined) : addressedCommandLine(said, isCommand);
  if (line) return { ...base, kind: "command", text: line, ...(file ? { file } : {}) };
  if (said === "") return undefined;
  return { ...base, kind: "message", text: said, ...(file ? { file } : {}) };
}

/** A button press: its custom_id is the core's action id; the message is the one that carried it. */
export function actionEvent(facts: InteractionFacts, customId: string, messageId: string): ActionEvent {
  const conversation = conversationOf(facts);
  return {
    platform: PLATFORM,
    kind: "action",
    eventId: facts.id,
    actionId: customId,
    message: {
      platform: PLATFORM,
      chatId: conversation.chatId,
      messageId,
      ...(conversation.threadId ? { threadId: conversation.threadId } : {}),
    },
    conversation,
    author: authorOf(facts),
    receivedAt: facts.receivedAt,
  };
}

export function suggestQuery(
  facts: InteractionFacts,
  commandName: string,
  options: CommandOptions,
): SuggestQuery | undefined {
  const { path, focused } = pathAndValues(commandName, options);
  if (!focused) return undefined;
  return {
    platform: PLATFORM,
    conversation: conversationOf(facts),
    author: authorOf(facts),
    path,
    option: focused.name,
    typed: focused.value,
  };
}

/** MESSAGE_POLL_VOTE_ADD / _REMOVE as the gateway sends them. */
export interface PollVotePacket {
  user_id: string;
  channel_id: string;
  message_id: string;
  guild_id?: string;
  answer_id: number;
}

/**
 * One answer added or taken back. Discord numbers a poll's answers from 1, in
 * the order they were sent; the core counts options from 0.
 */
export function pollVoteEvent(
  packet: PollVotePacket,
  change: "add" | "remove",
  context: {
    sequence: number | null;
    threadParentId: string | null;
    userName: string;
    receivedAt: Date;
    /** A vote read back from the REST API (pollVoters) in this resync run, not sent by the gateway. */
    resyncRun?: string;
  },
): PollVoteEvent {
  const conversation = conversationOf({
    guildId: packet.guild_id ?? null,
    channelId: packet.channel_id,
    threadParentId: context.threadParentId,
  });
  return {
    platform: PLATFORM,
    kind: "pollVote",
    eventId: context.resyncRun
      ? `poll-resync:${context.resyncRun}:${packet.message_id}:${packet.user_id}:${packet.answer_id}`
      : `poll:${packet.message_id}:${packet.user_id}:${packet.answer_id}:${change}:${context.sequence ?? "-"}`,
    nativePollId: nativePollIdOf(packet.message_id),
    optionIndexes: [packet.answer_id - 1],
    change,
    conversation,
    author: {
      id: identityIdOf(packet.user_id),
      name: context.userName,
      isChatAdmin: !packet.guild_id,
    },
    receivedAt: context.receivedAt,
  };
}

/** The facts of a raw INTERACTION_CREATE, as the gateway sends it. */
export function factsOf(raw: APIInteraction, receivedAt: Date): InteractionFacts {
  const channel = raw.channel as { id: string; type?: number; parent_id?: string | null; name?: string } | undefined;
  const member = raw.member;
  const user = member?.user ?? raw.user!;
  const locale = "locale" in raw ? raw.locale : undefined;
  const inThread = channel?.type !== undefined && THREAD_TYPES.has(channel.type) && !!channel.parent_id;
  return {
    id: raw.id,
    guildId: raw.guild_id ?? null,
    channelId: channel?.id ?? raw.channel_id ?? "",
    threadParentId: inThread ? channel!.parent_id! : null,
    ...(channel?.name ? { channelName: channel.name } : {}),
    user: { id: user.id, username: user.username, globalName: user.global_name ?? null },
    nick: member?.nick ?? null,
    memberPermissions: member?.permissions ?? null,
    ...(locale ? { locale } : {}),
    receivedAt,
  };
}

/** Announcement, public and private threads. */
export const THREAD_TYPES = new Set<number>([
  ChannelType.AnnouncementThread,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
]);
