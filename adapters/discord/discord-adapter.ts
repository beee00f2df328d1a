// The Discord adapter: discord.js's gateway client and REST client, Talkoot's
// core for the rest.
//
// Inbound, from the gateway's raw dispatches (no cache is needed, and the
// sequence number is at hand):
//   INTERACTION_CREATE, a slash command  -> a command event (canonical line)
//   INTERACTION_CREATE, a button         -> an action event
//   INTERACTION_CREATE, autocomplete     -> the core's suggestions, answered within 3 s
//   a slash command lacking pieces       -> its guided flow's modal, as the first answer (with `forms`);
//                                           if it cannot be shown, the command goes to the core
//   INTERACTION_CREATE, a modal submit   -> refused answers: one private line; else the one-line command
//   MESSAGE_POLL_VOTE_ADD / _REMOVE      -> poll votes, one answer added or taken back
//   MESSAGE_CREATE, a mention or a DM    -> a command ("@Talkoot request …", with its first file) or a
//                                           message (a guided flow's answer, a photo among them)
// Every interaction is answered within Discord's 3 s (interaction-replies.ts).
// With the durable inbox (Talkoot's store), a command or button press is
// stored before it can be deferred (one insert, within `deferAfterMs`), then
// handled, and leaves the inbox when done; a restart drains what is left and
// answers it through the interaction's webhook while its token lives (15
// minutes), else in the channel. Discord never delivers an interaction again,
// so one that cannot be stored (the database is down) waits in memory.
// Outbound goes through the REST client, which queues per route.
//
// Intents: Guilds, GuildMessages, DirectMessages, GuildMessagePolls,
// DirectMessagePolls; never MessageContent. Sharding: discord.js's internal
// sharding (DISCORD_SHARDS).
import {
  type APIApplicationCommandAutocompleteResponse,
  type APIChatInputApplicationCommandInteractionData,
  type APIInteraction,
  type APIMessageComponentInteraction,
  type APIModalInteractionResponseCallbackData,
  type APIModalSubmitInteraction,
  Client,
  ComponentType,
  Events,
  GatewayDispatchEvents,
  GatewayIntentBits,
  type GatewayMessageCreateDispatchData,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  type RESTPutAPIApplicationCommandsJSONBody,
  Routes,
} from "discord.js";
import type { ChatAdapter, Destination, DownloadedFile, NativePollSpec, SendContext } from "../../src/core/adapter.js";
import type { EventSink, InboundEvent, MessageRef, PollVoteEvent } from "../../src/core/events.js";
import type { FormAsker, FormVerdict, FormWho, GuidedForms } from "../../src/core/forms.js";
import { KeptUpdates } from "../../src/core/kept-updates.js";
import type { Logger } from "../../src/core/logger.js";
import type { RenderedMessage } from "../../src/core/messages.js";
import type { Suggestion } from "../../src/core/suggestions.js";
import { findLeaf, type TypedCommand } from "../../src/core/typed-commands.js";
import { UnavailableRetries } from "../../src/core/unavailable-retries.js";
import type { UpdateInbox } from "../../src/core/update-inbox.js";
import { DISCORD_CAPABILITIES } from "./capabilities.js";
import { DiscordCode, hasCode } from "./delivery-errors.js";
import { downloadDiscordFile } from "./file-download.js";
import { identityIdOf, PLATFORM } from "./ids.js";
import {
  actionEvent,
  type CommandOptions,
  commandEvent,
  factsOf,
  formCommandEvent,
  formWhoOf,
  messageEvent,
  type PollVotePacket,
  pathAndValues,
  pollVoteEvent,
  suggestQuery,
  THREAD_TYPES,
} from "./inbound.js";
import { InteractionReplies, type OpenInteraction } from "./interaction-replies.js";
import { discordModal, fixedFlowOf, fixItRow, formFlowOf, modalAnswers } from "./modal.js";
import { DiscordOutbound } from "./outbound.js";
import { pollVoters } from "./poll-voters.js";
import { type RegisterTarget, registerCommands } from "./registration.js";
import { startFailureLine } from "./startup-errors.js";

/**
 * Only what Talkoot uses. Never MessageContent: commands are interactions,
 * and Discord shows a bot the words and files of messages that mention it
 * and of its DMs without it. GuildMessages and DirectMessages bring those
 * messages (a photo for a request, an answer to a guided flow's question).
 */
