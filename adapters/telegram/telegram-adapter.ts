// The Telegram adapter: grammY against the Bot API, long polling by default,
// a webhook when configured. Inbound updates become neutral events (see
// inbound.ts); the core's replies go out as HTML (render.ts, outbound.ts).
import { setTimeout as delay } from "node:timers/promises";
import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type {
  Capabilities,
  ChatAdapter,
  Destination,
  DownloadedFile,
  NativePollSpec,
  SendContext,
  SendRateRule,
} from "../../src/core/adapter.js";
import type { EventOutcome, EventSink, MessageRef } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import { withinDeadline } from "../../src/core/within-deadline.js";
import { installApiTransformers, type RetryLimits } from "./api-transformers.js";
import { TELEGRAM_CAPABILITIES } from "./capabilities.js";
import { ChatAdmins } from "./chat-admins.js";
import { type CommandMenu, publishCommandMenu } from "./command-menu.js";
import { hasDescription, isUnauthorized } from "./delivery-errors.js";
import { downloadTelegramFile } from "./file-download.js";
import { PLATFORM, telegramNumber } from "./ids.js";
import { mapUpdate } from "./inbound.js";
import { LongPolling } from "./long-polling.js";
import { TelegramOutbound } from "./outbound.js";
import { PollChats } from "./poll-chats.js";
import { PressClock } from "./press-clock.js";
import { paceOf, SendBacklog, TELEGRAM_THROTTLE } from "./send-backlog.js";
import { telegramSendLimits } from "./send-limits.js";
import type { KeyValueState } from "./state.js";
import { shorten } from "./text-length.js";
import { UpdateRunner } from "./update-runner.js";
import { createWebhookHandler, NotTaken, type WebhookRequestHandler, webhookPathOf } from "./webhook.js";

export interface TelegramAdapterOptions {
  /** TELEGRAM_BOT_TOKEN. Never logged. */
  token: string;
  /** TELEGRAM_API_ROOT: your own Bot API server (no trailing slash). */
  apiRoot?: string;
  /** TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET: webhook mode instead of long polling. */
  webhook?: { url: string; secret: string };
  /** Durable key-value store (the core's AdapterState): the polling offset, where polls were sent. */
  state: KeyValueState;
  /**
   * The durable inbox (Talkoot's store): updates are stored there before
   * Telegram is told they arrived, and drained at start. Without it, an
   * update is acknowledged only once handled (webhook), or after its batch or
   * `pollMoveOnAfterMs` (long polling).
   */
  inbox?: UpdateInbox;
  logger: Logger;
  /** The "/" menu per language, from the router (see commandMenuOf). */
  commandMenu: CommandMenu;
  /** Skips getMe at start (tests). */
  botInfo?: UserFromGetMe;
  /** Telegram's send limits, for the throttler; tests relax them. Defaults: 30/s, 1/s per chat, 20/min per group. */
  throttle?: APIThrottlerOptions;
  retry?: Partial<RetryLimits>;
  /** How long a getUpdates is held open, in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** How long one polled batch may hold up the next before it finishes in the background (default 2000). */
  pollMoveOnAfterMs?: number;
  /** With the inbox, how often at most the polling offset is stored (default 1000 ms; tests lengthen it). */
  pollOffsetStoreEveryMs?: number;
  /** How long stop() waits for updates being handled; the rest stay in the inbox (default 10 s polling, 5 s kept). */
  stopGraceMs?: number;
  /** TELEGRAM_UPDATES_IN_FLIGHT: how many updates are handled at once (default 16); the rest wait in order. */
  maxUpdatesInFlight?: number;
  /** How many kept updates are held in memory at once (default 100); the rest of a burst is parked in the inbox. */
  maxUpdatesHeld?: number;
  /** A button press is answered when the core is done, or after this long with the catching-up toast (default 2000). */
  callbackAnswerDeadlineMs?: number;
  /**
   * The toast for a press the core has not finished by the deadline, or could
   * not take (its database is away), in the presser's language (Telegram's
   * language_code). The press is not lost: it is in the inbox, or Telegram
   * sends it again, and it counts once the core gets to it.
   */
  catchingUpToast?: (languageCode: string | undefined) => string;
  /** How long a chat-admin answer is trusted (default 60 s). */
  adminCacheTtlMs?: number;
  /**
   * Whether the core knows a command name. In a group several bots may share
   * "/start" or "/help"; a bare "/name" the core does not know is left to the
   * other bots instead of answered with "unknown command". "/name@ThisBot"
   * and private chats are always answered. Without it, every command is taken.
   */
  isCommand?: (name: string) => boolean;
}

