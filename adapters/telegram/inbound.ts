// Telegram Update -> neutral InboundEvent. Pure: the adapter looks up what
// needs the network (chat-admin status, the chat a poll was sent to) and
// fills it in.
//
// Ids are namespaced ("telegram:-100123", "telegram:42"); eventId is the
// update_id, which Telegram keeps on a redelivery, so the core's
// de-duplication catches a repeat.
import type { Chat, ChatMemberUpdated, Message, Update, User } from "grammy/types";
import type { ChatChange } from "../../src/core/chat-changes.js";
import { addressedCommandLine } from "../../src/core/command-line.js";
import type {
  Author,
  Conversation,
  InboundEvent,
  InboundFile,
  MessageEvent,
  MessageRef,
  SharedPlace,
} from "../../src/core/events.js";
import { commandTextOf, textAfterMention } from "./command-text.js";
import { namespacedId, PLATFORM } from "./ids.js";

export interface BotIdentity {
  id: number;
  username: string;
  /** getMe's can_read_all_group_messages: false while privacy mode is on. */
  seesAllGroupMessages?: boolean;
}

export interface MapContext {
  bot: BotIdentity;
  receivedAt: Date;
  /** Where the bot sent the poll a poll_answer is for (poll_answer itself names no chat). */
  pollConversation?: Conversation;
  /** Whether the core knows a command; in groups, unknown bare commands are left to other bots. */
  isCommand?: (name: string) => boolean;
}

/** The user whose chat-admin status the adapter must look up before handing the event on. */
export interface AdminCheck {
  chatId: number;
  userId: number;
}

export type MappedUpdate =
  | { kind: "event"; event: InboundEvent; adminCheck?: AdminCheck }
  | { kind: "chatChange"; change: ChatChange }
  | { kind: "ignored"; reason: string };

/** Telegram's stand-in sender for a group admin who posts anonymously (as the group). */
export const ANONYMOUS_ADMIN_BOT_ID = 1087968824;

export function mapUpdate(update: Update, context: MapContext): MappedUpdate {
  if (update.message) return chatMoveOf(update.message) ?? mapMessage(update, update.message, context);
  if (update.my_chat_member) return mapMyChatMember(update.my_chat_member, context);
  if (update.callback_query) return mapCallbackQuery(update, context);
  if (update.poll_answer) return mapPollAnswer(update, context);
  return { kind: "ignored", reason: `update type ${updateType(update)}` };
}

export function updateType(update: Update): string {
  return Object.keys(update).find((key) => key !== "update_id") ?? "unknown";
}

function mapMessage(update: Update, message: Message, context: MapContext): MappedUpdate {
  const file = fileOf(message);
  const place = placeOf(message);
  // A photo or file counts with a command as its caption ("/request …"), or said to the bot (fileSaidToBot).
  const text = message.text ?? (file ? message.caption : undefined);
  if (text === undefined && !place && !file) return { kind: "ignored", reason: "not a text message" };
  const sender = senderOf(message);
  if (!sender) return { kind: "ignored", reason: "not sent by a person" };
  const conversation = conversationOf(message.chat, message);
  if (!conversation.isDirect && context.bot.seesAllGroupMessages === false) conversation.botSeesOnlyAddressed = true;
  const source: MessageRef = { platform: PLATFORM, chatId: conversation.chatId, messageId: String(message.message_id) };
  if (conversation.threadId) source.threadId = conversation.threadId;
  const replied = repliedMessage(message, conversation);
  const base = {
    platform: PLATFORM,
    eventId: String(update.update_id),
    conversation,
    author: sender.author,
    receivedAt: context.receivedAt,
    source,
    ...(replied ? { repliesTo: replied } : {}),
    raw: update,
  };
  const needsCheck = !conversation.isDirect && !sender.knownAdmin;
  const adminCheck = needsCheck ? { chatId: message.chat.id, userId: message.from!.id } : undefined;

  // Said to the bot: in its direct chat, or in a group as a reply to one of its messages (which privacy mode lets through).
  const saidToBot = conversation.isDirect || message.reply_to_message?.from?.id === context.bot.id;
  if (place) {
    if (!saidToBot) return { kind: "ignored", reason: "a location not shared with the bot" };
    return { kind: "event", event: { ...base, kind: "location", place } };
  }
  if (text === undefined) {
    if (!file) return { kind: "ignored", reason: "not a text message" };
    return fileSaidToBot(base, file, "", saidToBot);
  }
  const entities = message.text !== undefined ? message.entities : message.caption_entities;
  const command = commandTextOf(text, entities, context.bot.username);
  if (command.kind === "otherBot") return { kind: "ignored", reason: "a command for another bot" };
  if (command.kind === "command") {
    const mightBeAnotherBots = !conversation.isDirect && !command.addressed;
    if (mightBeAnotherBots && context.isCommand && !context.isCommand(command.name)) {
      return { kind: "ignored", reason: `unknown command /${command.name}, perhaps for another bot` };
    }
    const replyTo = repliedPerson(message, context.bot.id);
    return {
      kind: "event",
      event: {
        ...base,
        kind: "command",
        text: command.text,
        ...(replyTo ? { replyTo } : {}),
        ...(file ? { file } : {}),
      },
      adminCheck,
    };
  }
  if (file) return fileSaidToBot(base, file, text, saidToBot);
  // Plain text counts only where it is said to the bot: a DM, a mention, a reply to the bot.
  const afterMention = textAfterMention(text, message.entities, context.bot.username);
  const addressed = saidToBot || afterMention !== undefined;
  if (!addressed) return { kind: "ignored", reason: "group chatter not addressed to the bot" };
  const said = afterMention ?? text;
  // "@Bot help", "hey @Bot help" and "help" in reply to the bot run /help; other words stay talk.
  const line = context.isCommand ? addressedCommandLine(said, context.isCommand) : undefined;
  // Words without a slash may be an answer to the bot's question instead (spokenText): the core decides.
  if (line) {
    const spoken = said.trim().startsWith("/") ? {} : { spokenText: said };
    return { kind: "event", event: { ...base, kind: "command", text: line, ...spoken }, adminCheck };
  }
  // "@Bot /help" is a command after all, so it needs the same admin look-up.
  return {
    kind: "event",
    event: { ...base, kind: "message", text: said },
    adminCheck: said.startsWith("/") ? adminCheck : undefined,
  };
}

