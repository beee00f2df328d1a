// Sends neutral messages through the right adapter, applying the core's
// fallbacks where a platform lacks a capability:
//   no buttons   -> each button as a `/press <id>` line (that works only in
//                   the chat it went to: ids are stored per chat, ActionStore)
//   no files     -> the file as a code block
//   no ephemeral -> a direct message, else the chat with a mention
//                   (secrets never take that last step: see privateChannel)
//   no edit      -> a new message
//   long text    -> split at the platform's limit, buttons on the last part
// Every text is made safe here (no pings, no bidi tricks: user-text.ts), once, for every platform.
import {
  type ChatAdapter,
  DEFAULT_TOAST_LENGTH,
  DeliveryError,
  type Destination,
  destinationOf,
  type SendContext,
  type SendRateRule,
} from "./adapter.js";
import { stripBidiControls } from "./bidi-controls.js";
import { packButtons } from "./button-layout.js";
import { partKey } from "./delivery-key.js";
import type { Conversation, MessageRef } from "./events.js";
import type { Button, OutboundMessage, RenderedButton, RenderedMessage } from "./messages.js";
import type { ActionStore, Directory } from "./ports.js";
import { splitText } from "./text-split.js";
import { safeUserText } from "./user-text.js";

export class AdapterRegistry {
  private readonly byPlatform = new Map<string, ChatAdapter>();

  register(adapter: ChatAdapter): void {
    this.byPlatform.set(adapter.platform, adapter);
  }

  get(platform: string): ChatAdapter {
    const adapter = this.byPlatform.get(platform);
    if (!adapter) throw new Error(`no adapter for platform ${platform}`);
    return adapter;
  }

  has(platform: string): boolean {
    return this.byPlatform.has(platform);
  }

  all(): ChatAdapter[] {
    return [...this.byPlatform.values()];
  }
}

/** A way to give one person something that only they see. */
export interface PrivateChannel {
  send(message: OutboundMessage): Promise<MessageRef[]>;
}

/** Room kept for the title, fields and footer when splitting long text. */
const CARD_OVERHEAD = 600;

/**
 * The longest a send may wait in an SDK's queue for the platform's pace. One
 * that would wait longer is kept in the outbox until it can go (a direct reply
 * is queued there, an outbox row deferred), so nothing holds an event or a
 * dispatch round for seconds.
 */
export const LONGEST_PACE_WAIT_MS = 250;

export class Delivery {
  constructor(
    private readonly adapters: AdapterRegistry,
    private readonly actions: ActionStore,
    private readonly directory: Directory,
  ) {}

  async send(to: Destination, message: OutboundMessage, context?: SendContext): Promise<MessageRef[]> {
    const adapter = this.adapters.get(to.platform);
    if (message.ephemeralFor) {
      const { ephemeralFor: identityId, ...rest } = message;
      if (acceptsEphemeral(adapter, to, identityId, context)) {
        return this.sendEphemeral(adapter, to, identityId, rest, context);
      }
      if (!adapter.capabilities.ephemeral || adapter.sendEphemeral) {
        return this.sendPrivatelyFallback(adapter, to, message, context);
      }
    }
    const rendered = await this.render(adapter, message, to.chatId);
    const parts = this.split(adapter, rendered);
    const refs: MessageRef[] = [];
    for (const [index, part] of parts.entries()) {
      context?.signal?.throwIfAborted();
      try {
        refs.push(...(await adapter.send(to, part, partContext(context, index))));
      } catch (error) {
        // The parts before this one are posted: the next attempt must look for them, not post them again.
        if (index > 0 && error instanceof DeliveryError && !error.mayHaveLanded) {
          throw new DeliveryError(error.message, { ...error.options, mayHaveLanded: true });
        }
        throw error;
      }
    }
    return refs;
  }

  /**
   * Where something only `identityId` may see (a link code, an API key) can
   * go from `from`: the conversation itself if it is their direct chat, an
   * ephemeral message, or their direct chat. Null when there is no such
   * place; never the chat with a mention. Asked before the secret is made.
   */
  async privateChannel(from: Conversation, identityId: string, context?: SendContext): Promise<PrivateChannel | null> {
    const here = destinationOf(from);
    if (from.isDirect) return { send: (message) => this.send(here, message, context) };
    const adapter = this.adapters.get(from.platform);
    if (acceptsEphemeral(adapter, here, identityId, context)) {
      return { send: (message) => this.sendEphemeral(adapter, here, identityId, message, context) };
    }
    const direct = await this.directDestination(adapter, identityId);
    if (direct) return { send: (message) => this.send(direct, message) };
    return null;
  }

