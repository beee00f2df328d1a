// Answering interactions within Discord's 3 s, exactly once each.
//
// Every interaction the adapter hands to the core is held here, open, until
// it is answered:
//   the core's answer is ready in time   -> the answer itself (callback 4, or 7
//                                           for a button that updates its card)
//   not ready when `deferAfterMs` passes -> a deferred answer (callback 5,
//                                           ephemeral when the command's answer
//                                           is private; 6 for a button), and the
//                                           answer later edits the original
//   more parts, or answered already      -> follow-ups on the interaction's webhook
// Calls for one interaction run one after another, so a deferral and an
// answer never race into Discord's 40060 "already acknowledged", and nothing
// is answered late into a 10062 "Unknown interaction".
import {
  InteractionResponseType,
  MessageFlags,
  type REST,
  type RESTPostAPIInteractionCallbackWithResponseResult,
  Routes,
} from "discord.js";
import type { MessageRef } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import { DiscordCode, hasCode, toDeliveryError } from "./delivery-errors.js";
import { type DiscordMessage, escapeText } from "./render.js";

/** Discord keeps an interaction's token for 15 minutes. */
const TOKEN_LIFETIME_MS = 15 * 60_000;
/** When to defer if the core has not answered: Discord's 3 s, less room for the call itself. */
export const DEFAULT_DEFER_AFTER_MS = 2_000;

export interface OpenInteraction {
  id: string;
  token: string;
  kind: "command" | "component";
  /** The presser or caller, as a namespaced identity: only they may see an ephemeral answer. */
  identityId: string;
  /** A command whose answer is for the caller alone: deferred ephemerally. */
  privateAnswer: boolean;
  /** Where its answers appear, for the MessageRefs the core stores. */
  chatId: string;
  threadId?: string;
  /** A button's message. */
  messageId?: string;
}

type State = "open" | "deferred" | "answered";

interface Held extends OpenInteraction {
  state: State;
  deferredPrivately: boolean;
  /** The first answer after a deferral replaces the "thinking" message. */
  originalPending: boolean;
  chain: Promise<unknown>;
  timer: NodeJS.Timeout | undefined;
  expires: number;
}

export interface InteractionRepliesOptions {
  rest: REST;
  applicationId: string;
  logger: Logger;
  deferAfterMs?: number;
  now?: () => number;
}