/**
 * A file without a command, in the bot's direct chat or in a group as a reply
 * to the bot (its question, which privacy mode lets through): it may answer a
 * guided flow's photo question, so the core gets it with its caption.
 */
function fileSaidToBot(
  base: Omit<MessageEvent, "kind" | "text">,
  file: InboundFile,
  caption: string,
  saidToBot: boolean,
): MappedUpdate {
  if (!saidToBot) return { kind: "ignored", reason: "a file not said to the bot" };
  return { kind: "event", event: { ...base, kind: "message", text: caption, file } };
}

/**
 * The file a message carries, as the core sees it: a photo (Telegram sends
 * several sizes, largest last, always re-encoded as JPEG) or a document (a
 * file sent as is, with the sender's type).
 */
function fileOf(message: Message): InboundFile | undefined {
  const largest = message.photo?.at(-1);
  if (largest) return { ref: largest.file_id, mimeType: "image/jpeg", size: largest.file_size ?? 0, kind: "photo" };
  const document = message.document;
  if (document) {
    return {
      ref: document.file_id,
      mimeType: document.mime_type ?? "application/octet-stream",
      size: document.file_size ?? 0,
      kind: "document",
    };
  }
  return undefined;
}

/** A shared location or venue (a venue keeps its name and address). */
function placeOf(message: Message): SharedPlace | undefined {
  if (message.venue) {
    const { location, title, address } = message.venue;
    return { lat: location.latitude, long: location.longitude, venue: { title, address } };
  }
  if (message.location) return { lat: message.location.latitude, long: message.location.longitude };
  return undefined;
}

/**
 * A group upgraded to a supergroup gets a new id. Telegram says so twice: a
 * service message in the old group (migrate_to_chat_id) and one in the new
 * supergroup (migrate_from_chat_id); either moves the chat (moving is idempotent).
 */
function chatMoveOf(message: Message): MappedUpdate | undefined {
  const move =
    message.migrate_to_chat_id !== undefined
      ? { from: message.chat.id, to: message.migrate_to_chat_id }
      : message.migrate_from_chat_id !== undefined
        ? { from: message.migrate_from_chat_id, to: message.chat.id }
        : undefined;
  if (!move) return undefined;
  return {
    kind: "chatChange",
    change: { kind: "moved", platform: PLATFORM, fromChatId: namespacedId(move.from), toChatId: namespacedId(move.to) },
  };
}

/**
 * The bot's own membership changed: removed or banned from a group or
 * channel makes the chat unreachable; added back makes it reachable. A
 * private chat's change (the user blocked the bot) concerns one person and
 * is ignored here.
 */
function mapMyChatMember(updated: ChatMemberUpdated, context: MapContext): MappedUpdate {
  if (updated.chat.type === "private") return { kind: "ignored", reason: "private chat membership" };
  if (updated.new_chat_member.user.id !== context.bot.id)
    return { kind: "ignored", reason: "not the bot's membership" };
  const chatId = namespacedId(updated.chat.id);
  const member = updated.new_chat_member;
  switch (member.status) {
    case "left":
      return { kind: "chatChange", change: { kind: "unreachable", platform: PLATFORM, chatId, reason: "removed" } };
    case "kicked":
      return { kind: "chatChange", change: { kind: "unreachable", platform: PLATFORM, chatId, reason: "kicked" } };
    case "restricted":
      // A restricted member may still be in the chat; one that is not, or that may not post, is as good as gone.
      if (!member.is_member || !member.can_send_messages) {
        return { kind: "chatChange", change: { kind: "unreachable", platform: PLATFORM, chatId, reason: "removed" } };
      }
      return { kind: "chatChange", change: { kind: "reachable", platform: PLATFORM, chatId } };
    default:
      return { kind: "chatChange", change: { kind: "reachable", platform: PLATFORM, chatId } };
  }
}

