// Slack payloads -> neutral events. Three ways in, one grammar:
//   /talkoot task add …   -> "/task add …"   (one umbrella command)
//   /task add …           -> "/task add …"   (commands registered directly)
//   @Talkoot task add …   -> "/task add …"   (app_mention, and plain DMs to the bot)
//   a button press        -> action with the core's actionId (the button's value)
// The event id is stable across Slack's redeliveries, over Socket Mode and
// HTTP alike, because it comes from the payload, which a retry repeats
// byte for byte. Pure: the person behind the user id is looked up by the
// caller (workspace-admins.ts) and passed in.
import { createHash } from "node:crypto";
import { addressedCommandLine } from "../../src/core/command-line.js";
import type {
  ActionEvent,
  Author,
  CommandEvent,
  Conversation,
  InboundFile,
  MessageEvent,
} from "../../src/core/events.js";
import { isDirectChannel, SLACK, slackChatId, slackIdentityId } from "./ids.js";
import { slackToNeutral } from "./inbound-text.js";
import type { FormOrigin, ViewSubmissionPayload } from "./modal-view.js";

/** The umbrella command: `/talkoot <command> …` runs `/<command> …`. */
export const UMBRELLA_COMMAND = "/talkoot";
/** Buttons Talkoot drew carry action ids with this prefix; other apps' blocks are not ours. */
export const ACTION_ID_PREFIX = "talkoot:";

/** Who pressed or typed, as users.info (or the payload, when that fails) tells. */
export interface SlackPerson {
  name: string;
  handle?: string;
  /** Workspace admin or owner. */
  isWorkspaceAdmin: boolean;
  locale?: string;
}

/** The fields of a slash command that Talkoot reads (Slack sends more). */
export interface SlashCommandPayload {
  team_id: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  command: string;
  text?: string;
  trigger_id?: string;
}

