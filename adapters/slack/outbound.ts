// Neutral messages -> Slack Web API calls:
//   send            chat.postMessage (Block Kit card, text fallback), in a thread when asked
//   ephemeralFor    chat.postEphemeral to that person
//   attachment      files.uploadV2 into the same chat (and thread)
//   edit            chat.update
//   openDirect      conversations.open
//   toast           chat.postEphemeral to the presser
// Failures become DeliveryError (delivery-error.ts) for the outbox. A direct
// answer to a command that cannot be posted because the bot is not in the
// channel goes through the command's response_url instead.
//
// Posted once: chat.postMessage goes through a client that never retries by
// itself (a retry after a lost answer would post twice) and carries the
// send's delivery key as message metadata; a send that may have landed
// already looks for that key first (delivered-lookup.ts).
import type { webApi } from "@slack/bolt";
import { DeliveryError, type Destination, type SendContext } from "../../src/core/adapter.js";
import { mayAlreadyBeDelivered } from "../../src/core/delivery-key.js";
import type { MessageRef } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import { DeliveredLookup, deliveryMetadata } from "./delivered-lookup.js";
import { slackErrorName, toDeliveryError } from "./delivery-error.js";
import { parseSlackId, SLACK, slackChatId } from "./ids.js";
import { escapeMrkdwn } from "./mrkdwn.js";
import { renderCard, type SlackCard } from "./render.js";
import type { Respond, ResponseUrls } from "./response-urls.js";

/** The bot cannot post here, but a response_url could. */
const UNREACHABLE = new Set(["not_in_channel", "channel_not_found", "user_not_in_channel", "is_archived"]);
/** conversations.open cannot reach this person at all: the core falls back to the chat. */
const NO_DIRECT = new Set([
  "user_not_found",
  "user_disabled",
  "cannot_dm_bot",
  "not_allowed_token_type",
  "user_not_visible",
]);

export interface SlackOutboundDeps {
  /** For calls that are safe to repeat (edits, reads, opening a DM): it may retry briefly. */
  client: webApi.WebClient;
  /** For posting: it must not retry by itself; the outbox decides, under the message's key. */
  postClient: webApi.WebClient;
  responseUrls: ResponseUrls;
  logger: Logger;
}

export class SlackOutbound {
  private readonly lookup: DeliveredLookup;

  constructor(private readonly deps: SlackOutboundDeps) {
    this.lookup = new DeliveredLookup({ client: deps.client, logger: deps.logger });
  }

