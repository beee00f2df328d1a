// The Slack adapter: Bolt for the transport, Talkoot's core for the rest.
//
//   Socket Mode (SLACK_APP_TOKEN set, the default): Bolt holds a WebSocket to
//   Slack; no public URL is needed.
//   HTTP mode (SLACK_SIGNING_SECRET, no app token): `handleHttp` serves
//   POST /slack/events on the backbone's HTTP server; Bolt verifies the
//   signature and refuses forged or stale (> 5 min) requests with 401.
//
// With the durable inbox (Talkoot's store), every request is stored first
// (one insert, inbox-receiver.ts), then acknowledged, then handled; it leaves
// the inbox when the core is done, and a restart drains what is left. If it
// cannot be stored (the database is down), an Events API delivery is not
// acknowledged, so Slack delivers it again; a command or button press, which
// Slack does not retry, is acknowledged as kept and waits in memory for the
// database (bounded; "catching up, try again" when full). Without an
// inbox, every request is acknowledged first and held in memory instead.
// A button press's toast comes back as an ephemeral message.
//
// Guided flows (with `forms`): a slash command that lacks pieces opens a
// modal with the slash command's trigger_id (Slack gives 3 s), which the
// command's handling reaches within milliseconds of the acknowledgement; if
// the modal cannot be opened (the trigger expired, say after a restart) the
// command goes to the core, which asks question by question. A submission's
// answers are checked before it is acknowledged, so errors show under the
// fields; accepted, it runs as the command typed in the form's channel.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  App,
  type BlockAction,
  type Context,
  HTTPReceiver,
  type ReceiverEvent,
  type Logger as SlackLogger,
  SocketModeReceiver,
  webApi,
} from "@slack/bolt";
import type { ChatAdapter, Destination, DownloadedFile, SendContext, SendRateRule } from "../../src/core/adapter.js";
import type { CommandEvent, EventOutcome, EventSink, InboundEvent, MessageRef } from "../../src/core/events.js";
import type { FormVerdict, GuidedForms } from "../../src/core/forms.js";
import { KeptUpdates } from "../../src/core/kept-updates.js";
import type { Logger } from "../../src/core/logger.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import { paceWithBursts } from "../../src/core/send-pace.js";
import { UnavailableRetries } from "../../src/core/unavailable-retries.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import { boltLogger } from "./bolt-logger.js";
import { SLACK_CAPABILITIES } from "./capabilities.js";
import { ChannelMembership } from "./channel-membership.js";
import { CHAT_EVENT_TYPES, chatChangeOf } from "./chat-events.js";
import { completeFile, downloadSlackFile } from "./file-download.js";
import { SLACK, slackChatId, slackIdentityId } from "./ids.js";
import {
  actionEvent,
  commandEvent,
  filesOf,
  formCommandEvent,
  messageEvent,
  type SlackMessageEvent,
  type SlackPerson,
  teamOfAction,
  teamOfSubmission,
} from "./inbound.js";
import { InboxReceiver, isEventsApi, type KeptSlackRequest, keptRequestOf } from "./inbox-receiver.js";
import { optionalBotScopes, requiredBotScopes, SLACK_EVENTS_PATH } from "./manifest.js";
import {
  FORM_CALLBACK_ID,
  type FormOrigin,
  formAnswers,
  formOrigin,
  isFormSubmission,
  modalView,
  type ViewSubmissionPayload,
} from "./modal-view.js";
import { SlackOutbound } from "./outbound.js";
import { type Respond, ResponseUrls } from "./response-urls.js";
import {
  type BotIdentity,
  checkAuthTest,
  optionalScopesWarning,
  SlackStartupError,
  startupFailureLine,
} from "./startup-check.js";
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
  /** The durable inbox: each request is stored there before Slack is acknowledged, and drained at start. */
  inbox?: UpdateInbox;
  /** How often the inbox is swept for requests a dead instance left (default 60 s). */
  inboxSweepMs?: number;
  /** Shown to a person whose command or press came while the inbox could not store it (localised by the caller). */
  catchingUpLine?: string;
  /** Guided flows as modals; without it every command goes to the core as typed. */
  forms?: GuidedForms;
  /** Shown instead when such a command or press waits in memory for the database (localised by the caller). */
  requestHeldLine?: string;
  /** Commands and presses that may wait in memory for the database at one time (default 1000); more hear "try again". */
  maxWaitingForDatabase?: number;
}

