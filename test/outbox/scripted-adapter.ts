// A small in-test ChatAdapter: records what it is sent (with the test clock's
// time) and fails on cue, and a Delivery over it.

import { telegramSendLimits } from "../../adapters/telegram/send-limits.js";
import type { Capabilities, ChatAdapter, Destination, SendContext, SendRateRule } from "../../src/core/adapter.js";
import type { Clock } from "../../src/core/clock.js";
import { AdapterRegistry, Delivery } from "../../src/core/delivery.js";
import type { DeliveryKey } from "../../src/core/delivery-key.js";
import type { MessageRef } from "../../src/core/events.js";
import type { RenderedMessage } from "../../src/core/messages.js";

export interface Attempt {
  chatId: string;
  text: string;
  at: number;
  outcome: "sent" | "failed";
  /** The delivery key the send came with. */
  delivery?: DeliveryKey;
}

const CAPABILITIES: Capabilities = {
  buttons: true,
  nativePolls: false,
  editMessage: true,
  threads: true,
  ephemeral: false,
  directMessages: false,
  files: false,
  maxTextLength: 4_000,
  ackDeadlineMs: 3_000,
};

export class ScriptedAdapter implements ChatAdapter {
  readonly capabilities = CAPABILITIES;
  /** Errors to throw on the next sends, in order; then every send succeeds. */
  readonly failures: unknown[] = [];
  /** Sends and edits in these chats wait until the promise resolves (a slow platform queue). */
  readonly held = new Map<string, Promise<void>>();
  /** The chats of sends and edits begun, in order, counted before they wait (held). */
  readonly begun: string[] = [];
  /** What sendDelayMs answers for a chat (else `paceWaitMs`): the platform's queue in this process. */
  readonly chatWaitMs = new Map<string, number>();
  paceWaitMs = 0;
  private nextId = 1;

  /** `attempts` may be shared by several adapters to see one global order of sends. */
  constructor(
    readonly platform: string,
    private readonly clock: Clock,
    readonly attempts: Attempt[] = [],
  ) {}

  get delivered(): Attempt[] {
    return this.attempts.filter((a) => a.outcome === "sent");
  }

  /** A "telegram" adapter keeps Telegram's real limits, so the dispatcher's tests see them. */
  sendLimits(chatId: string): SendRateRule[] {
    return this.platform === "telegram" ? telegramSendLimits(chatId) : [];
  }

  sendDelayMs(chatId?: string): number {
    return (chatId === undefined ? undefined : this.chatWaitMs.get(chatId)) ?? this.paceWaitMs;
  }

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  isReady(): boolean {
    return true;
  }

  /** Edits, as "messageId:text", in the order they arrived. */
  readonly edits: string[] = [];

  async edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    this.begun.push(ref.chatId);
    await this.held.get(ref.chatId);
    this.attempts.push({
      chatId: ref.chatId,
      text: `edit ${ref.messageId}: ${message.text}`,
      at: this.clock.now().getTime(),
      outcome: "sent",
    });
    this.edits.push(`${ref.messageId}:${message.text}`);
  }

  async send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    this.begun.push(to.chatId);
    await this.held.get(to.chatId);
    const at = this.clock.now().getTime();
    const failure = this.failures.shift();
    const keyed = context?.delivery ? { delivery: context.delivery } : {};
    if (failure !== undefined) {
      this.attempts.push({ chatId: to.chatId, text: message.text, at, outcome: "failed", ...keyed });
      throw failure;
    }
    this.attempts.push({ chatId: to.chatId, text: message.text, at, outcome: "sent", ...keyed });
    const ref: MessageRef = { platform: this.platform, chatId: to.chatId, messageId: String(this.nextId++) };
    if (to.threadId !== undefined) ref.threadId = to.threadId;
    return [ref];
  }
}

export function deliveryOver(...adapters: ChatAdapter[]): Delivery {
  const registry = new AdapterRegistry();
  for (const adapter of adapters) registry.register(adapter);
  return new Delivery(
    registry,
    { store: async (action) => `stored-${action}`, find: async () => undefined },
    {
      resolve: async () => {
        throw new Error("not used by these tests");
      },
      directChatOf: async () => undefined,
      rememberDirectChat: async () => {},
      nameOf: async () => undefined,
      membershipsOf: async () => [],
    },
  );
}