  /**
   * The person's direct chat with the bot (this conversation when it is one),
   * for what must arrive whole and stay theirs, such as a file: unlike
   * privateChannel, never an ephemeral message, which cannot carry a file.
   */
  async directChannel(from: Conversation, identityId: string): Promise<PrivateChannel | null> {
    if (from.isDirect) return { send: (message) => this.send(destinationOf(from), message) };
    const direct = await this.directDestination(this.adapters.get(from.platform), identityId);
    return direct ? { send: (message) => this.send(direct, message) } : null;
  }

  /** Whether the platform can link a person to their direct chat with a payload (see directChatLink). */
  offersDirectChatLink(platform: string): boolean {
    return typeof this.adapters.get(platform).directChatLink === "function";
  }

  /** A link that opens the person's direct chat with the bot and sends `/start <payload>`, where the platform has one. */
  directChatLink(platform: string, payload: string): string | undefined {
    return this.adapters.get(platform).directChatLink?.(payload);
  }

  /** Stops the platform's own poll in a sent message; nothing where the platform has no native polls. */
  async closePoll(ref: MessageRef, context?: SendContext): Promise<void> {
    context?.signal?.throwIfAborted();
    await this.adapters.get(ref.platform).closePoll?.(ref, context);
  }

  /** Edits a sent message; where the platform cannot edit, sends the new version. */
  async edit(ref: MessageRef, message: OutboundMessage): Promise<MessageRef[]> {
    const adapter = this.adapters.get(ref.platform);
    if (!adapter.edit || !adapter.capabilities.editMessage) {
      return this.send({ platform: ref.platform, chatId: ref.chatId, threadId: ref.threadId }, message);
    }
    const rendered = await this.render(adapter, message, ref.chatId);
    // An edit replaces one message: a card is never near the limit, but if it
    // were, it is shortened visibly rather than split.
    const room = Math.max(
      adapter.capabilities.maxTextLength - CARD_OVERHEAD,
      Math.floor(adapter.capabilities.maxTextLength / 2),
    );
    if (rendered.text.length > room) rendered.text = `${rendered.text.slice(0, room - 1)}…`;
    await adapter.edit(ref, rendered);
    return [ref];
  }

  /** The longest toast a platform shows (the core's default when it does not say). */
  toastLengthOf(platform: string): number {
    const declared = this.adapters.has(platform) ? this.adapters.get(platform).capabilities.toastLength : undefined;
    return declared ?? DEFAULT_TOAST_LENGTH;
  }

  /** The send limits the platform's adapter declares for one chat (the outbox keeps to them). */
  sendLimitsFor(platform: string, chatId: string): SendRateRule[] {
    if (!this.adapters.has(platform)) return [];
    return this.adapters.get(platform).sendLimits?.(chatId) ?? [];
  }

  /**
   * How long a send to this chat (without one: to any chat) would now wait
   * for the platform's pace in this process; 0 when the adapter does not say.
   */
  sendDelayMs(platform: string, chatId?: string): number {
    if (!this.adapters.has(platform)) return 0;
    return this.adapters.get(platform).sendDelayMs?.(chatId) ?? 0;
  }

  /** The platforms it sends to. */
  platforms(): string[] {
    return this.adapters.all().map((adapter) => adapter.platform);
  }

  private async sendPrivatelyFallback(
    adapter: ChatAdapter,
    to: Destination,
    message: OutboundMessage,
    context?: SendContext,
  ): Promise<MessageRef[]> {
    const identityId = message.ephemeralFor!;
    const { ephemeralFor: _drop, ...rest } = message;
    const direct = await this.directDestination(adapter, identityId);
    // Another chat: the event's context stays behind, the message's identity goes along.
    if (direct && direct.chatId !== to.chatId) return this.send(direct, rest, keyOnly(context));
    if (direct) return this.send(to, rest, context);
    const name = (await this.directory.nameOf(identityId)) ?? "";
    return this.send(to, { ...rest, mention: { identityId, name } }, context);
  }