export type SlackMode = "socket" | "http";

/**
 * The Web API client's retry policy, chosen on purpose: Bolt's default
 * retries ten times over about thirty minutes, which would hold a send (and
 * the outbox row behind it) for half an hour. Talkoot has an outbox with its
 * own backoff, so a call retries briefly (twice, within seconds) and then
 * fails, and the outbox decides when to try again. Posting retries not at
 * all (see outbound.ts): a retry after a lost answer would post twice.
 */
export const SLACK_RETRY_CONFIG = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 } as const;
/** No single Web API call may hang longer than this. */
const WEB_API_TIMEOUT_MS = 10_000;
/** "1 per second, short bursts allowed" (docs.slack.dev/apis/web-api/rate-limits): one more at once, no more. */
export const SLACK_POST_PACE = paceWithBursts({ intervalMs: 1_000, burst: 2, horizon: 10 });
/** How long stop() lets events already acknowledged reach the core. */
const STOP_GRACE_MS = 5_000;
/** The inbox insert must land well inside Slack's 3 s, or the request counts as not stored. */
const STORE_DEADLINE_MS = 1_500;
const CATCHING_UP_LINE = "Talkoot is catching up. Please try again in a moment.";
const REQUEST_HELD_LINE = "Talkoot is catching up: what you sent is kept and goes through in a moment.";

/** A view_submission answered with errors under its fields. */
interface FormRefusal {
  response_action: "errors";
  errors: Record<string, string>;
}