export const DISCORD_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.GuildMessagePolls,
  GatewayIntentBits.DirectMessagePolls,
] as const;

export interface DiscordAdapterOptions {
  /** DISCORD_TOKEN. Never logged. */
  token: string;
  /** DISCORD_APPLICATION_ID. */
  applicationId: string;
  /** DISCORD_API_URL: the REST base, e.g. http://proxy:8080/api (discord.js appends /v10). */
  apiUrl?: string;
  /**
   * DISCORD_SHARDS: "auto" (Discord's recommendation) or a count, all run in
   * this process. Unset: what discord.js's ShardingManager assigns this
   * process (SHARDS, SHARD_COUNT), else one shard.
   */
  shards?: "auto" | number;
  logger: Logger;
  /** The router's commands, as typed options (for the canonical line and answers' privacy). */
  commands: () => TypedCommand[];
  /** Slash command definitions, for DISCORD_REGISTER_ON_START. */
  slashCommands?: () => RESTPutAPIApplicationCommandsJSONBody;
  registerOnStart?: RegisterTarget;
  /** When an interaction the core has not answered yet is deferred (default 2000 ms; Discord allows 3000). */
  deferAfterMs?: number;
  /** Suggestions not found in this long are answered with none (default 2500 ms). */
  suggestTimeoutMs?: number;
  /**
   * A rate limit that would hold a send longer than this rejects instead, so
   * the outbox waits it out durably (default 5000 ms). Shorter ones the REST
   * client waits out itself.
   */
  maxRateLimitWaitMs?: number;
  /** Called after the core handled an inbound event (tests, metrics). */
  onHandled?: (event: InboundEvent, status: string) => void;
  /** The durable inbox: interactions are stored there before they are deferred, and drained at start. */
  inbox?: UpdateInbox;
  /** How often the inbox is swept for interactions a dead instance left (default 60 s). */
  inboxSweepMs?: number;
  /** Guided flows as modals; without it every command goes to the core as typed. */
  forms?: GuidedForms;
  /** Whether a word is a Talkoot command, so "@Talkoot thanks" is not taken for "/thanks". Default: every word. */
  isCommand?: (name: string) => boolean;
}

/** An interaction as kept in the inbox: the gateway's payload (with its id and token) and when it came. */
interface KeptInteraction {
  raw: APIInteraction;
  receivedAt: string;
}

/** An interaction as the core sees it, and what answering it needs. */
interface MappedInteraction {
  event: InboundEvent;
  privateAnswer: boolean;
  messageId: string | undefined;
}

/** How long stop() lets events already taken reach the core. */
const STOP_GRACE_MS = 5_000;
/** The inbox insert must land before a deferral is due (2 s by default), or the interaction is handled in memory. */
const STORE_DEADLINE_MS = 1_500;

export class DiscordAdapter implements ChatAdapter {
  readonly platform = PLATFORM;
  readonly capabilities = DISCORD_CAPABILITIES;

  private readonly client: Client;
  private readonly replies: InteractionReplies;
  private readonly outbound: DiscordOutbound;
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly retries: UnavailableRetries;
  private readonly kept: KeptUpdates<KeptInteraction>;
  /** Per person, so that their poll votes are handled in the order they were cast. */
  private readonly lanes = new Map<string, Promise<void>>();
  private sink: EventSink | undefined;
  private accepting = false;
  private closeCode: number | undefined;

