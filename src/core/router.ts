// The core's EventSink: every inbound event passes here, from every adapter.
//   dedupe -> identity, chat, community, role -> locale -> dispatch -> boundary
// Handlers never see a platform type, and a failing handler costs the user
// one localised line, never a stack trace.
import { randomBytes } from "node:crypto";
import { type Destination, destinationOf, type SendContext } from "./adapter.js";
import { bindArguments, isBindError } from "./arguments.js";
import { shortenLabel } from "./button-layout.js";
import type { ChatChange, ChatChangeHandler } from "./chat-changes.js";
import type { Clock } from "./clock.js";
import type { CommandGuide } from "./command-guide.js";
import { isTokenizeError, tokenizeCommand } from "./command-line.js";
import type { ActionSpec, CommandSpec, Feature, SubcommandSpec } from "./commands.js";
import type { ChatView, CommunityView, HandlerContext } from "./context.js";
import type { Delivery } from "./delivery.js";
import type { DeliveryKey } from "./delivery-key.js";
import { chooseDirectCommunity } from "./direct-community.js";
import { isUserError, UserError } from "./errors.js";
import {
  EVENT_LEASE_MS,
  EventAlreadyDone,
  type EventCompletion,
  forgetCompletionWrites,
  isDoneCommitted,
  isEventAlreadyDone,
} from "./event-completion.js";
import type {
  EventOutcome,
  EventSink,
  InboundEvent,
  InboundFile,
  MessageRef,
  PollVoteChange,
  SharedPlace,
} from "./events.js";
import { DEFAULT_LOCALE, isLocale, type Locale, localeFromHint, type Translate, type Translator } from "./i18n.js";
import type { Logger } from "./logger.js";
import type { OutboundMessage } from "./messages.js";
import type {
  ActionStore,
  DeferredReplies,
  Directory,
  EventLedger,
  PendingActions,
  ResolvedParticipant,
  StorageOutage,
  StoredActionRecord,
} from "./ports.js";
import { type PostedReply, ReplyDelivery } from "./reply-delivery.js";
import { resolveLocale } from "./resolve-locale.js";
import { type Requirement, type Standing, satisfies } from "./roles.js";
import { isStorageUnavailable, StorageUnavailable } from "./storage-unavailable.js";
import {
  filterSuggestions,
  type Suggest,
  type SuggestContext,
  type Suggestion,
  type SuggestQuery,
} from "./suggestions.js";
import { clip } from "./text.js";
import { safeUserText } from "./user-text.js";

/** Hooks for metrics; the backbone fills them in. */
export interface RouterObserver {
  received?(event: InboundEvent): void;
  handled?(event: InboundEvent, outcome: EventOutcome, seconds: number): void;
}

/** A handler for native poll votes (the polls feature registers one). */
export type PollVoteHandler = (
  ctx: HandlerContext,
  nativePollId: string,
  optionIndexes: number[],
  change: PollVoteChange,
) => Promise<void>;

/** A handler for shared locations (the requests feature registers one). */
export type LocationHandler = (ctx: HandlerContext, place: SharedPlace) => Promise<void>;

export interface RouterDeps {
  ledger: EventLedger;
  directory: Directory;
  actions: ActionStore;
  pendingActions: PendingActions;
  delivery: Delivery;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  /** Tells a database that does not answer from other failures (storage's isStorageOutage). */
  storageOutage: StorageOutage;
  observer?: RouterObserver;
  /** Where a reply the platform will not take now waits (the outbox); without it such a reply fails. */
  deferredReplies?: DeferredReplies;
  /** How often a running handler's claim is renewed; default a third of EVENT_LEASE_MS. */
  claimRenewEveryMs?: number;
}

/** Claims given up while the database was away, remembered at most this many at a time (see process). */
const MAX_ABANDONED_CLAIMS = 10_000;

/** How long a command waits for its author to open a direct chat (see replySecret). */
export const PENDING_ACTION_TTL_MS = 15 * 60_000;

