// The Slack adapter: Bolt for the transport, Talkoot's core for the rest.
//
//   Socket Mode (SLACK_APP_TOKEN set, the default): Bolt holds a WebSocket to
//   Slack; no public URL is needed.
//   HTTP mode (SLACK_SIGNING_SECRET, no app token): `handleHttp` serves
//   POST /slack/events on the backbone's HTTP server; Bolt verifies the
//   signature and refuses forged or stale (> 5 min) requests with 401.
//
// Every inbound request is acknowledged first, before any lookup or core
// work, so a slow database never makes Slack retry. The event then goes to
// the core; a button press's toast comes back as an ephemeral message.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  App,
  type BlockAction,
  HTTPReceiver,
  type Logger as SlackLogger,
  SocketModeReceiver,
  webApi,
} from "@slack/bolt";
import type { ChatAdapter, Destination, SendContext, SendRateRule } from "../../src/core/adapter.js";
import type { EventOutcome, EventSink, InboundEvent, MessageRef } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import { UnavailableRetries } from "../../src/core/unavailable-retries.js";
import { boltLogger } from "./bolt-logger.js";
import { SLACK_CAPABILITIES } from "./capabilities.js";
import { ChannelMembership } from "./channel-membership.js";
import { CHAT_EVENT_TYPES, chatChangeOf } from "./chat-events.js";
import { actionEvent, commandEvent, messageEvent, type SlackMessageEvent, teamOfAction } from "./inbound.js";
import { requiredBotScopes, SLACK_EVENTS_PATH } from "./manifest.js";
import { SlackOutbound } from "./outbound.js";
import { type Respond, ResponseUrls } from "./response-urls.js";
import { type BotIdentity, checkAuthTest, SlackStartupError, startupFailureLine } from "./startup-check.js";
import { DEFAULT_ADMIN_CACHE_MS, WorkspacePeople } from "./workspace-admins.js";

export interface SlackAdapterOptions {
  /** SLACK_BOT_TOKEN (xoxb-…). */
  botToken: string;
  /** SLACK_APP_TOKEN (xapp-…): Socket Mode. */
  appToken?: string;
  /** SLACK_SIGNING_SECRET: HTTP mode, when there is no app token. */
  signingSecret?: string;
  /** SLACK_API_URL: the Web API base (GovSlack, a proxy, a test fake). */
  apiUrl?: string;
  logger: Logger;
  /**
   * Known bot ids (tests): with both, start() skips auth.test and its scope
   * check, and Bolt never calls it either.
   */
  botUserId?: string;
  botId?: string;
  /** Whether a word is a Talkoot command, so "@Talkoot thanks" is not taken for "/thanks". Default: every word. */
  isCommand?: (name: string) => boolean;
  /**
   * Socket Mode's ping timeout, which is also how long Bolt waits before it
   * reconnects after a `disconnect` (default 5000 ms, Bolt's own). Tests
   * shorten it.
   */
  socketPingTimeoutMs?: number;
  /** How long users.info answers (admin or not) are trusted; default 5 minutes. */
  adminCacheMs?: number;
  /** Called after the core handled an inbound event (metrics, tests). */
  onHandled?: (event: InboundEvent, outcome: EventOutcome) => void;
}

export type SlackMode = "socket" | "http";

/**
 * The Web API client's retry policy, chosen on purpose: Bolt's default
 * retries ten times over about thirty minutes, which would hold a send (and
 * the outbox row behind it) for half an hour. Talkoot has an outbox with its
 * own backoff, so a call retries briefly (twice, within seconds) and then
 * fails, and the outbox decides when to try again.
 */
export const SLACK_RETRY_CONFIG = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 } as const;
/** No single Web API call may hang longer than this. */
const WEB_API_TIMEOUT_MS = 10_000;
/** How long stop() lets events already acknowledged reach the core. */
const STOP_GRACE_MS = 5_000;

export class SlackAdapter implements ChatAdapter {
  readonly platform = "slack";
  readonly capabilities = SLACK_CAPABILITIES;
  readonly mode: SlackMode;
  /** Where `handleHttp` expects Slack's requests (HTTP mode). */
  readonly httpPath = SLACK_EVENTS_PATH;

  private readonly slackLogger: SlackLogger;
  private readonly clientOptions: webApi.WebClientOptions;
  private readonly client: webApi.WebClient;
  private readonly outbound: SlackOutbound;
  private readonly people: WorkspacePeople;
  private readonly membership: ChannelMembership;
  private readonly responseUrls = new ResponseUrls();
  private readonly socketReceiver: SocketModeReceiver | undefined;
  private readonly httpReceiver: HTTPReceiver | undefined;
  private readonly pending = new Set<Promise<void>>();
  private readonly retries: UnavailableRetries;
  private app: App | undefined;
  private sink: EventSink | undefined;
  private identity: BotIdentity | undefined;
  private running = false;
  private linkUp = false;
  private linkStarting = false;

