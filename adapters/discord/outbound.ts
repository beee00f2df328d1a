// The core's messages onto Discord through discord.js's REST client (which
// queues per route and waits out short rate limits by itself):
//   an answer to an interaction  -> through InteractionReplies, by token
//   anything else                -> POST /channels/{channel or thread}/messages
//   private, with no interaction -> the person's DM (Discord shows ephemeral
//                                   messages only as interaction answers)
//   edits, deletes, native polls, DMs opened with POST /users/@me/channels
// A post carries a nonce made from the send's delivery key with
// enforce_nonce (nonce.ts), so a retry never shows the message twice.
import { type APIMessage, type REST, Routes } from "discord.js";
import { DeliveryError, type Destination, type NativePollSpec, type SendContext } from "../../src/core/adapter.js";
import type { MessageRef } from "../../src/core/events.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import { DISCORD_POLL_MAX_ANSWERS, DISCORD_POLL_MAX_HOURS } from "./capabilities.js";
import { toDeliveryError } from "./delivery-errors.js";
import { chatIdOf, nativePollIdOf, PLATFORM, parseChatId, parseIdentityId, targetChannelOf } from "./ids.js";
import type { InteractionReplies } from "./interaction-replies.js";
import { deliveryNonce } from "./nonce.js";
import { type DiscordMessage, renderEdit, renderMessage } from "./render.js";

const POLL_QUESTION_MAX = 300;
const POLL_ANSWER_MAX = 55;

export interface DiscordOutboundOptions {
  rest: REST;
  replies: InteractionReplies;
}

export class DiscordOutbound {
  constructor(private readonly options: DiscordOutboundOptions) {}