export class Router implements EventSink {
  private readonly commands = new Map<string, CommandSpec>();
  private readonly actionSpecs = new Map<string, ActionSpec>();
  private readonly features: Feature[] = [];
  private pollVoteHandler: PollVoteHandler | undefined;
  private locationHandler: LocationHandler | undefined;
  private chatChangeHandler: ChatChangeHandler | undefined;
  private guide: CommandGuide | undefined;
  private inFlight = new Set<Promise<EventOutcome>>();
  private accepting = true;
  private readonly replies: ReplyDelivery;
  /**
   * Claims whose handler met a database outage and that could not be
   * released then (the database was away), and claims whose write failed
   * midway (it may have reached the database), by event key. Their lease is
   * this live process's, so a redelivery would be "busy" until it ran out;
   * this process releases it first and takes the event again at once.
   */
  private readonly abandoned = new Map<string, EventCompletion>();

  constructor(private readonly deps: RouterDeps) {
    this.replies = new ReplyDelivery(deps.delivery, deps.deferredReplies, deps.clock, deps.logger);
  }

  use(feature: Feature): this {
    this.features.push(feature);
    this.deps.translator.add(feature.translations);
    for (const command of feature.commands) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (this.commands.has(name)) throw new Error(`command /${name} is declared twice`);
        this.commands.set(name, command);
      }
    }
    for (const action of feature.actions ?? []) this.actionSpecs.set(action.name, action);
    return this;
  }

  onPollVote(handler: PollVoteHandler): void {
    this.pollVoteHandler = handler;
  }

  onLocation(handler: LocationHandler): void {
    this.locationHandler = handler;
  }

  /** Who asks for a command's missing pieces, one question at a time (the flows feature). */
  guideWith(guide: CommandGuide): void {
    this.guide = guide;
  }

  /** Who keeps chats right when a platform reports a change to one (the communities feature). */
  onChatChange(handler: ChatChangeHandler): void {
    this.chatChangeHandler = handler;
  }

  async chatChanged(change: ChatChange): Promise<void> {
    if (!this.chatChangeHandler) {
      this.deps.logger.warn({ change }, "chat change with no handler; ignored");
      return;
    }
    await this.chatChangeHandler(change);
  }

  /** Commands in declaration order, for /help and platform command lists. */
  listCommands(): CommandSpec[] {
    return this.features.flatMap((f) => f.commands);
  }

  /** Button actions, as declared (the authorization suite covers each). */
  listActions(): ActionSpec[] {
    return [...this.actionSpecs.values()];
  }

  /** Stop taking events (shutdown); events already started still finish. */
  stopAccepting(): void {
    this.accepting = false;
  }

  /** Resolves when every started handler has finished, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), delay(Math.max(0, deadline - Date.now()))]);
    }
    return this.inFlight.size === 0;
  }

  isAccepting(): boolean {
    return this.accepting;
  }

  handle(event: InboundEvent): Promise<EventOutcome> {
    if (!this.accepting) return Promise.resolve({ status: "unavailable" });
    const work = this.process(event);
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  private async process(event: InboundEvent): Promise<EventOutcome> {
    const started = performance.now();
    this.deps.observer?.received?.(event);
    const key = `${event.platform}:${event.eventId}`;
    const now = this.deps.clock.now();
    let outcome: EventOutcome;
    let claimed = false;
    try {
      await this.releaseAbandoned(key);
      const claim = await this.deps.ledger.claim(key, now);
      claimed = true;
      if (claim === "duplicate") {
        outcome = { status: "duplicate" };
      } else if (claim === "busy") {
        outcome = { status: "duplicate", inProgress: true };
      } else {
        // The claim's key and time: a handler's transaction marks it done with its writes.
        const completion: EventCompletion = { eventKey: key, claimedAt: now };
        const heartbeat = this.keepClaim(completion);
        try {
          outcome = await this.dispatch(event, now, completion);
        } finally {
          clearInterval(heartbeat);
        }
        // The database went away inside the handler: its transaction rolled
        // back, so the event is given back for redelivery, not marked done.
        // A refusal commits nothing its handler asked to commit with the completion (a flow's end stays undone).
        if (outcome.status !== "handled") forgetCompletionWrites(completion);
        if (outcome.status === "unavailable") await this.giveUp(completion);
        else if (!isDoneCommitted(completion)) await this.finish(completion);
      }
    } catch (error) {
      // The ledger itself failed (the database is down), and an adapter must
      // never see an exception from the core. Before the claim nothing was
      // done: "unavailable" tells the adapter not to acknowledge the event,
      // so the platform delivers it again once the database is back.
      if (claimed) outcome = await this.boundary(event, undefined, error);
      else {
        this.deps.logger.warn(
          { err: error, eventId: event.eventId },
          "event not claimed (database down?); left for redelivery",
        );
        // The claim may have been written before the connection broke: if so, it is ours to release.
        if (!this.abandoned.has(key)) this.abandon({ eventKey: key, claimedAt: now });
        outcome = { status: "unavailable" };
      }
    }
    if (outcome.toast !== undefined) {
      const toast = safeUserText(outcome.toast);
      outcome = { ...outcome, toast: shortenLabel(toast, this.deps.delivery.toastLengthOf(event.platform)) };
    }
    this.deps.observer?.handled?.(event, outcome, (performance.now() - started) / 1000);
    return outcome;
  }

  /**
   * Marks a handled event done. If that fails, the handler's work is done
   * all the same (its writes committed, its replies went): the event is not
   * failed or redelivered for it. Its claim then runs out with its lease; a
   * handler whose writes must not repeat marked the event done with them.
   */
  private async finish(completion: EventCompletion): Promise<void> {
    try {
      await this.deps.ledger.finish(completion);
    } catch (error) {
      this.deps.logger.warn({ err: error, eventKey: completion.eventKey }, "could not mark a handled event done");
    }
  }

  /** Releases the claim of an event left for redelivery; if the database is still away, remembers it. */
  private async giveUp(completion: EventCompletion): Promise<void> {
    try {
      await this.deps.ledger.release(completion);
    } catch {
      this.abandon(completion);
    }
  }

  private abandon(completion: EventCompletion): void {
    if (this.abandoned.size >= MAX_ABANDONED_CLAIMS) {
      // The oldest; its lease has long run out, so a redelivery takes it anyway.
      const oldest = this.abandoned.keys().next().value;
      if (oldest !== undefined) this.abandoned.delete(oldest);
    }
    this.abandoned.set(completion.eventKey, completion);
  }

  /** Before a redelivery is claimed: releases this process's claim on it that an outage left behind. */
  private async releaseAbandoned(key: string): Promise<void> {
    const stale = this.abandoned.get(key);
    if (!stale) return;
    await this.deps.ledger.release(stale);
    this.abandoned.delete(key);
  }

  /**
   * Renews the claim's lease while its handler runs, so that a redelivery
   * meanwhile is in progress (not taken twice), while a claim whose process died runs out and
   * is taken again at once. A failed renewal is only logged: if the lease
   * runs out and another delivery takes the event, the handler's transaction
   * (markEventDoneIn) or the other's commits, never both.
   */
  private keepClaim(completion: EventCompletion): ReturnType<typeof setInterval> {
    const every = this.deps.claimRenewEveryMs ?? EVENT_LEASE_MS / 3;
    const heartbeat = setInterval(() => {
      this.deps.ledger.renew(completion, this.deps.clock.now()).then(
        (held) => {
          if (!held) clearInterval(heartbeat);
        },
        (error: unknown) =>
          this.deps.logger.warn({ err: error, eventKey: completion.eventKey }, "could not renew an event's claim"),
      );
    }, every);
    heartbeat.unref?.();
    return heartbeat;
  }

  /**
   * Runs one event. `answer` is the event whose conversation gets the
   * replies: the event itself, or for a command resumed in a direct chat
   * (see resume), the `/start` that resumed it.
   */
  private async dispatch(
    event: InboundEvent,
    now: Date,
    completion: EventCompletion,
    answer: InboundEvent = event,
  ): Promise<EventOutcome> {
    let ctx: RequestContext | undefined;
    try {
      const participant = await this.deps.directory.resolve(event.author, event.conversation, now);
      if (event.conversation.isDirect) {
        await this.deps.directory.rememberDirectChat(event.author.id, event.conversation.chatId);
      }
      ctx = new RequestContext(event, answer, participant, completion, this.deps, this.replies);
      switch (event.kind) {
        case "command":
          // Words the adapter read as a command ("task force" in reply to the bot) answer a flow first.
          if (event.spokenText !== undefined && (await this.guide?.answer(ctx, event.spokenText))) break;
          await this.runCommand(ctx, event.text);
          break;
        case "action":
          await this.press(ctx, event.actionId);
          break;
        case "pollVote":
          if (!this.pollVoteHandler) return { status: "ignored" };
          await this.pollVoteHandler(ctx, event.nativePollId, event.optionIndexes, event.change ?? "set");
          break;
        case "location":
          // A place sent while its person's flow asks where answers that question.
          if (await this.guide?.answerPlace(ctx, event.place)) break;
          if (!this.locationHandler) return { status: "ignored" };
          await this.locationHandler(ctx, event.place);
          break;
        case "message":
          // Plain text is not a command (it may answer the person's guided flow); mentions that start with a command are.
          if (!event.text.trim().startsWith("/")) {
            if (!(await this.guide?.answer(ctx, event.text, event.file))) return { status: "ignored" };
            break;
          }
          await this.runCommand(ctx, event.text);
          break;
      }
      // A toast only shows on a button press; after a typed command it is a reply.
      if (answer.kind !== "action" && ctx.toastText) await ctx.reply(ctx.toastText);
      return { status: "handled", toast: ctx.toastText };
    } catch (error) {
      // Another delivery of this event did (or is doing) its work; this one's transaction rolled back.
      if (isEventAlreadyDone(error)) return { status: "duplicate" };
      if (isStorageUnavailable(error) || this.deps.storageOutage(error)) {
        // Nothing to tell the person: the event comes again once the database is back.
        this.deps.logger.warn(
          { err: error, eventId: event.eventId },
          "database unavailable during a handler; event left for redelivery",
        );
        return { status: "unavailable" };
      }
      return this.boundary(event, ctx, error, answer);
    }
  }

  private async boundary(
    event: InboundEvent,
    ctx: RequestContext | undefined,
    error: unknown,
    answer: InboundEvent = event,
  ): Promise<EventOutcome> {
    const t = ctx?.t ?? this.deps.translator.forLocale(localeFromHint(event.author.locale) ?? DEFAULT_LOCALE);
    let line: string;
    if (isUserError(error)) {
      line = t(error.key, error.params);
    } else {
      const incident = randomBytes(4).toString("hex");
      this.deps.logger.error(
        { err: error, incident, platform: event.platform, kind: event.kind, eventId: event.eventId },
        "handler failed",
      );
      line = t("core:errors.internal", { incident });
    }
    try {
      if (answer.kind === "action") return { status: "failed", toast: line };
      await this.replies.send(destinationOf(answer.conversation), { text: line }, { inReplyTo: answer });
    } catch (sendError) {
      this.deps.logger.error({ err: sendError, eventId: event.eventId }, "could not deliver the error line");
    }
    return { status: "failed", toast: line };
  }

  /**
   * Runs `line` as if its author had typed it here (a deep link naming a
   * command: see builtin /start), with `file` as if sent with it (a guided
   * flow's photo answer, as a photo captioned with the line would be).
   */
  runCommandLine(ctx: HandlerContext, line: string, file?: InboundFile): Promise<void> {
    if (file && ctx instanceof RequestContext) ctx.attach(file);
    return this.runCommand(ctx, line);
  }

  private async runCommand(ctx: HandlerContext, text: string): Promise<void> {
    const tokenized = tokenizeCommand(text);
    if (isTokenizeError(tokenized)) {
      switch (tokenized.error) {
        case "tooLong":
          throw new UserError("core:errors.tooLong", { max: tokenized.max });
        case "controlCharacters":
          throw new UserError("core:errors.controlCharacters");
        case "unterminatedQuote":
          throw new UserError("core:errors.unterminatedQuote", { quote: tokenized.quote });
        default:
          throw new UserError("core:errors.unknownCommand", { command: text.slice(0, 40) });
      }
    }
    const command = this.commands.get(tokenized.name);
    if (!command) throw new UserError("core:errors.unknownCommand", { command: `/${tokenized.name.slice(0, 40)}` });

    const first = tokenized.tokens[0];
    const sub = first && !first.quoted ? command.subcommands?.[first.text.toLowerCase()] : undefined;
    let spec: SubcommandSpec | undefined = sub ?? command.fallback;
    let tokens = sub ? tokenized.tokens.slice(1) : tokenized.tokens;
    // The canonical words that chose the spec: ["setup", "category", "add"].
    const path = sub && first ? [command.name, first.text.toLowerCase()] : [command.name];
    if (!spec) throw new UserError("core:errors.usage", { usage: this.usageOf(ctx.t, command) });
    if (spec.requires) ctx.require(spec.requires);
    // A declared third level: `/setup category add …`.
    for (let next = tokens[0]; spec.subcommands && next && !next.quoted; next = tokens[0]) {
      const child: SubcommandSpec | undefined = spec.subcommands[next.text.toLowerCase()];
      if (!child) break;
      spec = child;
      path.push(next.text.toLowerCase());
      tokens = tokens.slice(1);
      if (spec.requires) ctx.require(spec.requires);
    }
    // A direct chat has no community of its own: a personal command runs for the person's.
    // (Every context the router makes is a RequestContext; a deep link's line runs in the one it was given.)
    if (spec.personal && ctx.event.conversation.isDirect && !ctx.community && ctx instanceof RequestContext) {
      const chosen = chooseDirectCommunity(tokens, await this.deps.directory.membershipsOf(ctx.person.id));
      ctx.actFor(chosen.membership.community);
      tokens = chosen.tokens;
    }

    // A line that lacks a piece its guided flow asks for starts the flow instead of failing on its usage.
    if (this.guide && !spec.verbatim) {
      const given = bindArguments(tokens, { ...spec, min: 0 });
      if (!isBindError(given) && (await this.guide.startIfIncomplete(ctx, path, given))) return;
    }

    const bound = spec.verbatim ? { args: tokens.map((token) => token.text), flags: {} } : bindArguments(tokens, spec);
    if (isBindError(bound)) {
      const usage = ctx.t(spec.usage);
      switch (bound.error) {
        case "unknownFlag":
          throw new UserError("core:errors.unknownFlag", { flag: bound.flag, usage });
        case "missingFlagValue":
          throw new UserError("core:errors.missingFlagValue", { flag: bound.flag, usage });
        case "badInteger":
          throw new UserError("core:errors.badInteger", { flag: bound.flag, value: bound.value.slice(0, 20), usage });
        case "repeatedFlag":
          throw new UserError("core:errors.repeatedFlag", { flag: bound.flag, usage });
        case "missingArgument":
          throw new UserError("core:errors.missingArgument", { usage });
        case "tooManyArguments":
          throw new UserError("core:errors.tooManyArguments", { words: clip(bound.unexpected.join(" ")), usage });
      }
    }
    await spec.run(ctx, bound);
    await this.afterCommand(ctx);
  }

  /** Each feature's line after a command that succeeded (see AfterCommand). */
  private async afterCommand(ctx: HandlerContext): Promise<void> {
    for (const after of this.features.flatMap((f) => f.afterCommand ?? [])) {
      try {
        const line = await after(ctx);
        if (line) await ctx.reply(line);
      } catch (error) {
        this.deps.logger.warn({ err: error, eventId: ctx.event.eventId }, "an after-command line failed");
      }
    }
  }

  /**
   * Runs a button's action: from a press, or from `/press <id>` where buttons
   * cannot be shown. Only from the chat the button was posted to, only the
   * way it was shown there (a real button, or a typed line), and only while
   * that chat is in the button's community, whose role the action checks.
   * Anything else is answered as if the id did not exist.
   */
  async press(ctx: HandlerContext, actionId: string): Promise<void> {
    const stored = await this.deps.actions.find(actionId);
    const spec = stored && this.actionSpecs.get(stored.action);
    if (!stored || !spec || !pressableHere(stored, ctx)) {
      if (ctx.event.kind === "action") throw new UserError("core:errors.staleButton");
      throw new UserError("core:errors.pressUnknown", { id: actionId.slice(0, 24) });
    }
    if (spec.requires) ctx.require(spec.requires);
    await spec.run(ctx, stored.args);
  }

  /**
   * `/start <payload>` in a direct chat: runs the command that `payload`
   * parked (see replySecret) again, answering here. Only the identity that
   * parked it can, once, before it expires.
   */
  async resume(ctx: HandlerContext, payload: string): Promise<void> {
    const now = ctx.clock.now();
    const parked = await this.deps.pendingActions.take(payload, ctx.identityId, now);
    if (!parked) throw new UserError("core:secret.resumeExpired");
    // The `/start` that resumes it is the event claimed: the parked command's writes complete it.
    const outcome = await this.dispatch({ ...parked, receivedAt: now }, now, ctx.completion, ctx.event);
    if (outcome.status === "duplicate") throw new EventAlreadyDone(ctx.completion.eventKey);
    if (outcome.status === "unavailable") throw new StorageUnavailable();
    if (outcome.toast && ctx.event.kind === "action") ctx.toast(outcome.toast);
  }

  /**
   * Values that fit one argument, for a person typing it (autocomplete):
   * from their community, filtered by what they typed. Never throws; an
   * argument without suggestions, or any failure, is an empty list.
   */
  async suggest(query: SuggestQuery): Promise<Suggestion[]> {
    const option = this.suggestedOption(query.path, query.option);
    if (!option?.suggest) return [];
    try {
      const participant = await this.deps.directory.resolve(query.author, query.conversation, this.deps.clock.now());
      const ctx = suggestContext(query, participant, this.deps);
      return filterSuggestions(await option.suggest(ctx, query.typed), query.typed);
    } catch (error) {
      this.deps.logger.warn({ err: error, path: query.path, option: query.option }, "suggestions failed");
      return [];
    }
  }

  private suggestedOption(path: string[], name: string): { suggest?: Suggest } | undefined {
    const command = this.commands.get(path[0] ?? "");
    if (!command) return undefined;
    let spec: SubcommandSpec | undefined = command.subcommands?.[path[1] ?? ""] ?? command.fallback;
    const inner = path[2] === undefined ? undefined : spec?.subcommands?.[path[2]];
    if (inner) spec = inner;
    if (!spec) return undefined;
    const flag = spec.flags?.[name];
    if (typeof flag === "object") return flag;
    return spec.params?.find((p) => p.name === name || (p.repeat && new RegExp(`^${p.name}\\d+$`).test(name)));
  }

  /** All usage lines of a command, one per line. */
  usageOf(t: Translate, command: CommandSpec): string {
    const specs = [...Object.values(command.subcommands ?? {}), ...(command.fallback ? [command.fallback] : [])];
    return [...new Set(specs.map((s) => t(s.usage)))].join("\n");
  }
}