export interface BlockActionsPayload {
  team: { id: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  channel?: { id: string; name?: string };
  container: { type?: string; channel_id?: string; message_ts?: string; thread_ts?: string; is_ephemeral?: boolean };
  message?: { ts?: string; thread_ts?: string };
  actions: { action_id: string; value?: string; action_ts?: string; type?: string }[];
  trigger_id?: string;
}

/** app_mention, or a message in the bot's DM (message.im); `files` when the person attached some. */
export interface SlackMessageEvent {
  type: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  files?: SlackFileShared[];
}

/**
 * A file as a message event carries it. A file from another organisation
 * (Slack Connect) comes with `file_access: "check_file_info"` and its id
 * alone; files.info tells the rest.
 */
export interface SlackFileShared {
  id: string;
  name?: string;
  mimetype?: string;
  size?: number;
  file_access?: string;
}

/** The files of a raw message event, checked field by field; none when it carries none. */
export function filesOf(raw: unknown): { files?: SlackFileShared[] } {
  if (!Array.isArray(raw)) return {};
  const files = raw.flatMap((item: unknown): SlackFileShared[] => {
    if (typeof item !== "object" || item === null) return [];
    const f = item as Record<string, unknown>;
    if (typeof f.id !== "string" || f.id === "") return [];
    return [
      {
        id: f.id,
        ...(typeof f.name === "string" ? { name: f.name } : {}),
        ...(typeof f.mimetype === "string" ? { mimetype: f.mimetype } : {}),
        ...(typeof f.size === "number" ? { size: f.size } : {}),
        ...(typeof f.file_access === "string" ? { file_access: f.file_access } : {}),
      },
    ];
  });
  return files.length > 0 ? { files } : {};
}

/** The one subtype of a person's message Talkoot reads: a message with files attached. */
export const FILE_SHARE = "file_share";

export interface InboundContext {
  receivedAt: Date;
  /** Socket Mode's envelope_id: the id of last resort when a payload lacks its own. */
  envelopeId?: string;
}

/** "/talkoot task add x" -> "/task add x"; "/talkoot" alone -> "/help"; "/task add x" stays. */
export function commandLine(command: string, text: string): string {
  const body = text.trim();
  const name = command.trim().toLowerCase();
  if (name === UMBRELLA_COMMAND) {
    if (!body) return "/help";
    return body.startsWith("/") ? body : `/${body}`;
  }
  return body ? `${name} ${body}` : name;
}

export function commandEvent(payload: SlashCommandPayload, person: SlackPerson, ctx: InboundContext): CommandEvent {
  const teamId = payload.team_id;
  const conversation = conversationOf(teamId, payload.channel_id, undefined, payload.channel_name);
  const text = slackToNeutral(payload.text ?? "", teamId);
  return {
    kind: "command",
    platform: SLACK,
    eventId: stableId("command", payload.trigger_id, ctx.envelopeId, payload),
    conversation,
    author: authorOf(teamId, payload.user_id, person, conversation.isDirect),
    receivedAt: ctx.receivedAt,
    text: commandLine(payload.command, text),
    raw: payload,
  };
}

/** A press of one of Talkoot's buttons; undefined for anything else (other apps' blocks, selects). */
export function actionEvent(
  payload: BlockActionsPayload,
  person: SlackPerson,
  ctx: InboundContext,
): ActionEvent | undefined {
  const action = payload.actions[0];
  if (!action?.action_id.startsWith(ACTION_ID_PREFIX) || !action.value) return undefined;
  const teamId = teamOfAction(payload);
  const channelId = payload.container.channel_id ?? payload.channel?.id;
  if (!channelId) return undefined;
  const threadTs = payload.container.thread_ts ?? payload.message?.thread_ts;
  const conversation = conversationOf(teamId, channelId, threadTs, payload.channel?.name);
  const messageTs = payload.container.message_ts ?? payload.message?.ts;
  // An ephemeral message cannot be edited with chat.update, so the core gets
  // no message to update and answers with a new one instead.
  const message =
    messageTs && !payload.container.is_ephemeral
      ? {
          platform: SLACK,
          chatId: conversation.chatId,
          messageId: messageTs,
          ...(threadTs && threadTs !== messageTs ? { threadId: threadTs } : {}),
        }
      : undefined;
  const pressId = action.action_ts ? `${payload.user.id}:${action.action_ts}` : undefined;
  return {
    kind: "action",
    platform: SLACK,
    eventId: stableId("action", pressId ?? payload.trigger_id, ctx.envelopeId, payload),
    conversation,
    author: authorOf(teamId, payload.user.id, person, conversation.isDirect),
    receivedAt: ctx.receivedAt,
    actionId: action.value,
    ...(message ? { message } : {}),
    raw: payload,
  };
}

/**
 * A submitted form, as the command line its answers stand for, typed by the
 * person in the channel the form was opened from.
 */
export function formCommandEvent(
  payload: ViewSubmissionPayload,
  origin: FormOrigin,
  commandLine: string,
  person: SlackPerson,
  ctx: InboundContext,
): CommandEvent {
  const teamId = teamOfSubmission(payload);
  const conversation = conversationOf(teamId, origin.channelId);
  return {
    kind: "command",
    platform: SLACK,
    eventId: stableId("form", payload.trigger_id, ctx.envelopeId, payload),
    conversation,
    author: authorOf(teamId, payload.user.id, person, conversation.isDirect),
    receivedAt: ctx.receivedAt,
    text: commandLine,
    raw: payload,
  };
}

export function teamOfSubmission(payload: ViewSubmissionPayload): string {
  return payload.team?.id ?? payload.user.team_id ?? "";
}

export function teamOfAction(payload: BlockActionsPayload): string {
  return payload.team?.id ?? payload.user.team_id ?? "";
}

export interface MessageContext extends InboundContext {
  teamId: string;
  botUserId: string;
  /** Whether a word names a Talkoot command; a mention that starts with one runs it. */
  isCommand: (name: string) => boolean;
}

/**
 * A mention of the bot or a DM to it. "@Talkoot task list" and, in a DM,
 * "task list" or "/task list" become the command "/task list"; anything else
 * becomes a plain message, which the core ignores. Undefined for what is not
 * a person talking (edits, joins, bots, the bot itself).
 */
export function messageEvent(
  event: SlackMessageEvent,
  person: SlackPerson,
  ctx: MessageContext,
): CommandEvent | MessageEvent | undefined {
  if (event.subtype !== undefined && event.subtype !== FILE_SHARE) return undefined;
  if (event.bot_id || !event.user || event.user === ctx.botUserId) return undefined;
  const file = fileOf(event);
  const raw = event.text ?? "";
  const direct = event.channel_type === "im" || isDirectChannel(event.channel);
  // The bot's mention, first ("@Talkoot help") or later ("hey @Talkoot help"): what follows it is said to the bot.
  const mention = new RegExp(`<@${ctx.botUserId}(?:\\|[^>]*)?>[\\s,:]*`);
  const found = mention.exec(raw);
  if (!found && !direct) return undefined;
  const leading = !found || raw.slice(0, found.index).trim() === "";
  const text = slackToNeutral(found ? raw.slice(found.index + found[0].length) : raw, ctx.teamId).trim();
  const conversation = conversationOf(ctx.teamId, event.channel, event.thread_ts);
  const base = {
    platform: SLACK,
    // One message can arrive as app_mention and as message.im; both name it by channel and ts.
    eventId: `message:${ctx.teamId}:${event.channel}:${event.ts}`,
    conversation,
    author: authorOf(ctx.teamId, event.user, person, conversation.isDirect),
    receivedAt: ctx.receivedAt,
    raw: event,
  };
  // A file with no words may answer a guided flow's photo question: never "/help".
  if (file && text === "") return { ...base, kind: "message", text, file };
  // "@Talkoot" alone asks what the bot can do; "thanks @Talkoot" is talk.
  const line = text === "" ? (leading ? "/help" : undefined) : addressedCommandLine(text, ctx.isCommand);
  if (line) return { ...base, kind: "command", text: line, ...(file ? { file } : {}) };
  return { ...base, kind: "message", text, ...(file ? { file } : {}) };
}

/**
 * The first file a message carries, as the core sees it. Slack keeps a
 * file as it was sent (no recompression), so it is a "document". A Slack
 * Connect file states no type or size until files.info is asked
 * (completeFile).
 */
export function fileOf(event: Pick<SlackMessageEvent, "files">): InboundFile | undefined {
  const file = event.files?.[0];
  if (!file?.id) return undefined;
  return { ref: file.id, mimeType: file.mimetype ?? "", size: file.size ?? 0, kind: "document" };
}

function conversationOf(teamId: string, channelId: string, threadTs?: string, channelName?: string): Conversation {
  const isDirect = isDirectChannel(channelId);
  // Slack names DMs "directmessage" and group DMs "privategroup": not titles.
  const title = channelName && !["directmessage", "privategroup"].includes(channelName) ? channelName : undefined;
  return {
    platform: SLACK,
    chatId: slackChatId(teamId, channelId),
    ...(threadTs ? { threadId: threadTs } : {}),
    isDirect,
    ...(title ? { title } : {}),
  };
}

function authorOf(teamId: string, userId: string, person: SlackPerson, isDirect: boolean): Author {
  return {
    id: slackIdentityId(teamId, userId),
    name: person.name,
    ...(person.handle ? { handle: person.handle } : {}),
    // In the bot's DM the person is the only human: like a private chat's owner.
    isChatAdmin: isDirect || person.isWorkspaceAdmin,
    ...(person.locale ? { locale: person.locale } : {}),
  };
}

/**
 * The de-duplication key: the payload's own id, else Socket Mode's envelope
 * id, else a digest of the payload (a retry repeats the payload exactly).
 */
export function stableId(
  kind: string,
  own: string | undefined,
  envelopeId: string | undefined,
  payload: object,
): string {
  if (own) return `${kind}:${own}`;
  if (envelopeId) return `${kind}:envelope:${envelopeId}`;
  return `${kind}:sha256:${createHash("sha256").update(JSON.stringify(payload)).digest("hex").slice(0, 32)}`;
}