  /**
   * A send's AbortSignal (the outbox lost its lease on the row) goes to each
   * REST call, which @discordjs/rest aborts (also while it waits in its
   * queue or between its retries), and no further part is posted once aborted.
   */
  async send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    const signal = context?.signal;
    signal?.throwIfAborted();
    const messages = renderMessage(message);
    const event = context?.inReplyTo;
    const private_ = message.ephemeralFor !== undefined;
    const { replies } = this.options;
    if (event && replies.has(event.eventId) && (!private_ || replies.isFrom(event.eventId, message.ephemeralFor!))) {
      const refs = await replies.answer(event.eventId, messages, private_);
      if (refs) return refs;
    }
    if (private_) {
      // Ephemeral needs an interaction; the person's DM is the private place left.
      const direct = await this.openDirect(message.ephemeralFor!);
      if (!direct)
        throw new DeliveryError(`discord: cannot reach ${message.ephemeralFor} privately`, { permanent: true });
      return this.post(direct.chatId, undefined, messages, signal, context?.delivery?.key);
    }
    return this.post(to.chatId, to.threadId, messages, signal, context?.delivery?.key);
  }

  /** Whether `identityId` can be shown something privately here: only as the answer to their own interaction. */
  canSendEphemeral(identityId: string, context?: SendContext): boolean {
    const event = context?.inReplyTo;
    return !!event && this.options.replies.has(event.eventId) && this.options.replies.isFrom(event.eventId, identityId);
  }

  /** An ephemeral answer to the person's own interaction (the core asks canSendEphemeral first). */
  async sendEphemeral(identityId: string, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    const event = context?.inReplyTo;
    if (event && this.canSendEphemeral(identityId, context)) {
      const refs = await this.options.replies.answer(event.eventId, renderMessage(message), true);
      if (refs) return refs;
    }
    throw new DeliveryError("discord: an ephemeral message needs the person's own interaction", { permanent: true });
  }

  async edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    const rendered = renderEdit(message);
    // A pressed button's own card: answered as the press itself, within its 3 s.
    if (await this.options.replies.updateSource(ref.messageId, rendered)) return;
    const channel = channelOf(ref.chatId, ref.threadId);
    try {
      await this.options.rest.patch(Routes.channelMessage(channel, ref.messageId), {
        body: rendered.body,
        files: rendered.files.length ? rendered.files : undefined,
      });
    } catch (error) {
      throw toDeliveryError(error, "message edit");
    }
  }

  async delete(ref: MessageRef): Promise<void> {
    try {
      await this.options.rest.delete(Routes.channelMessage(channelOf(ref.chatId, ref.threadId), ref.messageId));
    } catch (error) {
      throw toDeliveryError(error, "message delete");
    }
  }

  /**
   * Discord's own poll. It needs a duration: the hours until the poll closes
   * (rounded up), or Discord's longest when it has no closing time; Talkoot
   * expires it itself when it closes the poll.
   */
  async createPoll(to: Destination, poll: NativePollSpec): Promise<{ ref: MessageRef; nativePollId: string }> {
    if (poll.options.length < 1 || poll.options.length > DISCORD_POLL_MAX_ANSWERS) {
      throw new DeliveryError(`discord: a poll has 1-${DISCORD_POLL_MAX_ANSWERS} answers`, { permanent: true });
    }
    // Cutting an answer could change what people vote for: the core falls back to its buttons instead.
    if ([...poll.question].length > POLL_QUESTION_MAX || poll.options.some((o) => [...o].length > POLL_ANSWER_MAX)) {
      throw new DeliveryError(
        `discord: a poll's question has at most ${POLL_QUESTION_MAX} characters and each answer ${POLL_ANSWER_MAX}`,
        { permanent: true },
      );
    }
    const hours = poll.closesAt
      ? Math.ceil((poll.closesAt.getTime() - Date.now()) / 3_600_000)
      : DISCORD_POLL_MAX_HOURS;
    const body = {
      allowed_mentions: { parse: [] },
      poll: {
        question: { text: poll.question },
        answers: poll.options.map((text) => ({ poll_media: { text } })),
        duration: Math.min(DISCORD_POLL_MAX_HOURS, Math.max(1, hours)),
        allow_multiselect: poll.multi,
        layout_type: 1,
      },
    };
    const channel = channelOf(to.chatId, to.threadId);
    let sent: APIMessage;
    try {
      sent = (await this.options.rest.post(Routes.channelMessages(channel), { body })) as APIMessage;
    } catch (error) {
      throw toDeliveryError(error, "poll create");
    }
    return { ref: this.refOf(to.chatId, to.threadId, sent.id), nativePollId: nativePollIdOf(sent.id) };
  }

  async closePoll(ref: MessageRef, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    try {
      await this.options.rest.post(Routes.expirePoll(channelOf(ref.chatId, ref.threadId), ref.messageId), { signal });
    } catch (error) {
      throw toDeliveryError(error, "poll expire");
    }
  }

  async openDirect(identityId: string): Promise<Destination | null> {
    const userId = parseIdentityId(identityId);
    if (!userId) return null;
    try {
      const channel = (await this.options.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as {
        id: string;
      };
      return { platform: PLATFORM, chatId: chatIdOf(null, channel.id) };
    } catch (error) {
      throw toDeliveryError(error, "opening a DM");
    }
  }

  private async post(
    chatId: string,
    threadId: string | undefined,
    messages: DiscordMessage[],
    signal?: AbortSignal,
    deliveryKey?: string,
  ): Promise<MessageRef[]> {
    const channel = channelOf(chatId, threadId);
    const refs: MessageRef[] = [];
    for (const [part, message] of messages.entries()) {
      signal?.throwIfAborted();
      // A retry under the same key gets the message already posted back instead of a second one.
      const once = deliveryKey ? { nonce: deliveryNonce(deliveryKey, part), enforce_nonce: true } : {};
      try {
        const sent = (await this.options.rest.post(Routes.channelMessages(channel), {
          body: { ...message.body, ...once },
          files: message.files.length ? message.files : undefined,
          signal,
        })) as APIMessage;
        refs.push(this.refOf(chatId, threadId, sent.id));
      } catch (error) {
        throw toDeliveryError(error, "message send");
      }
    }
    return refs;
  }

  private refOf(chatId: string, threadId: string | undefined, messageId: string): MessageRef {
    return { platform: PLATFORM, chatId, messageId, ...(threadId ? { threadId } : {}) };
  }
}

function channelOf(chatId: string, threadId?: string): string {
  const channel = targetChannelOf(chatId, threadId);
  if (!channel || !parseChatId(chatId)) {
    throw new DeliveryError(`discord: ${chatId} is not a Discord chat id`, { permanent: true });
  }
  return channel;
}