class RequestContext implements HandlerContext {
  readonly person: HandlerContext["person"];
  readonly identityId: string;
  readonly chat: ChatView;
  community: CommunityView | undefined;
  readonly role: HandlerContext["role"];
  readonly standing: Standing;
  readonly locale: Locale;
  readonly t: Translate;
  readonly clock: Clock;
  toastText: string | undefined;

  constructor(
    readonly event: InboundEvent,
    /** The event whose conversation gets the replies (see Router.dispatch). */
    private readonly answer: InboundEvent,
    participant: ResolvedParticipant,
    readonly completion: EventCompletion,
    private readonly deps: RouterDeps,
    private readonly replies: ReplyDelivery,
  ) {
    const { person, chat, community, role } = participant;
    this.identityId = event.author.id;
    this.person = { id: person.id, displayName: person.displayName, locale: asLocale(person.locale) };
    this.chat = {
      id: chat.id,
      platform: chat.platform,
      title: chat.title ?? undefined,
      communityId: chat.communityId ?? undefined,
      role: chat.role === "officials" ? "officials" : "community",
      locale: asLocale(chat.locale),
    };
    this.community = community && {
      id: community.id,
      name: community.name,
      timezone: community.timezone,
      locale: asLocale(community.locale) ?? DEFAULT_LOCALE,
    };
    this.role = role;
    this.standing = {
      role,
      isChatAdmin: event.author.isChatAdmin,
      chatLinked: !!chat.communityId,
      isDirect: event.conversation.isDirect,
    };
    // A personal choice wins, then the chat's, the community's, the platform's hint.
    this.locale = resolveLocale(
      this.person.locale,
      this.chat.locale,
      this.community?.locale,
      localeFromHint(event.author.locale),
    );
    this.t = deps.translator.forLocale(this.locale);
    this.clock = deps.clock;
  }