  constructor(private readonly options: SlackAdapterOptions) {
    this.retries = new UnavailableRetries({ logger: options.logger });
    if (!options.appToken && !options.signingSecret) {
      throw new SlackStartupError(
        "slack: set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode) as well as SLACK_BOT_TOKEN",
      );
    }
    this.mode = options.appToken ? "socket" : "http";
    this.slackLogger = boltLogger(options.logger);
    const slackApiUrl = apiBase(options.apiUrl);
    this.clientOptions = {
      ...(slackApiUrl ? { slackApiUrl } : {}),
      retryConfig: { ...SLACK_RETRY_CONFIG },
      // A 429 is thrown at once with its Retry-After, so the outbox sees it
      // and waits, instead of the client sleeping inside a send.
      rejectRateLimitedCalls: true,
      timeout: WEB_API_TIMEOUT_MS,
      logger: this.slackLogger,
    };
    this.client = new webApi.WebClient(options.botToken, { ...this.clientOptions });
    this.outbound = new SlackOutbound({ client: this.client, responseUrls: this.responseUrls, logger: options.logger });
    this.membership = new ChannelMembership(async (channel) => {
      const answer = await this.client.conversations.info({ channel });
      return answer.channel?.is_member;
    }, options.logger);
    this.people = new WorkspacePeople(
      async (_teamId, user) => {
        const answer = await this.client.users.info({ user, include_locale: true });
        return answer.user;
      },
      { ttlMs: options.adminCacheMs ?? DEFAULT_ADMIN_CACHE_MS, logger: options.logger },
    );

    if (options.appToken) {
      this.socketReceiver = new SocketModeReceiver({
        appToken: options.appToken,
        logger: this.slackLogger,
        ...(options.socketPingTimeoutMs ? { clientPingTimeout: options.socketPingTimeoutMs } : {}),
        customPropertiesExtractor: (args: { envelope_id?: unknown }) =>
          typeof args.envelope_id === "string" ? { envelopeId: args.envelope_id } : {},
        // apps.connections.open keeps the Socket Mode client's own, patient
        // retries: the link is the bot's lifeline, not an outbox send.
        installerOptions: {
          clientOptions: {
            ...(slackApiUrl ? { slackApiUrl } : {}),
            timeout: WEB_API_TIMEOUT_MS,
          },
        },
      });
      this.watchLink(this.socketReceiver);
    } else {
      this.httpReceiver = new HTTPReceiver({
        signingSecret: options.signingSecret!,
        endpoints: SLACK_EVENTS_PATH,
        logger: this.slackLogger,
        // Answer Slack as soon as ack() runs, never after the work.
        processBeforeResponse: false,
      });
    }
  }

  async start(sink: EventSink): Promise<void> {
    if (this.app) throw new Error("slack: the adapter is already started");
    this.identity = await this.identify();
    this.sink = sink;
    const app = new App({
      token: this.options.botToken,
      botId: this.identity.botId,
      botUserId: this.identity.botUserId,
      receiver: this.socketReceiver ?? this.httpReceiver,
      clientOptions: { ...this.clientOptions },
      logger: this.slackLogger,
      // Talkoot filters its own messages itself, and keeps no conversation state in Bolt.
      ignoreSelf: false,
      convoStore: false,
    });
    this.listen(app);
    this.app = app;
    this.running = true;
    if (this.socketReceiver) {
      try {
        await app.start();
      } catch (error) {
        this.running = false;
        this.app = undefined;
        this.sink = undefined;
        throw new SlackStartupError(startupFailureLine("apps.connections.open", "SLACK_APP_TOKEN", error), {
          cause: error,
        });
      }
    }
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.retries.stop();
    await this.settle(STOP_GRACE_MS);
    if (this.socketReceiver && this.app) {
      // A reconnect in flight rejects unhandled if cut off; let it land first.
      if (this.linkStarting) await this.waitForLink(3_000);
      // Bolt's stop() does not wait for the socket to close; without this the
      // process lingers about 30 s on the open WebSocket.
      await this.socketReceiver.client.disconnect();
      await this.app.stop();
    }
    this.sink = undefined;
  }

  isReady(): boolean {
    if (!this.running) return false;
    return this.mode === "http" || this.linkUp;
  }