  /**
   * A send's AbortSignal (the outbox lost its lease on the row) is checked
   * before each Web API call: the WebClient takes no signal, so a call under
   * way finishes, but nothing after it starts.
   */
  async send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    const signal = context?.signal;
    signal?.throwIfAborted();
    const channel = channelOf(to.chatId);
    const respond = this.deps.responseUrls.get(context?.inReplyTo?.eventId);
    const card = renderCard(message);
    const threadTs =
      to.threadId ?? (message.replyTo ? (message.replyTo.threadId ?? message.replyTo.messageId) : undefined);
    if (message.ephemeralFor) {
      await this.sendEphemeral(channel, message.ephemeralFor, card, threadTs, respond);
      return [];
    }
    const refs: MessageRef[] = [];
    if (!message.attachment || hasCardContent(message)) {
      const ts = await this.postOnce(channel, threadTs, card, context, respond);
      if (ts) {
        refs.push({ platform: SLACK, chatId: to.chatId, messageId: ts, ...(threadTs ? { threadId: threadTs } : {}) });
      }
    }
    if (message.attachment) {
      signal?.throwIfAborted();
      await this.upload(channel, message.attachment, threadTs);
    }
    return refs;
  }

  /**
   * The card's ts: the message an earlier attempt posted, found by its
   * delivery key when that attempt may have landed, else a new post;
   * undefined when it went through the response_url instead.
   */
  private async postOnce(
    channel: string,
    threadTs: string | undefined,
    card: SlackCard,
    context: SendContext | undefined,
    respond: Respond | undefined,
  ): Promise<string | undefined> {
    const delivery = context?.delivery;
    if (delivery && mayAlreadyBeDelivered(delivery)) {
      const found = await this.lookup.find(channel, threadTs, delivery);
      if (found) return found;
      context?.signal?.throwIfAborted();
    }
    try {
      const posted = await this.deps.postClient.chat.postMessage({
        channel,
        text: card.text,
        blocks: card.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        ...(delivery ? { metadata: deliveryMetadata(delivery.key) } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!posted.ts) throw new DeliveryError("slack: chat.postMessage returned no ts");
      return posted.ts;
    } catch (error) {
      if (await this.viaResponseUrl(respond, error, card, "in_channel")) return undefined;
      throw toDeliveryError("chat.postMessage", error);
    }
  }

  async edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    const card = renderCard({ ...message, attachment: undefined });
    try {
      await this.deps.client.chat.update({
        channel: channelOf(ref.chatId),
        ts: ref.messageId,
        text: card.text,
        blocks: card.blocks,
      });
    } catch (error) {
      throw toDeliveryError("chat.update", error);
    }
  }

  async openDirect(identityId: string): Promise<Destination | null> {
    const user = parseSlackId(identityId);
    if (!user) return null;
    try {
      const opened = await this.deps.client.conversations.open({ users: user.id });
      const id = opened.channel?.id;
      return id ? { platform: SLACK, chatId: slackChatId(user.teamId, id) } : null;
    } catch (error) {
      if (NO_DIRECT.has(slackErrorName(error) ?? "")) return null;
      throw toDeliveryError("conversations.open", error);
    }
  }

  /** A short line for the person who pressed a button; a lost toast is logged, never thrown. */
  async toast(chatId: string, userId: string, text: string, respond?: Respond): Promise<void> {
    const card: SlackCard = { text: escapeMrkdwn(text), blocks: [] };
    try {
      await this.deps.client.chat.postEphemeral({ channel: channelOf(chatId), user: userId, text: card.text });
    } catch (error) {
      if (await this.viaResponseUrl(respond, error, card, "ephemeral")) return;
      this.deps.logger.warn({ err: error, chatId }, "slack: could not show a button toast");
    }
  }

  private async sendEphemeral(
    channel: string,
    identityId: string,
    card: SlackCard,
    threadTs: string | undefined,
    respond: Respond | undefined,
  ): Promise<void> {
    const user = parseSlackId(identityId);
    if (!user) throw new DeliveryError(`slack: cannot show a message to ${identityId} privately`, { permanent: true });
    try {
      await this.deps.client.chat.postEphemeral({
        channel,
        user: user.id,
        text: card.text,
        blocks: card.blocks,
        ...(threadTs ? { thread_ts: threadTs } : {}),
      });
      return;
    } catch (error) {
      if (await this.viaResponseUrl(respond, error, card, "ephemeral")) return;
      if (!UNREACHABLE.has(slackErrorName(error) ?? "")) throw toDeliveryError("chat.postEphemeral", error);
      // Not in that channel: the person's DM with the bot is the next private place.
      const direct = await this.openDirect(identityId);
      if (!direct) throw toDeliveryError("chat.postEphemeral", error);
      try {
        await this.deps.postClient.chat.postMessage({
          channel: channelOf(direct.chatId),
          text: card.text,
          blocks: card.blocks,
        });
      } catch (dmError) {
        throw toDeliveryError("chat.postMessage", dmError);
      }
    }
  }

  private async upload(channel: string, attachment: NonNullable<RenderedMessage["attachment"]>, threadTs?: string) {
    try {
      const file = {
        file: Buffer.from(attachment.content, "utf8"),
        filename: attachment.filename,
        title: attachment.filename,
      };
      if (threadTs) await this.deps.client.filesUploadV2({ ...file, channel_id: channel, thread_ts: threadTs });
      else await this.deps.client.filesUploadV2({ ...file, channel_id: channel });
    } catch (error) {
      throw toDeliveryError("files.uploadV2", error);
    }
  }

  /** Answers through the event's response_url when the bot cannot post in that chat; true if it did. */
  private async viaResponseUrl(
    respond: Respond | undefined,
    error: unknown,
    card: SlackCard,
    responseType: "in_channel" | "ephemeral",
  ): Promise<boolean> {
    if (!respond || !UNREACHABLE.has(slackErrorName(error) ?? "")) return false;
    try {
      await respond({
        response_type: responseType,
        replace_original: false,
        text: card.text,
        ...(card.blocks.length ? { blocks: card.blocks } : {}),
      });
      return true;
    } catch (respondError) {
      this.deps.logger.warn({ err: respondError }, "slack: the response_url fallback failed too");
      return false;
    }
  }
}

function channelOf(chatId: string): string {
  const parsed = parseSlackId(chatId);
  if (!parsed) throw new DeliveryError(`slack: ${chatId} is not a Slack chat id`, { permanent: true });
  return parsed.id;
}

function hasCardContent(message: RenderedMessage): boolean {
  return Boolean(
    message.title?.trim() ||
      message.text.trim() ||
      message.fields?.length ||
      message.code ||
      message.footer?.trim() ||
      message.buttons?.length ||
      message.mention ||
      message.mentions?.length,
  );
}