  /** A file handed to the command this context runs (Router.runCommandLine). */
  private attached: InboundFile | undefined;

  get file(): InboundFile | undefined {
    return this.attached ?? (this.event.kind === "command" ? this.event.file : undefined);
  }

  attach(file: InboundFile): void {
    this.attached = file;
  }

  translateIn(locale: Locale): Translate {
    return this.deps.translator.forLocale(locale);
  }

  reply(message: OutboundMessage | string): Promise<MessageRef[]> {
    const body = typeof message === "string" ? { text: message } : message;
    return this.replies.send(this.replyDestination(), body, this.sendContext());
  }

  replyCard(message: OutboundMessage, delivery?: DeliveryKey, heldRow?: number): Promise<PostedReply> {
    const context = delivery ? { ...this.sendContext(), delivery } : this.sendContext();
    return this.replies.post(this.replyDestination(), message, context, heldRow);
  }

  replyDestination(): Destination {
    return destinationOf(this.answer.conversation);
  }

  async replySecret(produce: () => Promise<OutboundMessage | string>): Promise<"sent" | "refused"> {
    const channel = await this.deps.delivery.privateChannel(
      this.answer.conversation,
      this.identityId,
      this.sendContext(),
    );
    if (channel) {
      const secret = await produce();
      await channel.send(typeof secret === "string" ? { text: secret } : secret);
      return "sent";
    }
    const platform = this.answer.platform;
    let link: string | undefined;
    if (this.deps.delivery.offersDirectChatLink(platform)) {
      const expiresAt = new Date(this.clock.now().getTime() + PENDING_ACTION_TTL_MS);
      const payload = await this.deps.pendingActions.park(this.event, expiresAt);
      link = this.deps.delivery.directChatLink(platform, payload);
    }
    const text = link
      ? this.t("core:secret.openDirectLink", { link, minutes: PENDING_ACTION_TTL_MS / 60_000 })
      : this.t("core:secret.openDirect");
    await this.reply({ text, mention: { identityId: this.identityId, name: this.event.author.name } });
    return "refused";
  }