  send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    return this.outbound.send(to, message, context);
  }

  edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    return this.outbound.edit(ref, message);
  }

  /** chat.postMessage allows about one message a second per channel. */
  sendLimits(): SendRateRule[] {
    return [{ limit: 1, windowMs: 1_000 }];
  }

  sendEphemeral(
    to: Destination,
    identityId: string,
    message: RenderedMessage,
    context?: SendContext,
  ): Promise<MessageRef[]> {
    return this.outbound.send(to, { ...message, ephemeralFor: identityId }, context);
  }

  openDirect(identityId: string): Promise<Destination | null> {
    return this.outbound.openDirect(identityId);
  }

  /**
   * HTTP mode: the request handler for POST /slack/events, for the backbone's
   * HTTP server. Answers 503 while the adapter is not running, so Slack
   * retries later (perhaps on another instance).
   */
  readonly handleHttp = (req: IncomingMessage, res: ServerResponse): void => {
    if (!this.httpReceiver) {
      res.writeHead(404).end();
      return;
    }
    if (!this.running || this.sink?.isAccepting?.() === false) {
      res.writeHead(503, { "retry-after": "1" }).end();
      return;
    }
    try {
      this.httpReceiver.requestListener(req, res);
    } catch (error) {
      // Bolt throws for a path or method it does not serve.
      const deferred = (error as { code?: unknown }).code === "slack_bolt_http_receiver_deferred_request_error";
      if (!deferred) this.options.logger.error({ err: error }, "slack: the HTTP handler failed");
      if (!res.headersSent) res.writeHead(deferred ? 404 : 500).end();
    }
  };

  /** Resolves when every inbound event acknowledged so far has been handled (or after `timeoutMs`). */
  async settle(timeoutMs = 10_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
      timer.unref();
    });
    while (this.pending.size > 0) {
      const all = Promise.allSettled([...this.pending]).then(() => "done" as const);
      if ((await Promise.race([all, timeout.then(() => "timeout" as const)])) === "timeout") break;
    }
    clearTimeout(timer);
  }

  private async identify(): Promise<BotIdentity> {
    const { botUserId, botId } = this.options;
    if (botUserId && botId) return { teamId: "", botUserId, botId };
    let result: Awaited<ReturnType<webApi.WebClient["auth"]["test"]>>;
    try {
      result = await this.client.auth.test();
    } catch (error) {
      throw new SlackStartupError(startupFailureLine("auth.test", "SLACK_BOT_TOKEN", error), { cause: error });
    }
    return checkAuthTest(result, requiredBotScopes());
  }

  private listen(app: App): void {
    // Acknowledge first, always: Slack wants an answer within 3 s, and
    // nothing before this line waits on the database or another API call.
    // (Events API deliveries are acknowledged by Bolt before middleware runs.)
    app.use(async (args) => {
      // Stopping: leave it unacknowledged, so Slack delivers it again (to
      // another instance, or to this one after the restart) instead of it
      // being acknowledged and dropped.
      if (!this.running || this.sink?.isAccepting?.() === false) return;
      if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
      await args.next();
    });

    app.command(/.*/, async ({ command, respond, context }) => {
      const receivedAt = new Date();
      const envelopeId = stringOf(context.envelopeId);
      this.handoff(async () => {
        const person = await this.people.person(command.team_id, command.user_id, command.user_name);
        const event = commandEvent(command, person, { receivedAt, ...(envelopeId ? { envelopeId } : {}) });
        this.responseUrls.remember(event.eventId, respond as Respond);
        if (!event.conversation.isDirect) {
          const member = await this.membership.isMember(command.channel_id);
          if (member !== undefined) event.conversation.botIsMember = member;
        }
        return event;
      });
    });

    app.action<BlockAction>({ type: "block_actions" }, async ({ body, respond, context }) => {
      const receivedAt = new Date();
      const envelopeId = stringOf(context.envelopeId);
      this.handoff(
        async () => {
          const person = await this.people.person(
            teamOfAction(body),
            body.user.id,
            body.user.username ?? body.user.name,
          );
          const event = actionEvent(body, person, { receivedAt, ...(envelopeId ? { envelopeId } : {}) });
          if (event) this.responseUrls.remember(event.eventId, respond as Respond);
          return event;
        },
        async (event, outcome) => {
          if (outcome.toast) {
            await this.outbound.toast(event.conversation.chatId, body.user.id, outcome.toast, respond as Respond);
          }
        },
      );
    });

    app.event("app_mention", async ({ event, body }) => this.onMessage(event, body.team_id));
    app.event("message", async ({ event, body }) => {
      // Only the bot's DMs: channel messages reach Talkoot as mentions.
      if ((event as { channel_type?: unknown }).channel_type === "im") this.onMessage(event, body.team_id);
    });

    for (const type of CHAT_EVENT_TYPES) {
      app.event(type, async ({ event, body }) => this.onChatEvent(event, body.team_id));
    }

    app.error(async (error) => {
      this.options.logger.error({ err: error }, "slack: Bolt reported an error");
    });
  }

  /** The bot left, was removed, or the channel archived; or the bot joined (again). */
  private onChatEvent(event: object, teamId: string): void {
    const botUserId = this.identity?.botUserId;
    const sink = this.sink;
    if (!botUserId || !sink?.chatChanged) return;
    const change = chatChangeOf(event, teamId, botUserId);
    if (!change) return;
    this.track(
      sink.chatChanged(change).catch((error: unknown) => {
        this.options.logger.error({ err: error, change }, "slack: a chat change could not be recorded");
      }),
    );
  }

  /** Work started after an acknowledgement, which stop() waits for. */
  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private onMessage(raw: object, teamId: string): void {
    const receivedAt = new Date();
    const event = asMessageEvent(raw);
    const botUserId = this.identity?.botUserId;
    if (!event?.user || !botUserId) return;
    const user = event.user;
    this.handoff(async () => {
      const person = await this.people.person(teamId, user);
      return messageEvent(event, person, {
        receivedAt,
        teamId,
        botUserId,
        isCommand: this.options.isCommand ?? (() => true),
      });
    });
  }

  /** Runs after the acknowledgement: look the person up, hand the event to the core, then `after`. */
  private handoff(
    build: () => Promise<InboundEvent | undefined>,
    after?: (event: InboundEvent, outcome: EventOutcome) => Promise<void>,
  ): void {
    const work = (async () => {
      const sink = this.sink;
      if (!sink || !this.running) return;
      const event = await build();
      if (!event) return;
      // Acknowledged already, so Slack will not deliver it again: while the database is down, it waits here.
      const outcome = await this.retries.handle(sink, event);
      if (after) await after(event, outcome);
      this.options.onHandled?.(event, outcome);
    })().catch((error: unknown) => {
      this.options.logger.error({ err: error }, "slack: an inbound event could not be handled");
    });
    this.track(work);
  }

  private watchLink(receiver: SocketModeReceiver): void {
    const client = receiver.client;
    client.on("connecting", () => {
      this.linkStarting = true;
    });
    client.on("reconnecting", () => {
      this.linkUp = false;
      this.linkStarting = true;
    });
    client.on("connected", () => {
      this.linkUp = true;
      this.linkStarting = false;
    });
    client.on("close", () => {
      this.linkUp = false;
    });
    client.on("disconnected", () => {
      this.linkUp = false;
      this.linkStarting = false;
    });
  }

  private waitForLink(timeoutMs: number): Promise<void> {
    const client = this.socketReceiver?.client;
    if (!client || !this.linkStarting) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        client.off("connected", done);
        client.off("disconnected", done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      client.once("connected", done);
      client.once("disconnected", done);
    });
  }
}

