// The console adapter: Talkoot in a terminal, for local use and scenario
// tests. Lines starting with "/" are commands; ":" starts a meta-command
// (:as, :in, :admin, :press, :quit). Lines are handled one at a time, so the
// output reads in order; at end of input, pending work finishes first.
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { Capabilities, ChatAdapter, Destination } from "../../src/core/adapter.js";
import type { Conversation, EventSink, InboundEvent, MessageRef } from "../../src/core/events.js";
import type { RenderedButton, RenderedMessage } from "../../src/core/messages.js";
import { META_HELP, parseMetaCommand } from "./meta-command.js";
import { renderForConsole } from "./render.js";

export const CONSOLE_CAPABILITIES: Capabilities = {
  buttons: true,
  nativePolls: false,
  editMessage: true,
  threads: false,
  ephemeral: true,
  directMessages: true,
  files: true,
  maxTextLength: 100_000,
  ackDeadlineMs: 60_000,
};

export interface ConsoleAdapterOptions {
  input: Readable;
  output: Writable;
  /** Called once input ends (EOF or :quit) and every line's work is done. */
  onEnd?: () => void;
  now?: () => Date;
}

interface PrintedMessage {
  chatId: string;
  buttons: RenderedButton[];
}

export class ConsoleAdapter implements ChatAdapter {
  readonly platform = "console";
  readonly capabilities = CONSOLE_CAPABILITIES;

  private user = "you";
  private chat = "general";
  /** Per chat: who is its admin. The first to speak in a chat created it, as on real platforms. */
  private readonly chatAdmins = new Map<string, Set<string>>();
  private readonly printed = new Map<string, PrintedMessage>();
  private lastWithButtons: string | undefined;
  private lastEvent: InboundEvent | undefined;
  private sequence = 0;
  private eventSequence = 0;
  private readonly session = randomBytes(3).toString("hex");
  private ready = false;
  private reading: Promise<void> | undefined;
  private sink: EventSink | undefined;

  constructor(private readonly options: ConsoleAdapterOptions) {}

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    const lines = createInterface({ input: this.options.input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
    this.ready = true;
    this.reading = (async () => {
      for await (const raw of lines) {
        const line = raw.trim();
        if (!line) continue;
        if (!(await this.handleLine(line, sink))) break;
      }
      lines.close();
      this.ready = false;
      this.options.onEnd?.();
    })();
  }

  /** Handles one line as if typed, resolving when its work is done (scenario tests). */
  async feed(line: string): Promise<void> {
    if (!this.sink) throw new Error("console adapter not started");
    const trimmed = line.trim();
    if (trimmed) await this.handleLine(trimmed, this.sink);
  }

  /** Resolves when input has ended and the last line's work is done. */
  finished(): Promise<void> {
    return this.reading ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.ready = false;
  }

  isReady(): boolean {
    return this.ready;
  }

  async send(to: Destination, message: RenderedMessage): Promise<MessageRef[]> {
    const id = String(++this.sequence);
    const note = message.ephemeralFor ? `only ${message.ephemeralFor.replace(/^console:/, "")}` : undefined;
    this.print(renderForConsole(message, { where: this.label(to.chatId), note }));
    this.remember(id, to.chatId, message);
    return [{ platform: this.platform, chatId: to.chatId, messageId: id }];
  }

  /** Printed in the chat, marked "only <name>": the terminal's one reader is trusted. */
  sendEphemeral(to: Destination, identityId: string, message: RenderedMessage): Promise<MessageRef[]> {
    return this.send(to, { ...message, ephemeralFor: identityId });
  }

  async edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    this.print(renderForConsole(message, { where: this.label(ref.chatId), note: `edited #${ref.messageId}` }));
    this.remember(ref.messageId, ref.chatId, message);
  }

  async openDirect(identityId: string): Promise<Destination> {
    return { platform: this.platform, chatId: `console:@${identityId.replace(/^console:/, "")}` };
  }

  private async handleLine(line: string, sink: EventSink): Promise<boolean> {
    const meta = parseMetaCommand(line);
    if (!meta) {
      const outcome = await sink.handle(
        this.event(line.startsWith("/") ? { kind: "command", text: line } : { kind: "message", text: line }),
      );
      // Words the core took (an answer to a question it asked) need no hint.
      if (!line.startsWith("/") && outcome.status === "ignored") this.print("  (commands start with /; try /help)\n");
      return true;
    }
    switch (meta.meta) {
      case "as":
        this.user = meta.user;
        return true;
      case "in":
        this.chat = meta.chat;
        return true;
      case "admin":
        this.adminsOf(this.chat)[meta.on ? "add" : "delete"](this.user);
        return true;
      case "press":
        await this.press(meta.index, sink);
        return true;
      case "help":
        this.print(`${META_HELP}\n`);
        return true;
      case "redeliver":
        if (this.lastEvent) await sink.handle(this.lastEvent);
        return true;
      case "quit":
        return false;
      case "invalid":
        this.print(`  ${meta.reason}\n`);
        return true;
    }
  }

  private async press(index: number, sink: EventSink): Promise<void> {
    const messageId = this.lastWithButtons;
    const message = messageId ? this.printed.get(messageId) : undefined;
    const button = message?.buttons[index - 1];
    if (!messageId || !message || !button) {
      this.print(`  there is no button ${index} on the last message\n`);
      return;
    }
    const outcome = await sink.handle(
      this.event(
        {
          kind: "action",
          actionId: button.actionId,
          message: { platform: this.platform, chatId: message.chatId, messageId },
        },
        message.chatId,
      ),
    );
    if (outcome.toast) this.print(`  (${outcome.toast})\n`);
  }

  private event(
    body:
      | { kind: "command"; text: string }
      | { kind: "message"; text: string }
      | { kind: "action"; actionId: string; message: MessageRef },
    chatId = this.chatId(),
  ): InboundEvent {
    const conversation = this.conversation(chatId);
    const admins = this.adminsOf(chatId.replace(/^console:/, ""));
    if (admins.size === 0 && !conversation.isDirect) admins.add(this.user);
    this.lastEvent = {
      ...body,
      platform: this.platform,
      eventId: `${this.session}-${++this.eventSequence}`,
      conversation,
      author: {
        id: `console:${this.user}`,
        name: this.user,
        handle: this.user,
        isChatAdmin: conversation.isDirect || admins.has(this.user),
      },
      receivedAt: this.options.now?.() ?? new Date(),
    };
    return this.lastEvent;
  }

  private chatId(): string {
    return `console:${this.chat.startsWith("@") ? `@${this.user}` : this.chat}`;
  }

  private conversation(chatId: string): Conversation {
    const name = chatId.replace(/^console:/, "");
    return { platform: this.platform, chatId, isDirect: name.startsWith("@"), title: name };
  }

  private adminsOf(chat: string): Set<string> {
    let admins = this.chatAdmins.get(chat);
    if (!admins) {
      admins = new Set();
      this.chatAdmins.set(chat, admins);
    }
    return admins;
  }

  private label(chatId: string): string {
    const name = chatId.replace(/^console:/, "");
    return name.startsWith("@") ? name : `#${name}`;
  }

  private remember(id: string, chatId: string, message: RenderedMessage): void {
    const buttons = (message.buttons ?? []).flat();
    this.printed.set(id, { chatId, buttons });
    if (buttons.length) this.lastWithButtons = id;
  }

  private print(text: string): void {
    this.options.output.write(text);
  }
}