  private async sendEphemeral(
    adapter: ChatAdapter,
    to: Destination,
    identityId: string,
    message: OutboundMessage,
    context?: SendContext,
  ): Promise<MessageRef[]> {
    const parts = this.split(adapter, await this.render(adapter, message, to.chatId));
    const refs: MessageRef[] = [];
    for (const part of parts) refs.push(...(await adapter.sendEphemeral!(to, identityId, part, context)));
    return refs;
  }

  private async directDestination(adapter: ChatAdapter, identityId: string): Promise<Destination | null> {
    if (!adapter.capabilities.directMessages || !adapter.openDirect) return null;
    const known = await this.directory.directChatOf(identityId);
    if (known) return { platform: adapter.platform, chatId: known };
    const opened = await adapter.openDirect(identityId);
    if (opened) await this.directory.rememberDirectChat(identityId, opened.chatId);
    return opened;
  }

  /** `chatId` is where the message goes: its buttons work only there (see ActionStore). */
  private async render(adapter: ChatAdapter, message: OutboundMessage, chatId: string): Promise<RenderedMessage> {
    const { buttons, ...rest } = message;
    const rendered: RenderedMessage = {
      ...rest,
      text: safeUserText(rest.text),
      title: rest.title === undefined ? undefined : safeUserText(rest.title),
      footer: rest.footer === undefined ? undefined : safeUserText(rest.footer),
      code: rest.code === undefined ? undefined : safeUserText(rest.code),
      fields: rest.fields?.map((f) => ({ label: safeUserText(f.label), value: safeUserText(f.value) })),
      mention: rest.mention && { ...rest.mention, name: safeUserText(rest.mention.name) },
      mentions: rest.mentions?.map((m) => ({ ...m, name: safeUserText(m.name) })),
      attachment: rest.attachment && { ...rest.attachment, content: stripBidiControls(rest.attachment.content) },
    };
    if (rendered.attachment && !adapter.capabilities.files) {
      rendered.code = safeUserText(rendered.attachment.content);
      delete rendered.attachment;
    }
    if (buttons?.length) {
      const wanted = buttons.map((row) => row.map((button) => ({ ...button, label: safeUserText(button.label) })));
      const { buttonLayout } = adapter.capabilities;
      const packed = !adapter.capabilities.buttons
        ? { rows: [], overflow: wanted.flat() }
        : buttonLayout
          ? packButtons(wanted, buttonLayout)
          : { rows: wanted, overflow: [] };
      // A real button and a typed `/press` line get different ids: each is accepted only the way it was shown.
      const stored = (button: Button, typed: boolean): Promise<RenderedButton> =>
        this.actions
          .store(button.action, button.args, { chatId, typed })
          .then((actionId) => ({ label: button.label, actionId, style: button.style ?? "default" }));
      // All at once: the store writes the ids asked for together in one statement.
      const [rows, overflow] = await Promise.all([
        Promise.all(packed.rows.map((row) => Promise.all(row.map((button) => stored(button, false))))),
        Promise.all(packed.overflow.map((button) => stored(button, true))),
      ]);
      if (rows.length) rendered.buttons = rows;
      if (overflow.length) {
        const lines = overflow.map((button) => `${button.label}: /press ${button.actionId}`);
        rendered.text = `${rendered.text}\n\n${lines.join("\n")}`;
      }
    }
    return rendered;
  }

  private split(adapter: ChatAdapter, message: RenderedMessage): RenderedMessage[] {
    const max = adapter.capabilities.maxTextLength;
    const room = Math.max(max - CARD_OVERHEAD, Math.floor(max / 2));
    if (message.text.length <= room) return [message];
    const chunks = splitText(message.text, room);
    return chunks.map((text, index) => {
      const last = index === chunks.length - 1;
      if (last) return { ...message, text, title: undefined };
      return { text, title: index === 0 ? message.title : undefined, replyTo: message.replyTo };
    });
  }
}

/** The context for one part of a split message: each part has a key of its own. */
function partContext(context: SendContext | undefined, index: number): SendContext | undefined {
  if (!context?.delivery) return context;
  return { ...context, delivery: partKey(context.delivery, index) };
}

function keyOnly(context: SendContext | undefined): SendContext | undefined {
  return context?.delivery ? { delivery: context.delivery } : undefined;
}

function acceptsEphemeral(
  adapter: ChatAdapter,
  to: Destination,
  identityId: string,
  context: SendContext | undefined,
): boolean {
  if (!adapter.capabilities.ephemeral || !adapter.sendEphemeral) return false;
  return adapter.canSendEphemeral?.(to, identityId, context) ?? true;
}
