// An in-memory chat platform for tests: a second adapter beside the console,
// with capabilities a test can turn off to exercise the core's fallbacks.
import { randomBytes } from "node:crypto";
import {
  type Capabilities,
  type ChatAdapter,
  DeliveryError,
  type Destination,
  type DownloadedFile,
} from "../../src/core/adapter.js";
import type {
  EventOutcome,
  EventSink,
  InboundEvent,
  InboundFile,
  MessageRef,
  SharedPlace,
} from "../../src/core/events.js";
import type { RenderedMessage } from "../../src/core/messages.js";

export interface MemoryMessage {
  id: string;
  chatId: string;
  message: RenderedMessage;
  edits: number;
}

export const MEMORY_CAPABILITIES: Capabilities = {
  buttons: true,
  nativePolls: false,
  editMessage: true,
  threads: false,
  ephemeral: true,
  directMessages: true,
  files: true,
  maxTextLength: 4000,
  ackDeadlineMs: 3000,
};

export class MemoryAdapter implements ChatAdapter {
  readonly capabilities: Capabilities;
  readonly sent: MemoryMessage[] = [];
  private sink: EventSink | undefined;
  private sequence = 0;
  private events = 0;
  /** Event ids are unique per platform, across instances, as real platforms' are. */
  private readonly instance = randomBytes(4).toString("hex");
  private lastEvent: InboundEvent | undefined;
  private readonly refusals: DeliveryError[] = [];
  private readonly editRefusals: DeliveryError[] = [];
  edit?: ChatAdapter["edit"];
  openDirect?: ChatAdapter["openDirect"];
  sendEphemeral?: ChatAdapter["sendEphemeral"];

  constructor(
    readonly platform = "memory",
    capabilities: Partial<Capabilities> = {},
  ) {
    this.capabilities = { ...MEMORY_CAPABILITIES, ...capabilities };
    if (this.capabilities.editMessage) this.edit = (ref, message) => this.doEdit(ref, message);
    // Kept in the chat's list, marked with `ephemeralFor`: only that person sees it.
    if (this.capabilities.ephemeral) {
      this.sendEphemeral = (to, identityId, message) => this.send(to, { ...message, ephemeralFor: identityId });
    }
    if (this.capabilities.directMessages) {
      this.openDirect = async (identityId) => ({
        platform: this.platform,
        chatId: `${this.platform}:dm:${identityId.split(":").pop()}`,
      });
    }
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  isReady(): boolean {
    return this.sink !== undefined;
  }

  /** The next sends fail, one refusal each, as a platform that is rate limiting or down does. */
  refuseNextSends(...refusals: DeliveryError[]): void {
    this.refusals.push(...refusals);
  }

  /** The next edits fail, one refusal each. */
  refuseNextEdits(...refusals: DeliveryError[]): void {
    this.editRefusals.push(...refusals);
  }

  async send(to: Destination, message: RenderedMessage): Promise<MessageRef[]> {
    const refusal = this.refusals.shift();
    if (refusal) throw refusal;
    this.checkButtons(message);
    const id = String(++this.sequence);
    this.sent.push({ id, chatId: to.chatId, message, edits: 0 });
    return [{ platform: this.platform, chatId: to.chatId, messageId: id }];
  }

  /** Refuses a keyboard its declared layout cannot show, as a platform would. */
  private checkButtons(message: RenderedMessage): void {
    const layout = this.capabilities.buttonLayout;
    const rows = message.buttons ?? [];
    if (!layout) return;
    if (rows.length > layout.rows) throw new Error(`${rows.length} rows of buttons; at most ${layout.rows}`);
    for (const row of rows) {
      if (row.length > layout.perRow) throw new Error(`${row.length} buttons in a row; at most ${layout.perRow}`);
      for (const b of row) if ([...b.label].length > layout.labelLength) throw new Error(`label too long: ${b.label}`);
    }
  }

  private async doEdit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    const refusal = this.editRefusals.shift();
    if (refusal) throw refusal;
    this.checkButtons(message);
    const found = this.sent.find((m) => m.id === ref.messageId && m.chatId === ref.chatId);
    // As the platforms answer an edit of a message they do not have: a lasting refusal.
    if (!found) throw new DeliveryError(`no message ${ref.messageId}`, { permanent: true });
    found.message = message;
    found.edits++;
  }

  /** The chat id this platform would give a chat called `name`. */
  chatId(name: string): string {
    return `${this.platform}:${name}`;
  }