  private sendContext(): SendContext {
    return { inReplyTo: this.answer };
  }

  async replyPrivately(message: OutboundMessage | string): Promise<void> {
    const body = typeof message === "string" ? { text: message } : message;
    await this.reply({ ...body, ephemeralFor: this.identityId });
  }

  async updateSource(message: OutboundMessage): Promise<void> {
    if (this.event.kind === "action" && this.event.message) {
      await this.deps.delivery.edit(this.event.message, message);
    } else {
      await this.reply(message);
    }
  }

  toast(text: string): void {
    this.toastText = text;
  }

  require(requirement: Requirement): void {
    if (satisfies(this.standing, requirement)) return;
    // A direct chat grants no role; telling someone to set it up would be wrong (it can never be a home).
    if (this.standing.isDirect) throw new UserError("core:errors.directNoRole");
    if (!this.standing.chatLinked && requirement !== "chatAdmin" && requirement !== "member") {
      throw new UserError("core:errors.notLinked");
    }
    throw new UserError("core:errors.forbidden", { role: this.t(`core:roles.${requirement}`) });
  }

  requireCommunity(): CommunityView {
    if (!this.community) throw new UserError("core:errors.notLinked");
    return this.community;
  }

  /**
   * In a direct chat, a personal command acts for one of the person's
   * communities, with no role: a direct chat grants none (roles.ts), so an
   * admin's `/task reminders 60` there is still refused.
   */
  actFor(community: NonNullable<ResolvedParticipant["community"]>): void {
    this.community = {
      id: community.id,
      name: community.name,
      timezone: community.timezone,
      locale: asLocale(community.locale) ?? DEFAULT_LOCALE,
    };
  }
}

