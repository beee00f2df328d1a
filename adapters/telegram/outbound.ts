// Neutral messages out to Telegram: sendMessage in HTML, edits, deletes,
// documents and native polls. Every failure leaves as a DeliveryError.
// A send's AbortSignal (the outbox lost its lease on the row) goes to every
// Bot API call, which grammY aborts (also while it waits in the throttle or
// between auto-retry's attempts), and no further part is sent once aborted.
import { type Api, InputFile } from "grammy";
import type { ForceReply, InlineKeyboardMarkup, InputPollOption } from "grammy/types";
import { DeliveryError, type Destination, type NativePollSpec } from "../../src/core/adapter.js";
import type { MessageRef } from "../../src/core/events.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import { TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from "./capabilities.js";
import { hasDescription, isNotModified, toDeliveryError } from "./delivery-errors.js";
import { PLATFORM, telegramNumber } from "./ids.js";
import { inlineKeyboardOf } from "./keyboard.js";
import type { PollChats } from "./poll-chats.js";
import { renderOnePage, renderPages } from "./render.js";
import { shorten } from "./text-length.js";

/** grammY types its calls' signal with its own shim; the platform's AbortSignal is what it uses at run time. */
type ApiSignal = Parameters<Api["sendMessage"]>[3];
const apiSignal = (signal: AbortSignal | undefined): ApiSignal => signal as ApiSignal;

/** Telegram's bounds for a native poll. */
const POLL_QUESTION_MAX = 300;
const POLL_OPTION_MAX = 100;
const POLL_OPTIONS = { min: 2, max: 10 };

interface Placement {
  chatId: number;
  message_thread_id?: number;
}

export interface OutboundDeps {
  api: Api;
  pollChats: PollChats;
  onPollNotRemembered?: (error: unknown, pollId: string) => void;
}

export class TelegramOutbound {
  constructor(private readonly deps: OutboundDeps) {}

  async send(to: Destination, message: RenderedMessage, signal?: AbortSignal): Promise<MessageRef[]> {
    const placement = placementOf(to);
    const keyboard = inlineKeyboardOf(message.buttons);
    const reply = replyParametersFor(to, message);
    if (message.attachment) return this.sendWithAttachment(to, placement, message, keyboard, reply, signal);
    // A question in a group opens the reply field for its person alone (privacy mode passes replies to the bot).
    // One message cannot carry both a ForceReply and buttons, so the buttons follow under the footer.
    if (message.askReply && placement.chatId < 0) {
      const forceReply = forceReplyOf(message.askReply.placeholder);
      const question = await this.sendPages(
        to,
        placement,
        { ...message, footer: undefined, buttons: undefined },
        {
          first: reply,
          last: { reply_markup: forceReply },
          signal,
        },
      );
      if (!keyboard) return question;
      const text = message.footer ?? message.askReply.placeholder;
      const buttons = await this.sendPages(to, placement, { text }, { last: { reply_markup: keyboard }, signal });
      return [...question, ...buttons];
    }
    return this.sendPages(to, placement, message, {
      first: reply,
      last: keyboard ? { reply_markup: keyboard } : {},
      signal,
    });
  }

  /** The message's pages, `first` options on the first one and `last` on the last. */
  private async sendPages(
    to: Destination,
    placement: Placement,
    message: RenderedMessage,
    options: { first?: ReplyOption; last: { reply_markup?: InlineKeyboardMarkup | ForceReply }; signal?: AbortSignal },
  ): Promise<MessageRef[]> {
    const { signal } = options;
    const pages = renderPages(message, { limit: TELEGRAM_TEXT_LIMIT });
    const refs: MessageRef[] = [];
    for (const [index, page] of pages.entries()) {
      signal?.throwIfAborted();
      const last = index === pages.length - 1;
      const sent = await this.call("sendMessage", () =>
        this.deps.api.sendMessage(
          placement.chatId,
          page.html,
          {
            parse_mode: "HTML",
            link_preview_options: { is_disabled: true },
            ...threadOf(placement),
            ...(index === 0 ? options.first : {}),
            ...(last ? options.last : {}),
          },
          apiSignal(signal),
        ),
      );
      refs.push(refOf(to, sent.message_id));
    }
    return refs;
  }

  async edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    const chatId = telegramNumber(ref.chatId);
    const messageId = Number(ref.messageId);
    // Without reply_markup Telegram removes the keyboard, which is right when the new version has no buttons.
    const keyboard = inlineKeyboardOf(message.buttons);
    const page = renderOnePage(message, { limit: TELEGRAM_TEXT_LIMIT });
    try {
      await this.deps.api.editMessageText(chatId, messageId, page.html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      if (isNotModified(error)) return;
      // A document's card is its caption.
      if (hasDescription(error, /no text in the message to edit/i)) return this.editCaption(chatId, messageId, message);
      throw toDeliveryError(error, "editMessageText");
    }
  }

  async delete(ref: MessageRef): Promise<void> {
    try {
      await this.deps.api.deleteMessage(telegramNumber(ref.chatId), Number(ref.messageId));
    } catch (error) {
      // Already gone is what we wanted.
      if (hasDescription(error, /message to delete not found/i)) return;
      throw toDeliveryError(error, "deleteMessage");
    }
  }