  command(
    chat: string,
    user: string,
    text: string,
    opts: { admin?: boolean; spokenText?: string; file?: InboundFile } = {},
  ): Promise<EventOutcome> {
    const spoken = opts.spokenText === undefined ? {} : { spokenText: opts.spokenText };
    return this.deliver({
      kind: "command",
      text,
      ...spoken,
      ...(opts.file ? { file: opts.file } : {}),
      ...this.base(chat, user, opts.admin ?? false),
    });
  }

  /**
   * Plain words said to the bot (a direct chat, a mention, a reply to it), or
   * a file sent so, `text` its caption; `repliesTo`: the id of the message
   * they reply to.
   */
  message(
    chat: string,
    user: string,
    text: string,
    opts: { file?: InboundFile; repliesTo?: string } = {},
  ): Promise<EventOutcome> {
    return this.deliver({
      kind: "message",
      text,
      ...(opts.file ? { file: opts.file } : {}),
      ...this.base(chat, user, false),
      ...this.reply(chat, opts.repliesTo),
    });
  }

  /** A person shares a location (or a venue) in `chat`, perhaps as a reply to the message `repliesTo`. */
  shareLocation(
    chat: string,
    user: string,
    place: SharedPlace,
    opts: { repliesTo?: string } = {},
  ): Promise<EventOutcome> {
    return this.deliver({
      kind: "location",
      place,
      ...this.base(chat, user, false),
      ...this.reply(chat, opts.repliesTo),
    });
  }

  private reply(chat: string, messageId: string | undefined): { repliesTo?: MessageRef } {
    return messageId === undefined
      ? {}
      : { repliesTo: { platform: this.platform, chatId: this.chatId(chat), messageId } };
  }

  /** Files people "sent", by reference: what downloadFile serves. */
  readonly files = new Map<string, Uint8Array>();

  /** Keeps `bytes` as a sent file and returns its reference, as a platform would. */
  addFile(bytes: Uint8Array, mimeType: string, kind: InboundFile["kind"] = "photo"): InboundFile {
    const ref = `${this.platform}-file-${this.files.size + 1}`;
    this.files.set(ref, bytes);
    return { ref, mimeType, size: bytes.length, kind };
  }

  async downloadFile(ref: string, maxBytes: number): Promise<DownloadedFile> {
    const bytes = this.files.get(ref);
    if (!bytes) throw new Error(`no file ${ref}`);
    if (bytes.length > maxBytes) throw new Error(`file ${ref} is larger than ${maxBytes} bytes`);
    return { bytes };
  }

  /** Press the button labelled `label` on the newest message in `chat` that has it. */
  press(chat: string, user: string, label: string): Promise<EventOutcome> {
    const carrier = [...this.sent]
      .reverse()
      .find((m) => m.chatId === this.chatId(chat) && m.message.buttons?.flat().some((b) => b.label === label));
    const button = carrier?.message.buttons?.flat().find((b) => b.label === label);
    if (!carrier || !button) throw new Error(`no button "${label}" in ${chat}`);
    return this.deliver({
      kind: "action",
      actionId: button.actionId,
      message: { platform: this.platform, chatId: carrier.chatId, messageId: carrier.id },
      ...this.base(chat, user, false),
    });
  }

  /** A press of the button that carries `actionId`, as the platform would deliver it from `chat`. */
  pressId(chat: string, user: string, actionId: string): Promise<EventOutcome> {
    return this.deliver({ kind: "action", actionId, ...this.base(chat, user, false) });
  }

  redeliverLast(): Promise<EventOutcome> {
    if (!this.lastEvent) throw new Error("nothing delivered yet");
    return this.sink!.handle(this.lastEvent);
  }

  messagesIn(chat: string): MemoryMessage[] {
    return this.sent.filter((m) => m.chatId === this.chatId(chat));
  }

  lastText(chat: string): string {
    const last = this.messagesIn(chat).at(-1);
    return last ? [last.message.title, last.message.text].filter(Boolean).join("\n") : "";
  }

  private deliver(event: InboundEvent): Promise<EventOutcome> {
    if (!this.sink) throw new Error("adapter not started");
    this.lastEvent = event;
    return this.sink.handle(event);
  }

  private base(chat: string, user: string, admin: boolean) {
    const isDirect = chat.startsWith("dm:");
    return {
      platform: this.platform,
      eventId: `${this.instance}-${++this.events}`,
      conversation: { platform: this.platform, chatId: this.chatId(chat), isDirect, title: chat },
      author: { id: `${this.platform}:${user}`, name: user, handle: user, isChatAdmin: admin || isDirect },
      receivedAt: new Date(),
    };
  }
}