export const TOKEN_REJECTED = "telegram: the bot token was rejected (401 Unauthorized); check TELEGRAM_BOT_TOKEN";

/** The update kinds the adapter handles; Telegram then sends no others. */
export const ALLOWED_UPDATES = ["message", "callback_query", "poll_answer", "my_chat_member"] as const;

/** Telegram's limit for the text of a callback answer (a toast). */
const TOAST_MAX = 200;
const DEFAULT_CALLBACK_ANSWER_DEADLINE_MS = 2_000;

export class TelegramAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly capabilities: Capabilities = TELEGRAM_CAPABILITIES;
  /** Where the backbone's HTTP server should mount webhookHandler(), in webhook mode. */
  readonly webhookPath: string | undefined;

  private readonly bot: Bot;
  private readonly logger: Logger;
  private readonly outbound: TelegramOutbound;
  private readonly admins: ChatAdmins;
  private readonly pollChats: PollChats;
  private readonly polling: LongPolling | undefined;
  private readonly runner: UpdateRunner;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly backlog: SendBacklog;
  private readonly pressClock: PressClock;
  private sink: EventSink | undefined;
  private webhookSet = false;
  private accepting = false;
  private webhookRequestHandler: WebhookRequestHandler | undefined;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.logger = options.logger;
    this.backlog = new SendBacklog(paceOf(options.throttle ?? TELEGRAM_THROTTLE));
    this.bot = new Bot(options.token, {
      botInfo: options.botInfo,
      client: options.apiRoot ? { apiRoot: options.apiRoot } : undefined,
    });
    installApiTransformers(this.bot.api, { throttle: options.throttle, retry: options.retry, backlog: this.backlog });
    this.pollChats = new PollChats(options.state);
    this.admins = new ChatAdmins({
      lookup: async (chatId, userId) => (await this.bot.api.getChatMember(chatId, userId)).status,
      ttlMs: options.adminCacheTtlMs,
      onError: (error, chatId) => this.logger.warn({ err: error, chatId }, "telegram: getChatMember failed"),
    });
    this.outbound = new TelegramOutbound({
      api: this.bot.api,
      pollChats: this.pollChats,
      onPollNotRemembered: (error, pollId) =>
        this.logger.error({ err: error, pollId }, "telegram: could not store where a poll was sent"),
    });
    this.pressClock = new PressClock({
      deadlineMs: this.answerDeadlineMs,
      answerKept: (queryId, languageCode) => this.track(this.answerKept(queryId, languageCode)),
    });
    this.runner = new UpdateRunner({
      logger: this.logger,
      inbox: options.inbox,
      maxInFlight: options.maxUpdatesInFlight,
      maxHeld: options.maxUpdatesHeld,
      handle: (update) => this.process(update),
      onTaken: (updates) => this.startPressClocks(updates),
    });
    if (options.webhook) {
      this.webhookPath = webhookPathOf(options.webhook.url);
      // In webhook mode grammY hands each update to this middleware, and Telegram gets its 200 when it returns.
      this.bot.use((ctx) => this.takeWebhookUpdate(ctx.update));
    } else {
      this.polling = new LongPolling({
        api: this.bot.api,
        state: options.state,
        logger: this.logger,
        allowedUpdates: ALLOWED_UPDATES,
        timeoutSeconds: options.pollTimeoutSeconds ?? 30,
        moveOnAfterMs: options.pollMoveOnAfterMs,
        offsetStoreEveryMs: options.pollOffsetStoreEveryMs,
        runner: this.runner,
        stopGraceMs: options.stopGraceMs,
        onFatal: () => this.logger.error(TOKEN_REJECTED),
      });
    }
  }

  /**
   * A webhook update is acknowledged (200) only once it is in Talkoot's hands:
   * stored in the inbox (then handled after the answer), or, without an
   * inbox, handled. Otherwise it throws NotTaken and Telegram gets a 503 and
   * delivers it again.
   */
  private async takeWebhookUpdate(update: Update): Promise<void> {
    if (this.runner.inbox) {
      try {
        await this.runner.keep([update]);
      } catch (error) {
        throw new NotTaken("the inbox could not store it", { cause: error });
      }
      this.runner.handleKept([update]);
      return;
    }
    const outcome = await this.runner.run(update);
    if (outcome === "again") throw new NotTaken("the core did not take it");
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    await this.identify();
    await publishCommandMenu(this.bot.api, this.options.commandMenu, this.logger);
    this.accepting = true;
    const webhook = this.options.webhook;
    if (webhook) {
      // What an earlier run stored and did not finish; handled while new updates arrive.
      await this.runner.drain();
      await this.bot.api.setWebhook(webhook.url, {
        secret_token: webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      this.webhookSet = true;
      this.logger.info({ path: this.webhookPath }, "telegram: webhook set");
    } else {
      await this.polling!.start();
      this.logger.info("telegram: long polling");
    }
  }

  async stop(): Promise<void> {
    this.accepting = false;
    // The webhook stays set: other instances behind the same URL keep receiving.
    await this.polling?.stop();
    // Unfinished kept updates stay in the inbox for the next start.
    await this.runner.stop(this.options.stopGraceMs ?? 5_000);
    this.pressClock.stop();
    await withinDeadline(Promise.allSettled([...this.inFlight]), 5_000);
    this.webhookSet = false;
  }

  isReady(): boolean {
    if (!this.accepting) return false;
    return this.options.webhook ? this.webhookSet : (this.polling?.isPolling() ?? false);
  }

  /** The request handler for the webhook path; a wrong or missing secret gets 401 before anything runs. */
  webhookHandler(): WebhookRequestHandler {
    const webhook = this.options.webhook;
    if (!webhook) throw new Error("telegram: webhookHandler() needs the webhook option (TELEGRAM_WEBHOOK_URL)");
    this.webhookRequestHandler ??= createWebhookHandler({
      bot: this.bot,
      secret: webhook.secret,
      logger: this.logger,
      isOpen: () => this.accepting && this.sink?.isAccepting?.() !== false,
    });
    return this.webhookRequestHandler;
  }

  send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    return this.outbound.send(to, message, context?.signal);
  }

  edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    return this.outbound.edit(ref, message);
  }

  delete(ref: MessageRef): Promise<void> {
    return this.outbound.delete(ref);
  }

  createPoll(to: Destination, poll: NativePollSpec): Promise<{ ref: MessageRef; nativePollId: string }> {
    return this.outbound.createPoll(to, poll);
  }

  closePoll(ref: MessageRef, context?: SendContext): Promise<void> {
    return this.outbound.closePoll(ref, context?.signal);
  }

  /**
   * A bot cannot open a private chat: the user must write to it first. The
   * core remembers the private chats of users who did and uses those.
   */
  sendLimits(chatId: string): SendRateRule[] {
    return telegramSendLimits(chatId);
  }

  /** How long a send to this chat (or to any) would now wait behind the throttler's queue (send-backlog.ts). */
  sendDelayMs(chatId?: string): number {
    return chatId === undefined ? this.backlog.overallDelayMs() : this.backlog.delayMs(String(telegramNumber(chatId)));
  }

  /** A photo or document someone sent, by its file_id (InboundFile.ref). */
  downloadFile(ref: string, maxBytes: number): Promise<DownloadedFile> {
    return downloadTelegramFile(this.bot.api, this.options, ref, maxBytes);
  }

  async openDirect(_identityId: string): Promise<Destination | null> {
    return null;
  }

  /** t.me/<bot>?start=<payload>: opens the private chat; pressing Start sends `/start <payload>`. */
  directChatLink(payload: string): string | undefined {
    if (!this.bot.isInited()) return undefined;
    return `https://t.me/${this.bot.botInfo.username}?start=${encodeURIComponent(payload)}`;
  }

  /** getMe, unless bot info was given; a rejected token stops the start with one clear line. */
  private async identify(): Promise<void> {
    if (this.bot.isInited()) return;
    for (let attempt = 1; ; attempt++) {
      try {
        this.bot.botInfo = await this.bot.api.getMe();
        return;
      } catch (error) {
        if (isUnauthorized(error)) throw new Error(TOKEN_REJECTED);
        if (attempt >= 3) {
          const detail = error instanceof Error ? error.message : String(error);
          throw new Error(`telegram: cannot reach the Bot API (${detail})`);
        }
        await delay(1_000 * attempt);
      }
    }
  }

  /** One update through the core. False when the core did not take it and it must come again. */
  private async process(update: Update): Promise<boolean> {
    const sink = this.sink;
    if (!sink || !this.accepting) return false;
    // A press is answered when the core is done, or at its deadline: counted from when it was
    // taken in (press-clock.ts), else from now, before any look-up. One answered early is not answered again.
    let settle: (outcome: EventOutcome) => void = () => {};
    if (update.callback_query) {
      const { id, from } = update.callback_query;
      const left = this.pressClock.claim(id);
      if (left !== "answered") {
        const outcome = new Promise<EventOutcome>((resolve) => (settle = resolve));
        this.track(this.answerCallback(id, outcome, from.language_code, left ?? this.answerDeadlineMs));
      }
    }
    try {
      return await this.handOver(update, sink, settle);
    } catch (error) {
      // The update comes again (inbox, or unacknowledged): the press is kept.
      settle({ status: "unavailable" });
      throw error;
    } finally {
      // Whatever happened, the spinner stops (a second settle is a no-op).
      settle({ status: "ignored" });
    }
  }

  private async handOver(update: Update, sink: EventSink, settle: (outcome: EventOutcome) => void): Promise<boolean> {
    if (update.my_chat_member) this.admins.forgetChat(update.my_chat_member.chat.id);
    const pollConversation = update.poll_answer
      ? await this.pollChats.conversationOf(update.poll_answer.poll_id)
      : undefined;
    const me = this.bot.botInfo;
    const mapped = mapUpdate(update, {
      bot: { id: me.id, username: me.username, seesAllGroupMessages: me.can_read_all_group_messages },
      receivedAt: new Date(),
      pollConversation,
      isCommand: this.options.isCommand,
    });
    if (mapped.kind === "ignored") {
      this.logger.debug({ updateId: update.update_id, reason: mapped.reason }, "telegram: update ignored");
      return true;
    }
    if (mapped.kind === "chatChange") {
      // Idempotent in the core, so a redelivered update does no harm; a storage failure throws and the update comes again.
      await sink.chatChanged?.(mapped.change);
      return true;
    }
    const { event } = mapped;
    if (mapped.adminCheck) {
      event.author.isChatAdmin = await this.admins.isAdmin(mapped.adminCheck.chatId, mapped.adminCheck.userId);
    }
    const result = await sink.handle(event);
    settle(result);
    // "unavailable": the core is shutting down or lost its database; "inProgress": another
    // claim, perhaps of a process that just died, holds it until its lease runs out.
    // Either way the update stays (inbox, or unacknowledged) and is tried again.
    return result.status !== "unavailable" && result.inProgress !== true;
  }

  private get answerDeadlineMs(): number {
    return this.options.callbackAnswerDeadlineMs ?? DEFAULT_CALLBACK_ANSWER_DEADLINE_MS;
  }

  /**
   * Presses just taken in: their answer clocks start. A press that would wait behind the others
   * longer than its deadline at the pace updates are being done is answered "kept" at once.
   */
  private startPressClocks(updates: readonly Update[]): void {
    let ahead = this.runner.pending;
    for (const update of updates) {
      const press = update.callback_query;
      if (press) {
        const waitMs = this.runner.expectedWaitMs(ahead);
        this.pressClock.started(
          press.id,
          press.from.language_code,
          waitMs !== undefined && waitMs > this.answerDeadlineMs,
        );
      }
      ahead++;
    }
  }

  private async answerCallback(
    queryId: string,
    outcome: Promise<EventOutcome>,
    languageCode: string | undefined,
    deadlineMs: number,
  ): Promise<void> {
    const result = await withinDeadline(outcome, deadlineMs);
    // Not done in time, or not taken for now: the spinner stops with word that the press is kept.
    const kept = result === undefined || result.status === "unavailable";
    if (kept) return this.answerKept(queryId, languageCode);
    await this.sendAnswer(queryId, result.toast, result.status === "failed");
  }

  /** The "your press is kept" toast: the press is stored, and counts when the core gets to it. */
  private answerKept(queryId: string, languageCode: string | undefined): Promise<void> {
    return this.sendAnswer(queryId, this.options.catchingUpToast?.(languageCode), false);
  }

  private async sendAnswer(queryId: string, text: string | undefined, alert: boolean): Promise<void> {
    const toast = text ? shorten(text, TOAST_MAX) : undefined;
    try {
      await this.bot.api.answerCallbackQuery(queryId, toast ? { text: toast, show_alert: alert } : undefined);
    } catch (error) {
      // A redelivered press was answered the first time round; that is not worth a warning.
      const level = hasDescription(error, /query is too old/i) ? "debug" : "warn";
      this.logger[level]({ err: error }, "telegram: answerCallbackQuery failed");
    }
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }
}