/** The press comes from the button's own chat and community, in the form the button was shown. */
function pressableHere(stored: StoredActionRecord, ctx: HandlerContext): boolean {
  const typed = ctx.event.kind !== "action";
  return (
    stored.chatId === ctx.event.conversation.chatId &&
    stored.typed === typed &&
    stored.communityId === (ctx.chat.communityId ?? null)
  );
}

function suggestContext(query: SuggestQuery, participant: ResolvedParticipant, deps: RouterDeps): SuggestContext {
  const { person, chat, community } = participant;
  const personView = { id: person.id, displayName: person.displayName, locale: asLocale(person.locale) };
  const chatView: ChatView = {
    id: chat.id,
    platform: chat.platform,
    title: chat.title ?? undefined,
    communityId: chat.communityId ?? undefined,
    role: chat.role === "officials" ? "officials" : "community",
    locale: asLocale(chat.locale),
  };
  const communityView = community && {
    id: community.id,
    name: community.name,
    timezone: community.timezone,
    locale: asLocale(community.locale) ?? DEFAULT_LOCALE,
  };
  const locale =
    personView.locale ??
    chatView.locale ??
    communityView?.locale ??
    localeFromHint(query.author.locale) ??
    DEFAULT_LOCALE;
  return {
    person: personView,
    identityId: query.author.id,
    chat: chatView,
    community: communityView,
    locale,
    t: deps.translator.forLocale(locale),
    clock: deps.clock,
  };
}

function asLocale(value: string | null | undefined): Locale | undefined {
  return isLocale(value) ? value : undefined;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