function mapCallbackQuery(update: Update, context: MapContext): MappedUpdate {
  const query = update.callback_query!;
  // The adapter answers every callback query, mapped or not, so the presser's spinner stops.
  if (query.data === undefined) return { kind: "ignored", reason: "callback without data" };
  const message = query.message;
  if (!message) return { kind: "ignored", reason: "callback from an inline message" };
  if (query.from.is_bot) return { kind: "ignored", reason: "callback from a bot" };
  // The button's message: Telegram may send it as "inaccessible" (date 0) when it is old; chat and id remain.
  const conversation = conversationOf(message.chat, message.date === 0 ? undefined : message);
  const chatId = namespacedId(message.chat.id);
  return {
    kind: "event",
    event: {
      platform: PLATFORM,
      kind: "action",
      eventId: String(update.update_id),
      actionId: query.data,
      message: {
        platform: PLATFORM,
        chatId,
        messageId: String(message.message_id),
        ...(conversation.threadId ? { threadId: conversation.threadId } : {}),
      },
      conversation,
      author: authorOf(query.from, conversation.isDirect),
      receivedAt: context.receivedAt,
      raw: update,
    },
    // No getChatMember for a press: chat-admin standing only counts in a chat
    // not yet linked to a community, where no feature posts buttons, and a
    // busy poll would otherwise cost one look-up per new voter.
  };
}

function mapPollAnswer(update: Update, context: MapContext): MappedUpdate {
  const answer = update.poll_answer!;
  // Votes cast as a chat (anonymous admins, channels) belong to nobody we can count once.
  if (!answer.user) return { kind: "ignored", reason: "poll answer without a user" };
  if (!context.pollConversation) return { kind: "ignored", reason: `poll ${answer.poll_id} was not sent by this bot` };
  return {
    kind: "event",
    event: {
      platform: PLATFORM,
      kind: "pollVote",
      eventId: String(update.update_id),
      nativePollId: answer.poll_id,
      optionIndexes: [...answer.option_ids],
      conversation: context.pollConversation,
      author: authorOf(answer.user, context.pollConversation.isDirect),
      receivedAt: context.receivedAt,
      raw: update,
    },
  };
}

function senderOf(message: Message): { author: Author; knownAdmin: boolean } | undefined {
  const from = message.from;
  // An admin posting anonymously appears as the group itself: an admin, but no one in particular.
  if (from?.id === ANONYMOUS_ADMIN_BOT_ID && message.sender_chat?.id === message.chat.id) {
    return {
      author: { id: namespacedId(message.chat.id), name: chatTitle(message.chat), isChatAdmin: true },
      knownAdmin: true,
    };
  }
  if (!from || from.is_bot || message.sender_chat) return undefined;
  const isDirect = message.chat.type === "private";
  return { author: authorOf(from, isDirect), knownAdmin: isDirect };
}

/** The message `message` replies to, whoever sent it; none for a forum topic's own first message. */
function repliedMessage(message: Message, conversation: Conversation): MessageRef | undefined {
  const replied = message.reply_to_message;
  if (!replied) return undefined;
  // In a forum topic every message "replies" to the topic's first message: that is no reply.
  if (message.is_topic_message && replied.message_id === message.message_thread_id) return undefined;
  const ref: MessageRef = { platform: PLATFORM, chatId: conversation.chatId, messageId: String(replied.message_id) };
  if (conversation.threadId) ref.threadId = conversation.threadId;
  return ref;
}

/** The person whose message `message` replies to; not the bot, another bot, or a channel. */
function repliedPerson(message: Message, botId: number): Author | undefined {
  const replied = message.reply_to_message;
  const from = replied?.from;
  if (!replied || !from || from.is_bot || from.id === botId || replied.sender_chat) return undefined;
  // In a forum topic every message "replies" to the topic's first message: that is no reply to its author.
  if (message.is_topic_message && replied.message_id === message.message_thread_id) return undefined;
  return authorOf(from, false);
}

/** In a private chat the user owns the chat, so counts as its admin; elsewhere the adapter checks. */
export function authorOf(user: User, isDirect: boolean): Author {
  const author: Author = { id: namespacedId(user.id), name: fullName(user), isChatAdmin: isDirect };
  if (user.username) author.handle = user.username;
  if (user.language_code) author.locale = user.language_code;
  return author;
}

export function conversationOf(
  chat: Chat,
  message?: Pick<Message, "is_topic_message" | "message_thread_id">,
): Conversation {
  const conversation: Conversation = {
    platform: PLATFORM,
    chatId: namespacedId(chat.id),
    isDirect: chat.type === "private",
    title: chatTitle(chat),
  };
  // Only forum topics are threads one can post into; reply chains in other groups are not.
  if (message?.is_topic_message && message.message_thread_id !== undefined) {
    conversation.threadId = String(message.message_thread_id);
  }
  return conversation;
}

function chatTitle(chat: Chat): string {
  if (chat.type === "private") return [chat.first_name, chat.last_name].filter(Boolean).join(" ");
  return chat.title;
}

function fullName(user: User): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || user.username || String(user.id);
}
