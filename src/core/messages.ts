// The neutral outbound message. Text is plain: adapters escape all of it for
// their markup, so user text can never inject formatting or pings.
import type { MessageRef } from "./events.js";

export type ButtonStyle = "primary" | "danger" | "default";

/** A button as the domain asks for it: an action name and its arguments. */
export interface Button {
  label: string;
  action: string;
  args: string[];
  style?: ButtonStyle;
}

/** A button once the core has stored its action: `actionId` is what the platform carries. */
export interface RenderedButton {
  label: string;
  actionId: string;
  style: ButtonStyle;
}

export interface Field {
  label: string;
  value: string;
}

export interface Attachment {
  filename: string;
  mimeType: string;
  content: string;
}

/** Someone to notify by name, rendered as the platform's own mention. */
export interface Mention {
  identityId: string;
  name: string;
}

export interface OutboundMessage {
  title?: string;
  text: string;
  fields?: Field[];
  /** Small print under the card. */
  footer?: string;
  /** Rows of buttons. */
  buttons?: Button[][];
  /** Shown only to this identity (fallbacks: a DM, then the chat). */
  ephemeralFor?: string;
  /** Answer to this message (threads, reply quotes). */
  replyTo?: MessageRef;
  /** Preformatted text, shown as a code block. */
  code?: string;
  /** A file, such as a CSV report (fallback: a code block). */
  attachment?: Attachment;
  /** Prefix the message with a mention of this person. */
  mention?: Mention;
  /**
   * The message asks the person it answers (or mentions) to type a reply.
   * Where the platform can open the reply field for that person alone, it
   * does (Telegram's selective force_reply, with the placeholder in the
   * field); elsewhere it is a plain message.
   */
  askReply?: {
    placeholder: string;
    /**
     * How to answer where the bot hears only messages that mention it (a
     * Slack or Discord channel): those platforms show it under the message.
     */
    byMention?: string;
  };
  /** Prefix it with mentions of several people: one group message about one event, not one per person. */
  mentions?: Mention[];
}

/** The message with its askReply's mention hint added to its footer (see askReply.byMention). */
export function withMentionHint<M extends Pick<OutboundMessage, "footer" | "askReply">>(message: M): M {
  const hint = message.askReply?.byMention;
  if (!hint) return message;
  return { ...message, footer: message.footer ? `${message.footer}\n${hint}` : hint };
}

/** Everyone a message mentions, in order: `mention` first, then `mentions`. */
export function mentionsOf(message: Pick<OutboundMessage, "mention" | "mentions">): Mention[] {
  return [...(message.mention ? [message.mention] : []), ...(message.mentions ?? [])];
}

/** What adapters receive: the message with buttons resolved to stored action ids. */
export interface RenderedMessage extends Omit<OutboundMessage, "buttons"> {
  buttons?: RenderedButton[][];
}