  constructor(private readonly options: DiscordAdapterOptions) {
    this.retries = new UnavailableRetries({ logger: options.logger });
    this.kept = new KeptUpdates<KeptInteraction>({
      platform: PLATFORM,
      logger: options.logger,
      ...(options.inbox ? { inbox: options.inbox } : {}),
      idOf: (kept) => kept.raw.id,
      encode: (kept) => JSON.stringify(kept),
      decode: (payload) => JSON.parse(payload) as KeptInteraction,
      handle: (kept) => this.handleKept(kept),
      sweepEveryMs: options.inboxSweepMs ?? 60_000,
    });
    const shards = options.shards;
    this.client = new Client({
      intents: [...DISCORD_INTENTS],
      ...(shards === "auto" ? { shards: "auto" } : {}),
      ...(typeof shards === "number"
        ? { shards: Array.from({ length: shards }, (_, i) => i), shardCount: shards }
        : {}),
      rest: {
        ...(options.apiUrl ? { api: options.apiUrl } : {}),
        // A long wait would hold an outbox send; the outbox waits durably instead.
        rejectOnRateLimit: (limit) => limit.retryAfter > (options.maxRateLimitWaitMs ?? 5_000),
        retries: 2,
        timeout: 10_000,
      },
    });
    this.replies = new InteractionReplies({
      rest: this.client.rest,
      applicationId: options.applicationId,
      logger: options.logger,
      deferAfterMs: options.deferAfterMs,
    });
    this.outbound = new DiscordOutbound({ rest: this.client.rest, replies: this.replies });
    this.client.on(Events.Raw, (packet: { t?: string; s?: number | null; d?: unknown }, shardId: number) =>
      this.onDispatch(packet, shardId),
    );
    this.client.on(Events.ShardDisconnect, (event, shardId) => {
      this.closeCode = event.code;
      options.logger.warn({ code: event.code, shardId }, "discord: a shard closed for good");
    });
    this.client.on(Events.ShardError, (error, shardId) =>
      options.logger.warn({ err: error, shardId }, "discord: a shard reported an error"),
    );
    this.client.on(Events.ShardResume, (shardId) => options.logger.info({ shardId }, "discord: shard resumed"));
  }

  async start(sink: EventSink): Promise<void> {
    this.sink = sink;
    this.accepting = true;
    try {
      await this.client.login(this.options.token);
    } catch (error) {
      this.accepting = false;
      await this.client.destroy().catch(() => undefined);
      throw new Error(startFailureLine(error, this.closeCode), { cause: error });
    }
    const target = this.options.registerOnStart;
    if (target && this.options.slashCommands) {
      const count = await registerCommands(
        this.client.rest,
        this.options.applicationId,
        this.options.slashCommands(),
        target,
      );
      this.options.logger.info({ count, target }, "discord: slash commands registered");
    }
    this.options.logger.info({ shards: this.client.options.shardCount }, "discord: connected");
    // What an earlier run stored and did not finish; a database that is down now is swept again later.
    await this.kept.drain().catch((error: unknown) => {
      this.options.logger.warn({ err: error }, "discord: could not drain the inbox at start; trying again later");
    });
  }

  async stop(): Promise<void> {
    if (!this.accepting && !this.client.isReady()) return;
    this.accepting = false;
    this.retries.stop();
    // Unfinished kept interactions stay in the inbox for the next start.
    await Promise.all([
      this.kept.stop(STOP_GRACE_MS),
      Promise.race([Promise.allSettled([...this.inFlight]), delay(STOP_GRACE_MS)]),
    ]);
    this.replies.clear();
    await this.client.destroy();
    this.sink = undefined;
  }

  isReady(): boolean {
    return this.accepting && this.client.isReady();
  }

  /** The shard ids this process runs (tests, logs). */
  shardIds(): number[] {
    return [...this.client.ws.shards.keys()];
  }

  send(to: Destination, message: RenderedMessage, context?: SendContext): Promise<MessageRef[]> {
    return this.outbound.send(to, message, context);
  }

  edit(ref: MessageRef, message: RenderedMessage): Promise<void> {
    return this.outbound.edit(ref, message);
  }

  /** Discord shows a message to one person only as the answer to their own interaction. */
  canSendEphemeral(_to: Destination, identityId: string, context?: SendContext): boolean {
    return this.outbound.canSendEphemeral(identityId, context);
  }