/** What a replayed (kept) request came to: taken by the core, to be tried again, or a failed try. */
type Verdict = boolean | { error: unknown };

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
  private readonly kept: KeptUpdates<KeptSlackRequest>;
  /** The verdicts of kept requests being replayed through Bolt, by inbox id. */
  private readonly verdicts = new Map<string, Verdict>();
  private app: App | undefined;
  private sink: EventSink | undefined;
  private identity: BotIdentity | undefined;
  private running = false;
  private linkUp = false;
  private linkStarting = false;

  constructor(private readonly options: SlackAdapterOptions) {
    this.retries = new UnavailableRetries({
      logger: options.logger,
      ...(options.maxWaitingForDatabase !== undefined ? { maxWaiting: options.maxWaitingForDatabase } : {}),
    });
    this.kept = new KeptUpdates<KeptSlackRequest>({
      platform: SLACK,
      logger: options.logger,
      ...(options.inbox ? { inbox: options.inbox } : {}),
      idOf: (request) => request.id,
      encode: (request) => JSON.stringify(request),
      decode: (payload) => JSON.parse(payload) as KeptSlackRequest,
      handle: (request) => this.replay(request),
      sweepEveryMs: options.inboxSweepMs ?? 60_000,
    });
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
    this.outbound = new SlackOutbound({
      client: this.client,
      // A post retried after its answer was lost would show twice: no retries inside the client.
      postClient: new webApi.WebClient(options.botToken, { ...this.clientOptions, retryConfig: { retries: 0 } }),
      responseUrls: this.responseUrls,
      logger: options.logger,
    });
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
    const receiver = (this.socketReceiver ?? this.httpReceiver)!;
    const app = new App({
      token: this.options.botToken,
      botId: this.identity.botId,
      botUserId: this.identity.botUserId,
      receiver: this.options.inbox ? new InboxReceiver(receiver, (event) => this.take(event)) : receiver,
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
    // What an earlier run stored and did not finish; a database that is down now is swept again later.
    await this.kept.drain().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "slack: could not drain the inbox at start; trying again later");
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.retries.stop();
    // Unfinished kept requests stay in the inbox for the next start.
    await Promise.all([this.kept.stop(STOP_GRACE_MS), this.settle(STOP_GRACE_MS)]);
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

  /** chat.postMessage allows about one message a second per channel, and short bursts. */
  sendLimits(): SendRateRule[] {
    return SLACK_POST_PACE;
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

  /** A file someone sent, by its file id (InboundFile.ref): files.info, then its url_private_download. */
  downloadFile(ref: string, maxBytes: number, types?: readonly string[]): Promise<DownloadedFile> {
    const apiOrigin = this.options.apiUrl ? new URL(this.options.apiUrl).origin : undefined;
    return downloadSlackFile(
      { client: this.client, botToken: this.options.botToken, ...(apiOrigin ? { apiOrigin } : {}) },
      ref,
      maxBytes,
      types,
    );
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
    while (this.pending.size > 0 || this.kept.pending > 0) {
      const all = Promise.allSettled([...this.pending, this.kept.idle()]).then(() => "done" as const);
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
    const identity = checkAuthTest(result, requiredBotScopes());
    const warning = optionalScopesWarning(result, optionalBotScopes());
    if (warning) this.options.logger.warn(warning);
    return identity;
  }

  private listen(app: App): void {
    app.use(async (args) => {
      // Kept in the inbox, or held in memory: acknowledged already (take), replayed here.
      if (stringOf(args.context.inboxId) || args.context.heldInMemory === true) {
        await args.next();
        return;
      }
      // Without an inbox, acknowledge first, always: Slack wants an answer
      // within 3 s, and nothing before this line waits on the database or
      // another API call. (Events API deliveries are acknowledged by Bolt
      // before middleware runs.) Stopping: leave it unacknowledged, so Slack
      // delivers it again instead of it being acknowledged and dropped.
      if (!this.running || this.sink?.isAccepting?.() === false) return;
      if ("ack" in args && typeof args.ack === "function") {
        // A form's errors can only travel in the acknowledgement itself.
        const refusal = isFormSubmission(args.body) ? await this.formRefusal(args.body) : undefined;
        await (args.ack as (answer?: FormRefusal) => Promise<void>)(refusal);
        if (refusal) return;
      }
      await args.next();
    });

    app.command(/.*/, async ({ command, respond, context }) => {
      const receivedAt = new Date();
      const envelopeId = stringOf(context.envelopeId);
      await this.handoff(context, async () => {
        const person = await this.people.person(command.team_id, command.user_id, command.user_name);
        const event = commandEvent(command, person, { receivedAt, ...(envelopeId ? { envelopeId } : {}) });
        if (!event.conversation.isDirect) {
          const member = await this.membership.isMember(command.channel_id);
          if (member !== undefined) event.conversation.botIsMember = member;
        }
        // The modal took the command: its submission comes back as the whole line.
        if (await this.openForm(event, person, command)) return undefined;
        this.responseUrls.remember(event.eventId, respond as Respond);
        return event;
      });
    });

    app.view(FORM_CALLBACK_ID, async ({ body, context }) => {
      const receivedAt = new Date();
      const envelopeId = stringOf(context.envelopeId);
      await this.handoff(context, async () => {
        if (!isFormSubmission(body)) return undefined;
        const answer = await this.formAnswer(body);
        if (!answer?.verdict.ok) return undefined;
        return formCommandEvent(body, answer.origin, answer.verdict.commandLine, answer.person, {
          receivedAt,
          ...(envelopeId ? { envelopeId } : {}),
        });
      });
    });

    app.action<BlockAction>({ type: "block_actions" }, async ({ body, respond, context }) => {
      const receivedAt = new Date();
      const envelopeId = stringOf(context.envelopeId);
      await this.handoff(
        context,
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

    app.event("app_mention", async ({ event, body, context }) => this.onMessage(event, body.team_id, context));
    app.event("message", async ({ event, body, context }) => {
      // Only the bot's DMs: channel messages reach Talkoot as mentions.
      if ((event as { channel_type?: unknown }).channel_type === "im")
        await this.onMessage(event, body.team_id, context);
    });

    for (const type of CHAT_EVENT_TYPES) {
      app.event(type, async ({ event, body, context }) => this.onChatEvent(event, body.team_id, context));
    }

    app.error(async (error) => {
      this.options.logger.error({ err: error }, "slack: Bolt reported an error");
    });
  }

  /**
   * Takes a request from Bolt's receiver (with an inbox): stores it, then
   * acknowledges it, then handles it in the background until the core takes it.
   */
  private async take(event: ReceiverEvent): Promise<void> {
    // Stopping: unacknowledged (a 500 over HTTP), so Slack delivers it again, here after the restart or elsewhere.
    if (!this.running || this.sink?.isAccepting?.() === false) throw new Error("slack: not taking events now");
    if (isFormSubmission(event.body)) {
      // Refused answers are shown under the fields and kept nowhere: the modal stays open.
      const refusal = await this.formRefusal(event.body);
      if (refusal) {
        await event.ack(refusal);
        return;
      }
    }
    const request = keptRequestOf(event, stringOf(event.customProperties?.envelopeId));
    try {
      await this.kept.keepWithin([request], STORE_DEADLINE_MS);
    } catch (error) {
      if (isEventsApi(request.body)) {
        throw new Error("slack: the inbox could not store an event; Slack delivers it again", { cause: error });
      }
      this.options.logger.warn({ err: error, id: request.id }, "slack: the inbox could not store a request");
      await this.holdInMemory(event, request);
      return;
    }
    await event.ack();
    this.kept.handleKept([request]);
  }

  /**
   * Opens the command's form, if it lacks pieces and has one; false when
   * not (the core then handles the command, asking question by question).
   */
  private async openForm(
    event: CommandEvent,
    person: SlackPerson,
    command: { trigger_id?: string; channel_id: string },
  ): Promise<boolean> {
    const forms = this.options.forms;
    // A channel the bot is not in could not hear the command's result.
    if (!forms || !command.trigger_id || event.conversation.botIsMember === false) return false;
    if (!forms.formFor(event.text, person.locale)) return false;
    // In the language Talkoot knows for them, if the database says so in time.
    const asker = await forms.askerOf({
      identityId: event.author.id,
      chatId: event.conversation.chatId,
      platform: SLACK,
      ...(person.locale ? { platformLocale: person.locale } : {}),
    });
    const form = forms.formFor(event.text, asker.locale);
    if (!form) return false;
    try {
      await this.client.views.open({
        trigger_id: command.trigger_id,
        view: modalView(form, { flow: form.flow, channelId: command.channel_id }),
      });
      return true;
    } catch (error) {
      this.options.logger.info({ err: error }, "slack: the form could not be opened; the core asks instead");
      return false;
    }
  }

  /**
   * A submitted form's origin, its person and what the flow says of the
   * answers; undefined when it is not (or no longer) Talkoot's. `asked`:
   * checked as the command will (times in the community's timezone) and
   * told in the person's language, as for the acknowledgement; without it,
   * by the steps' schemas alone, which is all the accepted line needs.
   */
  private async formAnswer(
    body: ViewSubmissionPayload,
    asked = false,
  ): Promise<{ origin: FormOrigin; person: SlackPerson; verdict: FormVerdict } | undefined> {
    const forms = this.options.forms;
    const origin = formOrigin(body);
    if (!origin || !forms) return undefined;
    const team = teamOfSubmission(body);
    const person = await this.people.person(team, body.user.id, body.user.username ?? body.user.name);
    const asker = asked
      ? await forms.askerOf({
          identityId: slackIdentityId(team, body.user.id),
          chatId: slackChatId(team, origin.channelId),
          platform: SLACK,
          ...(person.locale ? { platformLocale: person.locale } : {}),
        })
      : { ...(person.locale ? { locale: person.locale } : {}) };
    const verdict = forms.check(origin.flow, formAnswers(body), asker);
    return verdict ? { origin, person, verdict } : undefined;
  }

  /** The acknowledgement that shows a submission's errors under its fields; undefined to accept it (and close the modal). */
  private async formRefusal(body: ViewSubmissionPayload): Promise<FormRefusal | undefined> {
    const answer = await this.formAnswer(body, true);
    if (!answer || answer.verdict.ok) return undefined;
    return { response_action: "errors", errors: answer.verdict.errors };
  }

  /**
   * A command or press Slack will not send again, and the inbox cannot store
   * it (the database is down): it waits in memory for the database, within
   * the bounded room UnavailableRetries keeps, and the person hears it is
   * kept. With no room left they hear to try again instead. A crash while it
   * waits loses it (the bounded in-memory queue); a store that landed
   * after all is drained later and taken as a duplicate by the event's id.
   */
  private async holdInMemory(event: ReceiverEvent, request: KeptSlackRequest): Promise<void> {
    const app = this.app;
    if (!app || !this.retries.hasRoom()) {
      await this.answerCatchingUp(event, this.options.catchingUpLine ?? CATCHING_UP_LINE);
      return;
    }
    await this.answerCatchingUp(event, this.options.requestHeldLine ?? REQUEST_HELD_LINE);
    const held = app.processEvent({
      body: request.body,
      ack: async () => {},
      customProperties: { heldInMemory: true, ...(request.envelopeId ? { envelopeId: request.envelopeId } : {}) },
    });
    this.track(
      held.catch((error: unknown) => this.options.logger.error({ err: error }, "slack: a held request failed")),
    );
  }

  /** Acknowledges a command or press with `text`, shown to the person alone. */
  private async answerCatchingUp(event: ReceiverEvent, text: string): Promise<void> {
    const body = event.body as Record<string, unknown>;
    if (typeof body.command === "string") {
      await event.ack({ response_type: "ephemeral", text });
      return;
    }
    await event.ack();
    const url = stringOf(body.response_url);
    if (!url) return;
    await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text }),
    }).catch((error: unknown) => this.options.logger.warn({ err: error }, "slack: could not say to try again"));
  }

  /** One try of a kept request: replayed through Bolt; true once the core took it, false to try again later. */
  private async replay(request: KeptSlackRequest): Promise<boolean> {
    const app = this.app;
    if (!app || !this.running || this.sink?.isAccepting?.() === false) return false;
    this.verdicts.delete(request.id);
    await app.processEvent({
      body: request.body,
      ack: async () => {},
      customProperties: { inboxId: request.id, ...(request.envelopeId ? { envelopeId: request.envelopeId } : {}) },
    });
    const verdict = this.verdicts.get(request.id);
    this.verdicts.delete(request.id);
    if (typeof verdict === "object") throw verdict.error;
    // No listener took it (not for Talkoot): done.
    return verdict ?? true;
  }

  /** The bot left, was removed, or the channel archived; or the bot joined (again). */
  private async onChatEvent(event: object, teamId: string, context: Context): Promise<void> {
    const work = (async () => {
      const botUserId = this.identity?.botUserId;
      const sink = this.sink;
      if (!botUserId || !sink?.chatChanged) return true;
      const change = chatChangeOf(event, teamId, botUserId);
      // Idempotent in the core; a storage failure throws, and a kept request is tried again.
      if (change) await sink.chatChanged(change);
      return true;
    })();
    const inboxId = stringOf(context.inboxId);
    if (inboxId) return this.settleKept(inboxId, work);
    this.track(
      work.then(
        () => undefined,
        (error: unknown) => this.options.logger.error({ err: error }, "slack: a chat change could not be recorded"),
      ),
    );
  }

  /** Work started after an acknowledgement, which stop() waits for. */
  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async onMessage(raw: object, teamId: string, context: Context): Promise<void> {
    const receivedAt = new Date();
    const event = asMessageEvent(raw);
    const botUserId = this.identity?.botUserId;
    if (!event?.user || !botUserId) return;
    const user = event.user;
    await this.handoff(context, async () => {
      const person = await this.people.person(teamId, user);
      const mapped = messageEvent(event, person, {
        receivedAt,
        teamId,
        botUserId,
        isCommand: this.options.isCommand ?? (() => true),
      });
      if (!mapped?.file) return mapped;
      return { ...mapped, file: await completeFile(this.client, mapped.file) };
    });
  }

  /**
   * Looks the person up, hands the event to the core, then `after`. A kept
   * request (replayed from the inbox) is awaited and its verdict noted; without
   * an inbox it runs in the background after the acknowledgement, and waits
   * in memory while the database is down.
   */
  private async handoff(
    context: Context,
    build: () => Promise<InboundEvent | undefined>,
    after?: (event: InboundEvent, outcome: EventOutcome) => Promise<void>,
  ): Promise<void> {
    const inboxId = stringOf(context.inboxId);
    if (inboxId) return this.settleKept(inboxId, this.toCore(build, after, false));
    this.track(
      this.toCore(build, after, true).then(
        () => undefined,
        (error: unknown) => this.options.logger.error({ err: error }, "slack: an inbound event could not be handled"),
      ),
    );
  }

  /** True when the core took the event (or there was none); false when it should come again. */
  private async toCore(
    build: () => Promise<InboundEvent | undefined>,
    after: ((event: InboundEvent, outcome: EventOutcome) => Promise<void>) | undefined,
    inMemory: boolean,
  ): Promise<boolean> {
    const sink = this.sink;
    if (!sink || !this.running) return false;
    const event = await build();
    if (!event) return true;
    const outcome = inMemory ? await this.retries.handle(sink, event) : await sink.handle(event);
    // "unavailable": the database is down or the core stops; "inProgress": another claim holds it for now.
    if (!inMemory && (outcome.status === "unavailable" || outcome.inProgress === true)) return false;
    if (after) await after(event, outcome);
    this.options.onHandled?.(event, outcome);
    return true;
  }

  /** Notes a kept request's verdict for replay(); a later "again" or failure outweighs an earlier "done". */
  private async settleKept(inboxId: string, work: Promise<boolean>): Promise<void> {
    let verdict: Verdict;
    try {
      verdict = await work;
    } catch (error) {
      verdict = { error };
    }
    const earlier = this.verdicts.get(inboxId);
    if (earlier === undefined || earlier === true) this.verdicts.set(inboxId, verdict);
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
  deps: {
    logger: Logger;
    isCommand?: (name: string) => boolean;
    inbox?: UpdateInbox;
    catchingUpLine?: string;
    forms?: GuidedForms;
    requestHeldLine?: string;
  },
): SlackAdapter | undefined {
  if (!config.SLACK_BOT_TOKEN) return undefined;
  return new SlackAdapter({
    botToken: config.SLACK_BOT_TOKEN,
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
    logger: deps.logger,
    ...(deps.isCommand ? { isCommand: deps.isCommand } : {}),
    ...(deps.inbox ? { inbox: deps.inbox } : {}),
    ...(deps.catchingUpLine ? { catchingUpLine: deps.catchingUpLine } : {}),
    ...(deps.forms ? { forms: deps.forms } : {}),
    ...(deps.requestHeldLine ? { requestHeldLine: deps.requestHeldLine } : {}),
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
    ...filesOf(e.files),
  };
}
