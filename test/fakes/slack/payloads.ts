// Inbound payloads shaped as Slack sends them, used both for Socket Mode
// envelopes and for signed HTTP requests. Slash commands are flat string
// fields (a form over HTTP, the same fields as JSON over Socket Mode);
// interactivity is one JSON object (form field `payload` over HTTP);
// events are event_callback wrappers.

import { eventId as newEventId, shortRandomId } from "./ids.js";
import { richTextFromTyped } from "./mrkdwn.js";
import type { FakeChannel, FakeUser, JsonObject, StoredMessage } from "./types.js";
import type { Workspace } from "./workspace.js";

function channelName(ch: FakeChannel | undefined, fallback: string): string {
  if (!ch) return fallback;
  if (ch.isIm) return "directmessage";
  if (ch.isMpim) return "privategroup";
  return ch.name;
}

function userOf(ws: Workspace, id: string): FakeUser {
  return (
    ws.users.get(id) ?? {
      id,
      name: id,
      realName: id,
      displayName: id,
      isAdmin: false,
      isOwner: false,
      isBot: false,
      deleted: false,
      tz: "UTC",
      locale: "en-US",
    }
  );
}

export interface SlashCommandInput {
  command: string;
  text?: string;
  userId: string;
  channelId: string;
}

/** The fields of a slash command request (all strings, as Slack sends them). */
export function slashCommandPayload(
  ws: Workspace,
  a: SlashCommandInput & { responseUrl: string; triggerId: string },
): Record<string, string> {
  const t = ws.team;
  return {
    token: t.verificationToken,
    team_id: t.teamId,
    team_domain: t.teamDomain,
    channel_id: a.channelId,
    channel_name: channelName(ws.channels.get(a.channelId), a.channelId),
    user_id: a.userId,
    user_name: userOf(ws, a.userId).name,
    command: a.command,
    text: a.text ?? "",
    api_app_id: t.appId,
    is_enterprise_install: "false",
    response_url: a.responseUrl,
    trigger_id: a.triggerId,
  };
}

export interface BlockActionInput {
  message: StoredMessage;
  userId: string;
  button: JsonObject;
  blockId: string;
  responseUrl: string;
  triggerId: string;
  actionTs: string;
}

/** A block_actions interaction for a button in a stored (non-ephemeral) message. */
export function blockActionsPayload(ws: Workspace, a: BlockActionInput): JsonObject {
  const t = ws.team;
  const u = userOf(ws, a.userId);
  const ch = ws.channels.get(a.message.channel);
  const container: JsonObject = {
    type: "message",
    message_ts: a.message.ts,
    channel_id: a.message.channel,
    is_ephemeral: false,
  };
  if (a.message.thread_ts !== undefined) container.thread_ts = a.message.thread_ts;
  const action: JsonObject = {
    action_id: typeof a.button.action_id === "string" ? a.button.action_id : "",
    block_id: a.blockId,
    text: a.button.text ?? { type: "plain_text", text: "", emoji: true },
    type: "button",
    action_ts: a.actionTs,
  };
  if (a.button.value !== undefined) action.value = a.button.value;
  if (a.button.style !== undefined) action.style = a.button.style;
  if (a.button.url !== undefined) action.url = a.button.url;
  return {
    type: "block_actions",
    user: { id: u.id, username: u.name, name: u.name, team_id: t.teamId },
    api_app_id: t.appId,
    token: t.verificationToken,
    container,
    trigger_id: a.triggerId,
    team: { id: t.teamId, domain: t.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: a.message.channel, name: channelName(ch, a.message.channel) },
    message: ws.slackMessage(a.message),
    state: { values: {} },
    response_url: a.responseUrl,
    actions: [action],
  };
}

/** The event_callback wrapper around one event. */
export function eventCallback(ws: Workspace, event: JsonObject, eventId = newEventId()): JsonObject {
  const t = ws.team;
  const context = Buffer.from(
    JSON.stringify({ tid: t.teamId, aid: t.appId, cid: typeof event.channel === "string" ? event.channel : "" }),
  ).toString("base64url");
  return {
    token: t.verificationToken,
    team_id: t.teamId,
    context_team_id: t.teamId,
    context_enterprise_id: null,
    api_app_id: t.appId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { enterprise_id: null, team_id: t.teamId, user_id: t.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${context}`,
  };
}

/** The fields every event about a message a person typed carries (already stored). */
function typedMessageFields(ws: Workspace, msg: StoredMessage, clientMsgId: string, type: string): JsonObject {
  const event: JsonObject = {
    user: msg.user ?? "",
    type,
    ts: msg.ts,
    client_msg_id: clientMsgId,
    text: msg.text,
    team: ws.team.teamId,
    blocks: msg.blocks ?? [richTextFromTyped(msg.text, shortRandomId())],
    channel: msg.channel,
    event_ts: msg.ts,
  };
  if (msg.thread_ts !== undefined) event.thread_ts = msg.thread_ts;
  return event;
}

/** The app_mention event for a message a person typed (already stored). */
export function appMentionEvent(ws: Workspace, msg: StoredMessage, clientMsgId: string): JsonObject {
  const event = typedMessageFields(ws, msg, clientMsgId, "app_mention");
  // A mention with files attached carries them as the message does.
  if (msg.files !== undefined) event.files = msg.files;
  return event;
}

/**
 * The message event (message.im) for a message a person typed in their DM
 * with the bot (already stored); with files attached it is subtype
 * file_share and carries them, `upload: true`.
 */
export function directMessageEvent(ws: Workspace, msg: StoredMessage, clientMsgId: string): JsonObject {
  const event = { ...typedMessageFields(ws, msg, clientMsgId, "message"), channel_type: "im" };
  if (msg.files !== undefined) {
    Object.assign(event, { subtype: "file_share", files: msg.files, upload: true, display_as_bot: false });
  }
  return event;
}

/** A view_submission: the person pressed Submit on a modal the app opened. */
export function viewSubmissionPayload(
  ws: Workspace,
  a: { view: JsonObject; userId: string; values: JsonObject; triggerId: string },
): JsonObject {
  const t = ws.team;
  const u = userOf(ws, a.userId);
  return {
    type: "view_submission",
    team: { id: t.teamId, domain: t.teamDomain },
    user: { id: u.id, username: u.name, name: u.name, team_id: t.teamId },
    api_app_id: t.appId,
    token: t.verificationToken,
    trigger_id: a.triggerId,
    view: { ...a.view, state: { values: a.values } },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