  sendEphemeral(_to: Destination, identityId: string, message: RenderedMessage, context?: SendContext) {
    return this.outbound.sendEphemeral(identityId, message, context);
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

  async nativePollVotes(ref: MessageRef, runId: string): Promise<PollVoteEvent[]> {
    const receivedAt = new Date();
    const voters = await pollVoters(this.client.rest, ref);
    return voters
      .filter(({ user }) => !user.bot && user.id !== this.client.user?.id)
      .map(({ packet, user, threadParentId }) =>
        pollVoteEvent(packet, "add", {
          sequence: null,
          threadParentId,
          userName: user.global_name ?? user.username,
          receivedAt,
          resyncRun: runId,
        }),
      );
  }

  openDirect(identityId: string): Promise<Destination | null> {
    return this.outbound.openDirect(identityId);
  }

  /** A file someone attached, by its CDN URL (InboundFile.ref), refreshed once it has expired. */
  downloadFile(ref: string, maxBytes: number, types?: readonly string[]): Promise<DownloadedFile> {
    return downloadDiscordFile(this.client.rest, ref, maxBytes, types);
  }

  /** Resolves when every event taken so far has been handled (or after `timeoutMs`). */
  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.inFlight.size > 0 || this.kept.pending > 0) && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight, this.kept.idle()]), delay(deadline - Date.now())]);
    }
  }

  private onDispatch(packet: { t?: string; s?: number | null; d?: unknown }, _shardId: number): void {
    if (!this.accepting || !packet.t) return;
    const receivedAt = new Date();
    switch (packet.t) {
      case GatewayDispatchEvents.InteractionCreate:
        this.onInteraction(packet.d as APIInteraction, receivedAt);
        return;
      case GatewayDispatchEvents.MessageCreate: {
        const message = packet.d as GatewayMessageCreateDispatchData;
        // One person's messages in the order they wrote them: a flow's answers must not swap.
        this.track(this.inLane(message.author.id, () => this.onMessage(message, receivedAt)));
        return;
      }
      case GatewayDispatchEvents.MessagePollVoteAdd:
      case GatewayDispatchEvents.MessagePollVoteRemove: {
        const change = packet.t === GatewayDispatchEvents.MessagePollVoteAdd ? "add" : "remove";
        const vote = packet.d as PollVotePacket;
        // One person's votes in the order Discord sent them: a retraction and a new choice must not swap.
        this.track(this.inLane(vote.user_id, () => this.onPollVote(vote, change, packet.s ?? null, receivedAt)));
        return;
      }
    }
  }

  private onInteraction(raw: APIInteraction, receivedAt: Date): void {
    // A RESUME replays what a dropped connection missed: an interaction held
    // already is the same one, answered by its first delivery; the core drops it.
    const replay = this.replies.has(raw.id);
    if (raw.type === InteractionType.ApplicationCommandAutocomplete) {
      this.track(this.answerAutocomplete(raw.id, raw.token, factsOf(raw, receivedAt), raw.data));
      return;
    }
    if (raw.type === InteractionType.ModalSubmit && this.isForm(raw)) {
      // Checked as the command will (times in the community's timezone, read from the database) before the core takes it.
      if (!replay) {
        this.track(this.takeFormSubmit(raw, receivedAt));
        return;
      }
    }
    const fixed = raw.type === InteractionType.MessageComponent ? this.fixedFlow(raw) : undefined;
    if (fixed !== undefined) {
      if (!replay) this.track(this.reopenForm(raw, fixed, receivedAt));
      return;
    }
    const mapped = this.mapInteraction(raw, receivedAt);
    if (!mapped) return;
    const modal = !replay && raw.type === InteractionType.ApplicationCommand ? this.modalFor(mapped.event) : undefined;
    if (modal) {
      this.track(this.showForm(raw, mapped, modal, receivedAt));
      return;
    }
    this.takeIn(raw, mapped, replay, receivedAt);
  }

  /** Holds the interaction for its answer and hands it to the core, through the inbox when there is one. */
  private takeIn(raw: APIInteraction, mapped: MappedInteraction, replay: boolean, receivedAt: Date): void {
    if (!replay) this.openInteraction(raw, mapped);
    if (this.kept.inbox && !replay) {
      this.track(this.keepInteraction({ raw, receivedAt: receivedAt.toISOString() }, mapped.event));
      return;
    }
    this.track(this.inMemory(mapped.event, replay));
  }

  /** The modal of a command's guided flow, when the command lacks pieces and Discord can show its form. */
  private modalFor(
    event: InboundEvent,
    localeHint = event.author.locale,
  ): APIModalInteractionResponseCallbackData | undefined {
    if (event.kind !== "command" || !this.options.forms) return undefined;
    const form = this.options.forms.formFor(event.text, localeHint);
    return form && discordModal(form);
  }

  /** The modal must be the first answer (no deferral before it); one that cannot be shown leaves the command to the core. */
  private async showForm(
    raw: APIInteraction,
    mapped: MappedInteraction,
    modal: APIModalInteractionResponseCallbackData,
    receivedAt: Date,
  ): Promise<void> {
    // In the language Talkoot knows for them, if the database says so in time; else the client's.
    const asker = await this.options.forms?.askerOf(formWhoOf(factsOf(raw, receivedAt)));
    const shown = (asker?.locale && this.modalFor(mapped.event, asker.locale)) || modal;
    try {
      await this.client.rest.post(Routes.interactionCallback(raw.id, raw.token), {
        auth: false,
        body: { type: InteractionResponseType.Modal, data: shown },
      });
    } catch (error) {
      // Answered already (a replayed delivery): nothing is left to do.
      if (hasCode(error, DiscordCode.AlreadyAcknowledged)) return;
      this.options.logger.info({ err: error }, "discord: the form could not be shown; the core asks instead");
      this.takeIn(raw, mapped, false, receivedAt);
    }
  }

  private isForm(raw: APIModalSubmitInteraction): boolean {
    return this.options.forms !== undefined && formFlowOf(raw.data.custom_id) !== undefined;
  }

  /** The flow of a pressed "Fix it"; undefined for any other component. */
  private fixedFlow(raw: APIInteraction): string | undefined {
    const component = raw as APIMessageComponentInteraction;
    if (!this.options.forms || component.data.component_type !== ComponentType.Button) return undefined;
    return fixedFlowOf(component.data.custom_id);
  }

  /**
   * What the guided flow says of a submitted form: by the steps' schemas
   * alone (all the accepted line needs), or as the command will check it
   * when `asker` says who asks; undefined when it is not a Talkoot form (or
   * the flow is gone).
   */
  private formVerdict(raw: APIModalSubmitInteraction, receivedAt: Date, asker?: FormAsker): FormVerdict | undefined {
    const flow = formFlowOf(raw.data.custom_id);
    if (!flow || !this.options.forms) return undefined;
    const clientLocale = factsOf(raw, receivedAt).locale;
    return this.options.forms.check(
      flow,
      modalAnswers(raw.data),
      asker ?? (clientLocale ? { locale: clientLocale } : {}),
    );
  }

  /** A submitted form: refused privately with what to fix, or handed to the core as its command line. */
  private async takeFormSubmit(raw: APIModalSubmitInteraction, receivedAt: Date): Promise<void> {
    const forms = this.options.forms;
    const flow = formFlowOf(raw.data.custom_id);
    if (!forms || !flow) return;
    const who = formWhoOf(factsOf(raw, receivedAt));
    const verdict = this.formVerdict(raw, receivedAt, await forms.askerOf(who));
    if (verdict && !verdict.ok) {
      await this.refuseForm(raw, flow, who, verdict);
      return;
    }
    const mapped = this.mapInteraction(raw, receivedAt);
    if (mapped) this.takeIn(raw, mapped, false, receivedAt);
  }

  /**
   * Discord cannot show errors on a modal, nor show it again from its
   * submit: the person hears privately what to fix, with a "Fix it" button
   * that opens the form again with what they typed (kept as a draft; without
   * one, no button: they run the command again).
   */
  private async refuseForm(
    raw: APIModalSubmitInteraction,
    flow: string,
    who: FormWho,
    verdict: Extract<FormVerdict, { ok: false }>,
  ): Promise<void> {
    const kept = await this.options.forms!.keepDraft(who, flow, modalAnswers(raw.data));
    try {
      await this.client.rest.post(Routes.interactionCallback(raw.id, raw.token), {
        auth: false,
        body: {
          type: InteractionResponseType.ChannelMessageWithSource,
          data: {
            content: verdict.summary,
            flags: MessageFlags.Ephemeral,
            allowed_mentions: { parse: [] },
            ...(kept ? { components: [fixItRow(flow, verdict.fixLabel)] } : {}),
          },
        },
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, "discord: could not say what to fix in a form");
    }
  }

  /** "Fix it": the form again, prefilled with its draft, in the person's language; or, its draft gone, why not. */
  private async reopenForm(raw: APIInteraction, flow: string, receivedAt: Date): Promise<void> {
    const forms = this.options.forms!;
    const who = formWhoOf(factsOf(raw, receivedAt));
    const draft = await forms.draftForm(who, flow, await forms.askerOf(who));
    const modal = "form" in draft ? discordModal(draft.form) : undefined;
    const gone = "gone" in draft ? draft.gone : "";
    try {
      await this.client.rest.post(Routes.interactionCallback(raw.id, raw.token), {
        auth: false,
        body: modal
          ? { type: InteractionResponseType.Modal, data: modal }
          : {
              type: InteractionResponseType.ChannelMessageWithSource,
              data: { content: gone, flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } },
            },
      });
    } catch (error) {
      this.options.logger.warn({ err: error }, "discord: could not open a refused form again");
    }
  }

  /** Stores the interaction before its deferral is due, then handles it from the inbox; unstored, in memory. */
  private async keepInteraction(kept: KeptInteraction, event: InboundEvent): Promise<void> {
    try {
      await this.kept.keepWithin([kept], STORE_DEADLINE_MS);
    } catch (error) {
      this.options.logger.warn(
        { err: error, eventId: event.eventId },
        "discord: the inbox could not store an interaction",
      );
      await this.inMemory(event, false);
      return;
    }
    this.kept.handleKept([kept]);
  }

  /** Not kept: Discord never delivers an interaction again, so while the database is down it waits here (deferred). */
  private async inMemory(event: InboundEvent, replay: boolean): Promise<void> {
    const sink = this.sink;
    if (!sink) return;
    try {
      const outcome = await this.retries.handle(sink, event);
      if (!replay) await this.replies.finish(event.eventId, outcome);
      this.options.onHandled?.(event, outcome.status);
    } catch (error) {
      this.options.logger.error({ err: error, eventId: event.eventId }, "discord: an interaction was not handled");
    }
  }

  /** One try of a kept interaction: true once the core took it, false to try again later. */
  private async handleKept(kept: KeptInteraction): Promise<boolean> {
    const sink = this.sink;
    if (!sink || !this.accepting) return false;
    const receivedAt = new Date(kept.receivedAt);
    const mapped = this.mapInteraction(kept.raw, receivedAt);
    if (!mapped) return true;
    const { event } = mapped;
    // Taken in by an earlier process: answered through its webhook from now on.
    if (!this.replies.has(event.eventId)) {
      this.replies.resume(event.eventId, this.openOf(kept.raw, mapped), receivedAt.getTime());
    }
    const outcome = await sink.handle(event);
    // "unavailable": the database is down or the core stops; "inProgress": another claim holds it for now.
    if (outcome.status === "unavailable" || outcome.inProgress === true) return false;
    await this.replies.finish(event.eventId, outcome);
    this.options.onHandled?.(event, outcome.status);
    return true;
  }

  /** A command or button press as the core's event; undefined for what Talkoot does not handle. */
  private mapInteraction(raw: APIInteraction, receivedAt: Date): MappedInteraction | undefined {
    const facts = factsOf(raw, receivedAt);
    if (raw.type === InteractionType.ApplicationCommand) {
      const data = raw.data as APIChatInputApplicationCommandInteractionData;
      const commands = this.options.commands();
      const options = data.options ?? [];
      const { path } = pathAndValues(data.name, options);
      return {
        event: commandEvent(facts, data.name, options, commands, data.resolved?.attachments),
        privateAnswer: findLeaf(commands, path)?.spec.privateAnswer === true,
        messageId: undefined,
      };
    }
    if (raw.type === InteractionType.ModalSubmit) {
      const verdict = this.formVerdict(raw, receivedAt);
      if (!verdict?.ok) return undefined;
      return { event: formCommandEvent(facts, verdict.commandLine), privateAnswer: false, messageId: undefined };
    }
    if (raw.type === InteractionType.MessageComponent) {
      const component = raw as APIMessageComponentInteraction;
      if (component.data.component_type !== ComponentType.Button) return undefined;
      const messageId = component.message.id;
      return { event: actionEvent(facts, component.data.custom_id, messageId), privateAnswer: false, messageId };
    }
    return undefined;
  }

  private openInteraction(raw: APIInteraction, mapped: MappedInteraction): void {
    this.replies.open(mapped.event.eventId, this.openOf(raw, mapped));
  }

  private openOf(raw: APIInteraction, { event, privateAnswer, messageId }: MappedInteraction): OpenInteraction {
    return {
      id: raw.id,
      token: raw.token,
      kind: event.kind === "action" ? "component" : "command",
      identityId: identityIdOf(raw.member?.user.id ?? raw.user?.id ?? ""),
      privateAnswer,
      chatId: event.conversation.chatId,
      ...(event.conversation.threadId ? { threadId: event.conversation.threadId } : {}),
      ...(messageId ? { messageId } : {}),
    };
  }

  /** The core's suggestions for the focused option, within Discord's 3 s (none, rather than late). */
  private async answerAutocomplete(
    id: string,
    token: string,
    facts: ReturnType<typeof factsOf>,
    data: { name: string; options?: CommandOptions },
  ): Promise<void> {
    const query = suggestQuery(facts, data.name, data.options ?? []);
    const sink = this.sink;
    let choices: Suggestion[] = [];
    if (query && sink?.suggest) {
      const timeout = delay(this.options.suggestTimeoutMs ?? 2_500).then(() => [] as Suggestion[]);
      choices = await Promise.race([sink.suggest(query), timeout]);
    }
    const body: APIApplicationCommandAutocompleteResponse = {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: choices.map((c) => ({ name: c.label, value: c.value })) },
    };
    try {
      await this.client.rest.post(Routes.interactionCallback(id, token), { auth: false, body });
    } catch (error) {
      this.options.logger.warn({ err: error }, "discord: could not answer an autocomplete");
    }
  }

  private async onPollVote(
    packet: PollVotePacket,
    change: "add" | "remove",
    sequence: number | null,
    receivedAt: Date,
  ) {
    const sink = this.sink;
    if (!sink || packet.user_id === this.client.user?.id) return;
    const user = await this.client.users.fetch(packet.user_id).catch(() => undefined);
    if (user?.bot) return;
    const channel = this.client.channels.cache.get(packet.channel_id);
    const threadParentId =
      channel && THREAD_TYPES.has(channel.type) && "parentId" in channel ? (channel.parentId ?? null) : null;
    const event = pollVoteEvent(packet, change, {
      sequence,
      threadParentId,
      userName: user?.globalName ?? user?.username ?? packet.user_id,
      receivedAt,
    });
    const outcome = await this.retries.handle(sink, event);
    this.options.onHandled?.(event, outcome.status);
  }

  /**
   * A message said to the bot (a mention, a reply to it, its DM). Discord
   * never sends a message again, so like a poll vote it waits in memory
   * while the database is down.
   */
  private async onMessage(message: GatewayMessageCreateDispatchData, receivedAt: Date): Promise<void> {
    const sink = this.sink;
    const botUserId = this.client.user?.id;
    if (!sink || !botUserId) return;
    const channel = this.client.channels.cache.get(message.channel_id);
    const threadParentId =
      channel && THREAD_TYPES.has(channel.type) && "parentId" in channel ? (channel.parentId ?? null) : null;
    const event = messageEvent(
      {
        id: message.id,
        guildId: message.guild_id ?? null,
        channelId: message.channel_id,
        threadParentId,
        content: message.content,
        author: {
          id: message.author.id,
          username: message.author.username,
          globalName: message.author.global_name ?? null,
          ...(message.author.bot ? { bot: true } : {}),
        },
        webhookId: message.webhook_id ?? null,
        nick: message.member?.nick ?? null,
        isGuildAdmin: this.administers(message.guild_id, message.author.id, message.member?.roles ?? []),
        mentionsBot: message.mentions.some((user) => user.id === botUserId),
        attachments: message.attachments,
        receivedAt,
      },
      botUserId,
      this.options.isCommand ?? (() => true),
    );
    if (!event) return;
    const outcome = await this.retries.handle(sink, event);
    this.options.onHandled?.(event, outcome.status);
  }

  /** Whether a member manages or administers the guild, from the cached guild's owner and roles. */
  private administers(guildId: string | undefined, userId: string, roleIds: readonly string[]): boolean {
    const guild = guildId ? this.client.guilds.cache.get(guildId) : undefined;
    if (!guild) return false;
    if (guild.ownerId === userId) return true;
    // The @everyone role's id is the guild's.
    return [guild.id, ...roleIds].some((id) => {
      const permissions = guild.roles.cache.get(id)?.permissions;
      return permissions?.has(PermissionFlagsBits.Administrator) || permissions?.has(PermissionFlagsBits.ManageGuild);
    });
  }

  private inLane(key: string, work: () => Promise<void>): Promise<void> {
    const next = (this.lanes.get(key) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    this.lanes.set(key, settled);
    void settled.then(() => {
      if (this.lanes.get(key) === settled) this.lanes.delete(key);
    });
    return next;
  }

  private track(work: Promise<unknown>): void {
    const guarded = work.catch((error: unknown) =>
      this.options.logger.error({ err: error }, "discord: an inbound event failed"),
    );
    this.inFlight.add(guarded);
    void guarded.finally(() => this.inFlight.delete(guarded));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref?.());
}