export class InteractionReplies {
  private readonly held = new Map<string, Held>();
  private readonly deferAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly options: InteractionRepliesOptions) {
    this.deferAfterMs = options.deferAfterMs ?? DEFAULT_DEFER_AFTER_MS;
    this.now = options.now ?? Date.now;
  }

  /** Holds an interaction for the event `eventId`; defers it if nothing answers in time. */
  open(eventId: string, interaction: OpenInteraction): void {
    this.sweep();
    const held: Held = {
      ...interaction,
      state: "open",
      deferredPrivately: false,
      originalPending: false,
      chain: Promise.resolve(),
      timer: undefined,
      expires: this.now() + TOKEN_LIFETIME_MS,
    };
    held.timer = setTimeout(() => {
      this.run(held, () => this.defer(held)).catch((error: unknown) =>
        this.options.logger.warn({ err: error, eventId }, "discord: could not defer an interaction"),
      );
    }, this.deferAfterMs);
    held.timer.unref?.();
    this.held.set(eventId, held);
  }

  /**
   * Holds an interaction an earlier process took in (drained from the inbox)
   * as deferred: Discord's 3 s are long gone, so its answers fill in or follow
   * up on its webhook while its token lives. If it was never deferred there,
   * Discord knows no such webhook, and the answers go to the channel instead.
   */
  resume(eventId: string, interaction: OpenInteraction, receivedAt: number): void {
    this.sweep();
    this.held.set(eventId, {
      ...interaction,
      state: "deferred",
      deferredPrivately: interaction.privateAnswer,
      originalPending: interaction.kind === "command",
      chain: Promise.resolve(),
      timer: undefined,
      expires: receivedAt + TOKEN_LIFETIME_MS,
    });
  }

  /** Whether an answer for `eventId` can still go through its interaction. */
  has(eventId: string): boolean {
    const held = this.held.get(eventId);
    return !!held && held.expires > this.now();
  }

  /** Whether the interaction of `eventId` was started by `identityId` (so an ephemeral answer reaches them). */
  isFrom(eventId: string, identityId: string): boolean {
    return this.held.get(eventId)?.identityId === identityId;
  }

  /**
   * Sends `messages` as the answer to the interaction of `eventId`; undefined
   * when that interaction can no longer carry an answer (the caller then posts
   * in the channel).
   */
  async answer(eventId: string, messages: DiscordMessage[], ephemeral: boolean): Promise<MessageRef[] | undefined> {
    const held = this.held.get(eventId);
    if (!held || held.expires <= this.now()) return undefined;
    return this.run(held, async () => {
      const refs: MessageRef[] = [];
      try {
        for (const message of messages) refs.push(...(await this.answerOne(held, message, ephemeral)));
      } catch (error) {
        // Discord let the interaction go before it was answered (its 3 s passed while a
        // deferral was refused): nothing was shown, so the caller posts in the channel.
        if (refs.length > 0 || !isUnknownInteraction(error)) throw error;
        held.expires = 0;
        return undefined;
      }
      return refs;
    });
  }

  /**
   * Replaces the message that carried a pressed button, as the press's own
   * answer (callback 7), or by editing the original after a deferred update.
   * False when no open press of that message is held.
   */
  async updateSource(messageId: string, message: DiscordMessage): Promise<boolean> {
    const held = [...this.held.values()].find(
      (h) => h.kind === "component" && h.messageId === messageId && h.state !== "answered" && h.expires > this.now(),
    );
    if (!held) return false;
    return this.run(held, async () => {
      if (held.state === "open") {
        await this.callback(held, InteractionResponseType.UpdateMessage, message);
      } else if (held.state === "deferred") {
        await this.editOriginal(held, message);
      } else {
        return false;
      }
      held.state = "answered";
      return true;
    });
  }

  /**
   * The core is done with the event. A press that nothing answered gets its
   * toast (ephemeral) or a silent deferred update; a command that nothing
   * answered gets the toast or a short tick, so the person never sees
   * "the application did not respond".
   */
  async finish(eventId: string, outcome: { status: string; toast?: string }): Promise<void> {
    const held = this.held.get(eventId);
    if (!held) return;
    // A duplicate was answered by its first delivery. "unavailable": the core is
    // stopping and did nothing; a tick would say it was done, so Discord's own
    // "did not respond" is the honest answer.
    if (outcome.status === "duplicate" || outcome.status === "unavailable") {
      this.release(eventId, held);
      return;
    }
    await this.run(held, async () => {
      const toast = outcome.toast?.slice(0, 2000);
      if (held.kind === "component") {
        if (held.state === "open" && !toast) {
          await this.callback(held, InteractionResponseType.DeferredMessageUpdate);
          held.state = "answered";
        } else if (toast) {
          await this.answerOne(held, textMessage(toast), true);
        }
      } else if (held.state !== "answered" || held.originalPending) {
        await this.answerOne(held, textMessage(toast ?? "✓"), true);
      }
    }).catch((error: unknown) =>
      this.options.logger.warn({ err: error, eventId }, "discord: could not finish an interaction"),
    );
    this.release(eventId, held);
  }

  /** Forgets every held interaction (stop). */
  clear(): void {
    for (const held of this.held.values()) clearTimeout(held.timer);
    this.held.clear();
  }

  private release(_eventId: string, held: Held): void {
    clearTimeout(held.timer);
    // Kept a while longer: outbox sends addressed to the event may still come (they post in the channel otherwise).
    held.expires = Math.min(held.expires, this.now() + 60_000);
  }

  private async answerOne(held: Held, message: DiscordMessage, ephemeral: boolean): Promise<MessageRef[]> {
    if (held.state === "open") {
      const response = await this.callback(held, InteractionResponseType.ChannelMessageWithSource, message, ephemeral);
      held.state = "answered";
      const id = response?.resource?.message?.id ?? (await this.originalId(held));
      return id && !ephemeral ? [this.refOf(held, id)] : [];
    }
    if (held.originalPending) {
      held.originalPending = false;
      if (held.deferredPrivately === ephemeral) {
        const edited = await this.editOriginal(held, message);
        return edited && !ephemeral ? [this.refOf(held, edited)] : [];
      }
      // The "thinking" message has the wrong visibility for this answer, and the
      // first follow-up after a deferral would only fill it in (keeping that
      // visibility). So: settle it with a tick, follow up as a new message, and
      // take the tick away again.
      await this.editOriginal(held, textMessage("✓"));
      const id = await this.followUp(held, message, ephemeral);
      await this.deleteOriginal(held);
      return id && !ephemeral ? [this.refOf(held, id)] : [];
    }
    const id = await this.followUp(held, message, ephemeral);
    return id && !ephemeral ? [this.refOf(held, id)] : [];
  }

  private async defer(held: Held): Promise<void> {
    if (held.state !== "open") return;
    if (held.kind === "component") {
      await this.callback(held, InteractionResponseType.DeferredMessageUpdate);
    } else {
      held.deferredPrivately = held.privateAnswer;
      held.originalPending = true;
      await this.callback(
        held,
        InteractionResponseType.DeferredChannelMessageWithSource,
        undefined,
        held.privateAnswer,
      );
    }
    held.state = "deferred";
  }

  private async callback(
    held: Held,
    type: InteractionResponseType,
    message?: DiscordMessage,
    ephemeral = false,
  ): Promise<RESTPostAPIInteractionCallbackWithResponseResult | undefined> {
    const data = message
      ? { ...message.body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) }
      : ephemeral
        ? { flags: MessageFlags.Ephemeral }
        : undefined;
    try {
      const result = await this.options.rest.post(Routes.interactionCallback(held.id, held.token), {
        auth: false,
        body: { type, ...(data ? { data } : {}) },
        files: message?.files.length ? message.files : undefined,
        query: new URLSearchParams({ with_response: "true" }),
      });
      return (result ?? undefined) as RESTPostAPIInteractionCallbackWithResponseResult | undefined;
    } catch (error) {
      throw toDeliveryError(error, "interaction callback");
    }
  }

  private async editOriginal(held: Held, message: DiscordMessage): Promise<string | undefined> {
    try {
      const result = (await this.options.rest.patch(
        Routes.webhookMessage(this.options.applicationId, held.token, "@original"),
        { auth: false, body: message.body, files: message.files.length ? message.files : undefined },
      )) as { id?: string } | undefined;
      return result?.id;
    } catch (error) {
      throw toDeliveryError(error, "edit of an interaction's answer");
    }
  }

  private async deleteOriginal(held: Held): Promise<void> {
    try {
      await this.options.rest.delete(Routes.webhookMessage(this.options.applicationId, held.token, "@original"), {
        auth: false,
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, "discord: could not remove a deferred answer's placeholder");
    }
  }

  private async followUp(held: Held, message: DiscordMessage, ephemeral: boolean): Promise<string | undefined> {
    try {
      const result = (await this.options.rest.post(Routes.webhook(this.options.applicationId, held.token), {
        auth: false,
        body: { ...message.body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) },
        files: message.files.length ? message.files : undefined,
        query: new URLSearchParams({ wait: "true" }),
      })) as { id?: string } | undefined;
      return result?.id;
    } catch (error) {
      throw toDeliveryError(error, "interaction follow-up");
    }
  }

  /** The id of the answer, where the callback's response did not say it. */
  private async originalId(held: Held): Promise<string | undefined> {
    try {
      const result = (await this.options.rest.get(
        Routes.webhookMessage(this.options.applicationId, held.token, "@original"),
        { auth: false },
      )) as { id?: string } | undefined;
      return result?.id;
    } catch {
      return undefined;
    }
  }

  private refOf(held: Held, messageId: string): MessageRef {
    return {
      platform: "discord",
      chatId: held.chatId,
      messageId,
      ...(held.threadId ? { threadId: held.threadId } : {}),
    };
  }

  /** One call at a time per interaction, in order. */
  private run<T>(held: Held, work: () => Promise<T>): Promise<T> {
    const next = held.chain.then(work, work);
    held.chain = next.catch(() => undefined);
    return next;
  }

  private sweep(): void {
    const now = this.now();
    for (const [eventId, held] of this.held) {
      if (held.expires <= now) {
        clearTimeout(held.timer);
        this.held.delete(eventId);
      }
    }
  }
}

function textMessage(text: string): DiscordMessage {
  return {
    body: { content: escapeText(text), embeds: [], components: [], allowed_mentions: { parse: [] } },
    files: [],
  };
}

/**
 * Discord's 10062 "Unknown interaction" (or 10015 "Unknown webhook": a resumed
 * interaction that was never deferred), as thrown by this file's calls
 * (wrapped in a DeliveryError).
 */
function isUnknownInteraction(error: unknown): boolean {
  const cause = error instanceof Error ? error.cause : undefined;
  return [DiscordCode.UnknownInteraction, DiscordCode.UnknownWebhook].some(
    (code) => hasCode(error, code) || hasCode(cause, code),
  );
}