  async createPoll(to: Destination, poll: NativePollSpec): Promise<{ ref: MessageRef; nativePollId: string }> {
    const placement = placementOf(to);
    if (poll.options.length < POLL_OPTIONS.min || poll.options.length > POLL_OPTIONS.max) {
      throw new DeliveryError(
        `telegram: a native poll needs ${POLL_OPTIONS.min}-${POLL_OPTIONS.max} options, got ${poll.options.length}`,
        { permanent: true },
      );
    }
    const options: InputPollOption[] = poll.options.map((text) => ({ text: shorten(text, POLL_OPTION_MAX) }));
    const sent = await this.call("sendPoll", () =>
      this.deps.api.sendPoll(placement.chatId, shorten(poll.question, POLL_QUESTION_MAX), options, {
        // Only non-anonymous polls report who voted (poll_answer), and the core counts votes per person.
        is_anonymous: false,
        allows_multiple_answers: poll.multi,
        ...threadOf(placement),
      }),
    );
    const nativePollId = sent.poll.id;
    const title = "title" in sent.chat ? sent.chat.title : undefined;
    try {
      await this.deps.pollChats.remember(nativePollId, { chatId: to.chatId, threadId: to.threadId, title });
    } catch (error) {
      // The poll is out; failing now would make the outbox send a second one. Votes still map while this process runs.
      this.deps.onPollNotRemembered?.(error, nativePollId);
    }
    return { ref: refOf(to, sent.message_id), nativePollId };
  }

  async closePoll(ref: MessageRef, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    try {
      await this.deps.api.stopPoll(telegramNumber(ref.chatId), Number(ref.messageId), undefined, apiSignal(signal));
    } catch (error) {
      if (hasDescription(error, /poll has already been closed/i)) return;
      throw toDeliveryError(error, "stopPoll");
    }
  }

  /** A file with the card as its caption; a card too long for a caption goes first as its own message. */
  private async sendWithAttachment(
    to: Destination,
    placement: Placement,
    message: RenderedMessage,
    keyboard: InlineKeyboardMarkup | undefined,
    reply: ReplyOption,
    signal: AbortSignal | undefined,
  ): Promise<MessageRef[]> {
    const attachment = message.attachment!;
    const { attachment: _file, buttons: _buttons, ...card } = message;
    const refs: MessageRef[] = [];
    let caption: string | undefined;
    if (hasContent(card)) {
      const captionPages = renderPages(card, { limit: TELEGRAM_CAPTION_LIMIT });
      if (captionPages.length === 1) {
        caption = captionPages[0]!.html;
      } else {
        refs.push(...(await this.send(to, card, signal)));
      }
    }
    const file = new InputFile(Buffer.from(attachment.content, "utf8"), attachment.filename);
    signal?.throwIfAborted();
    const sent = await this.call("sendDocument", () =>
      this.deps.api.sendDocument(
        placement.chatId,
        file,
        {
          ...(caption ? { caption, parse_mode: "HTML" as const } : {}),
          ...threadOf(placement),
          ...(refs.length === 0 ? reply : {}),
          ...(keyboard ? { reply_markup: keyboard } : {}),
        },
        apiSignal(signal),
      ),
    );
    refs.push(refOf(to, sent.message_id));
    return refs;
  }

  private async editCaption(chatId: number, messageId: number, message: RenderedMessage): Promise<void> {
    const keyboard = inlineKeyboardOf(message.buttons);
    const page = renderOnePage(message, { limit: TELEGRAM_CAPTION_LIMIT });
    try {
      await this.deps.api.editMessageCaption(chatId, messageId, {
        caption: page.html,
        parse_mode: "HTML",
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      if (isNotModified(error)) return;
      throw toDeliveryError(error, "editMessageCaption");
    }
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw toDeliveryError(error, what);
    }
  }
}

type ReplyOption = { reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } };

/** A reply quotes the message it answers, when that message is in the same chat; if it is gone, send anyway. */
function replyParametersFor(to: Destination, message: RenderedMessage): ReplyOption {
  const target = message.replyTo;
  if (!target || target.platform !== PLATFORM || target.chatId !== to.chatId) return {};
  return { reply_parameters: { message_id: Number(target.messageId), allow_sending_without_reply: true } };
}

/** Telegram's placeholder takes 1-64 characters. */
const PLACEHOLDER_MAX = 64;

/** Selective: only the person the question mentions, and the sender of the message it quotes, get the reply field. */
function forceReplyOf(placeholder: string): ForceReply {
  const shown = placeholder.trim() === "" ? {} : { input_field_placeholder: shorten(placeholder, PLACEHOLDER_MAX) };
  return { force_reply: true, selective: true, ...shown };
}

function placementOf(to: Destination): Placement {
  if (to.platform !== PLATFORM) throw new Error(`telegram adapter asked to send to ${to.platform}`);
  const placement: Placement = { chatId: telegramNumber(to.chatId) };
  if (to.threadId && /^\d+$/.test(to.threadId)) placement.message_thread_id = Number(to.threadId);
  return placement;
}

function threadOf(placement: Placement): { message_thread_id?: number } {
  return placement.message_thread_id === undefined ? {} : { message_thread_id: placement.message_thread_id };
}

function refOf(to: Destination, messageId: number): MessageRef {
  const ref: MessageRef = { platform: PLATFORM, chatId: to.chatId, messageId: String(messageId) };
  if (to.threadId) ref.threadId = to.threadId;
  return ref;
}

function hasContent(message: RenderedMessage): boolean {
  return Boolean(
    message.title ||
      message.text ||
      message.fields?.length ||
      message.code ||
      message.footer ||
      message.mention ||
      message.mentions?.length,
  );
}