/** Builds the adapter from Talkoot's configuration, or undefined when Slack is not configured. */
export function slackAdapterFromConfig(
  config: {
    SLACK_BOT_TOKEN?: string;
    SLACK_APP_TOKEN?: string;
    SLACK_SIGNING_SECRET?: string;
    SLACK_API_URL?: string;
  },
  deps: { logger: Logger; isCommand?: (name: string) => boolean },
): SlackAdapter | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  return new SlackAdapter({
    botToken: config.SLACK_BOT_TOKEN,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    logger: deps.logger,
    ...(deps.isCommand ? { isCommand: deps.isCommand } : {}),
  });
}

export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  return new SlackAdapter(options);
}

/** The Web API client wants its base URL with a trailing slash; config strips it. */
function apiBase(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return url.endsWith("/") ? url : `${url}/`;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value ? value : undefined;
}

/** Bolt's message event types are a wide union; read the fields Talkoot needs, checked. */
function asMessageEvent(raw: object): SlackMessageEvent | undefined {
  const e = raw as Record<string, unknown>;
  if (typeof e.type !== "string" || typeof e.channel !== "string" || typeof e.ts !== "string") return undefined;
  const optional = (key: string) => (typeof e[key] === "string" ? { [key]: e[key] as string } : {});
  return {
    type: e.type,
    channel: e.channel,
    ts: e.ts,
    ...optional("subtype"),
    ...optional("user"),
    ...optional("bot_id"),
    ...optional("text"),
    ...optional("channel_type"),
    ...optional("thread_ts"),
  };
}
