// The router's CommandGuide: starts a flow for a command line that lacks a
// piece, takes the person's answers, and ends in the one-line command run
// through the router like any typed line. State is per person per chat, in
// the database, saved with the event's completion; each save renews the
// flow's 15 minutes and its expiry job.
import type { CommandGuide } from "../../core/command-guide.js";
import type { CommandInput } from "../../core/commands.js";
import type { HandlerContext } from "../../core/context.js";
import { isUserError, UserError } from "../../core/errors.js";
import type { InboundFile, MessageRef, SharedPlace } from "../../core/events.js";
import type { Button, OutboundMessage } from "../../core/messages.js";
import type { GuidedFlowRecord } from "../../core/ports.js";
import type { Outbox } from "../../outbox/outbox.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import { alsoWhenDone, markEventDoneIn } from "../../storage/repositories/processed-events.js";
import type { Store } from "../../storage/store.js";
import { guidedStartOf } from "../guided-start.js";
import { type HeldReply, type HeldReplyOutbox, holdReply, sendHeldReply } from "../held-reply.js";
import {
  answerFlow,
  answerFlowWithPlace,
  type Choice,
  type FlowAnswers,
  type FlowDefinition,
  type FlowProgress,
  type FlowState,
  type FlowStep,
  fileOfAnswer,
  reopenStep,
  SKIP_ANSWER,
  startFlow,
} from "./flow.js";
import { previewMessage, questionMessage, whichPieceMessage } from "./flow-messages.js";
import { flowFor, guidedCommandOf } from "./guided-commands.js";

/** How long a flow waits for its next answer. */
export const FLOW_TTL_MS = 15 * 60_000;
export const FLOW_EXPIRY_JOB = "flows.expire";
/** The outbox purpose of a flow's question or preview. */
export const FLOW_REPLY_PURPOSE = "flows.reply";

/** Runs a finished flow's command line as if its author had typed it (the router). */
export interface CommandLines {
  runCommandLine(ctx: HandlerContext, line: string, file?: InboundFile): Promise<void>;
}

/** Choices a community supplies for a step (FlowStep.choicesFrom), read when the step is asked. */
export type ChoiceList = (ctx: HandlerContext) => Promise<Choice[]>;

/** A feature's own buttons on a flow's preview, from the answers (the request's "📍 Nearby"). */
export type PreviewButtons = (ctx: HandlerContext, answers: FlowAnswers) => Promise<Button[]>;

/** Buttons a question shows from a community's list at most; more are typed. */
const MAX_LISTED_CHOICES = 9;

export interface FlowGuideDeps {
  store: Store;
  /** Where a flow's question waits, held, in case the process dies before it is sent (see show). */
  outbox: HeldReplyOutbox & Pick<Outbox, "sentRefsOf">;
  jobs: Pick<JobQueue, "schedule">;
  commands: () => CommandLines;
  /** By FlowStep.choicesFrom: "request-categories". */
  choiceLists?: Readonly<Record<string, ChoiceList>>;
  /** By flow name: "request". */
  previewButtons?: Readonly<Record<string, PreviewButtons>>;
}

interface OpenFlow {
  record: GuidedFlowRecord;
  flow: FlowDefinition;
  state: FlowState;
}

export class FlowGuide implements CommandGuide {
  constructor(private readonly deps: FlowGuideDeps) {}

  async startIfIncomplete(ctx: HandlerContext, path: readonly string[], given: CommandInput): Promise<boolean> {
    // Every guided command acts for a community: elsewhere the command itself says what to do.
    if (!ctx.community) return false;
    const start = flowFor(path, given);
    if (!start) return false;
    // A choice with nothing to choose from (no categories yet): the command says why itself.
    for (const step of start.flow.steps) {
      if (step.choicesFrom && !step.optional && !(step.key in start.answers)) {
        if ((await this.choicesOf(ctx, step)).length === 0) return false;
      }
    }
    await this.show(ctx, start.flow, startFlow(start.flow, start.answers));
    return true;
  }

  async answer(ctx: HandlerContext, text: string, file?: InboundFile): Promise<boolean> {
    const open = await this.open(ctx);
    if (!open) return false;
    // After the preview only its buttons move on; words then are talk, left alone.
    if (open.state.step >= open.flow.steps.length) return false;
    if (!(await this.repliesToOwnQuestion(ctx, open.record))) return false;
    // The Skip button's word in the person's language skips too ("ohita", "hoppa över").
    const skipped = !file && text.trim().toLowerCase() === ctx.t("flows:buttons.skip").toLowerCase();
    await this.answerWith(ctx, open, skipped ? SKIP_ANSWER : text, file);
    return true;
  }

  /** Applies an answer; one the command would refuse asks the same question again, with the command's line. */
  private async answerWith(ctx: HandlerContext, open: OpenFlow, answer: string, file?: InboundFile): Promise<void> {
    await this.advance(ctx, open, answerFlow(open.flow, open.state, answer, file));
  }

  /** Moves the flow to `progress`, unless the command's own check refuses the answer given. */
  private async advance(ctx: HandlerContext, open: OpenFlow, progress: FlowProgress): Promise<void> {
    const step = open.flow.steps[open.state.step];
    const given = step && progress.outcome !== "invalid" ? progress.state.answers[step.key] : undefined;
    if (step && given) {
      try {
        guidedCommandOf(open.flow.name)?.check?.(ctx, step.key, given);
      } catch (error) {
        if (!isUserError(error)) throw error;
        await this.show(
          ctx,
          open.flow,
          { outcome: "invalid", state: open.state, step },
          ctx.t(error.key, error.params),
        );
        return;
      }
    }
    // Words where a photo is asked for: say that a photo is wanted, not only that it did not fit.
    const wantedPhoto = progress.outcome === "invalid" && step?.kind === "photo";
    await this.show(ctx, open.flow, progress, wantedPhoto ? ctx.t("flows:photo.wanted") : undefined);
  }

  /**
   * A location or venue shared while the person's flow asks where: their
   * answer. In a group only as a reply to that question (privacy mode lets
   * only replies to the bot through, and a place shared with the chat for a
   * request is no answer); in a direct chat whenever that question is open.
   */
  async answerPlace(ctx: HandlerContext, place: SharedPlace): Promise<boolean> {
    const open = await this.open(ctx);
    const progress = open && answerFlowWithPlace(open.flow, open.state, place);
    if (!open || !progress) return false;
    if (!ctx.event.conversation.isDirect) {
      if (!repliedMessageOf(ctx.event)) return false;
      if (!(await this.repliesToOwnQuestion(ctx, open.record))) return false;
    }
    await this.advance(ctx, open, progress);
    return true;
  }

  /** A choice's button: the same as typing it, if that question is still the one asked. */
  async pressAnswer(ctx: HandlerContext, args: string[]): Promise<void> {
    const [owner, key, value] = args;
    const open = await this.openFor(ctx, owner);
    if (open.flow.steps[open.state.step]?.key !== key || value === undefined) throw new UserError("flows:gone");
    await this.answerWith(ctx, open, value);
  }

  async pressSkip(ctx: HandlerContext, args: string[]): Promise<void> {
    await this.pressAnswer(ctx, [args[0] ?? "", args[1] ?? "", SKIP_ANSWER]);
  }

  /**
   * The preview's Create: the one-line command, through the router, as if
   * typed, with a photo answer as the file sent with it; the flow ends with it.
   */
  async create(ctx: HandlerContext, args: string[]): Promise<void> {
    const open = await this.openFor(ctx, args[0]);
    const progress = startFlow(open.flow, open.state.answers);
    if (progress.outcome !== "preview") {
      await this.show(ctx, open.flow, progress);
      return;
    }
    // The flow ends in the transaction that completes this press, with the command's own effects
    // (or the router's finish, for a command that commits none): a crash before it leaves the preview
    // for the redelivered press, one after it a duplicate. A refusal (a time it cannot read) commits
    // nothing, so the flow stays for Edit to fix the piece.
    const { chatId, personId } = open.record;
    alsoWhenDone(ctx.completion, (tx) => this.deps.store.guidedFlows.end(chatId, personId, tx));
    const photo = open.flow.steps.find((step) => step.kind === "photo");
    const file = photo && fileOfAnswer(open.state.answers[photo.key]);
    await this.deps.commands().runCommandLine(ctx, progress.commandLine, file);
  }

  async edit(ctx: HandlerContext, args: string[]): Promise<void> {
    const open = await this.openFor(ctx, args[0]);
    await ctx.reply(whichPieceMessage(ctx, open.flow));
  }

  /** Asks one piece again, the other answers kept; then the preview again. */
  async change(ctx: HandlerContext, args: string[]): Promise<void> {
    const open = await this.openFor(ctx, args[0]);
    const key = args[1] ?? "";
    if (!open.flow.steps.some((step) => step.key === key)) throw new UserError("flows:gone");
    await this.show(ctx, open.flow, reopenStep(open.flow, open.state, key));
  }

  /**
   * A guided-start button (guided-start.ts): the questions of the command it
   * names, with the pieces it carries, for whoever pressed it. A command the
   * button makes complete, or a chat without a community, has no questions.
   */
  async startFromButton(ctx: HandlerContext, args: string[]): Promise<void> {
    const start = guidedStartOf(args);
    if (!(await this.startIfIncomplete(ctx, start.words, { args: start.args, flags: {} }))) {
      throw new UserError("flows:gone");
    }
  }

  /** /cancel and the Cancel buttons. */
  async cancel(ctx: HandlerContext, owner?: string): Promise<void> {
    if (owner !== undefined && owner !== ctx.person.id) throw new UserError("flows:notYours");
    const ended = await this.deps.store.database.db.$transaction(async (tx) => {
      await markEventDoneIn(tx, ctx.completion);
      return this.deps.store.guidedFlows.end(ctx.chat.id, ctx.person.id, tx);
    });
    await ctx.reply(ctx.t(ended ? "flows:cancel.done" : "flows:cancel.none"));
  }

  /**
   * Saves where the flow is now and queues its question (or preview) in one
   * transaction with the event's completion, then sends that reply at once.
   * The queued copy is held back while this send runs and settled after it,
   * so the outbox posts it only when the process died in between: the
   * person gets it exactly once, and a redelivery of the event is a duplicate.
   */
  private async show(
    ctx: HandlerContext,
    flow: FlowDefinition,
    progress: FlowProgress,
    /** Why the answer was refused, when the command's own check said so. */
    refusal?: string,
  ): Promise<void> {
    const now = ctx.clock.now();
    const expiresAt = new Date(now.getTime() + FLOW_TTL_MS);
    const message = await this.replyFor(ctx, flow, progress, refusal);
    const record: GuidedFlowRecord = {
      chatId: ctx.chat.id,
      personId: ctx.person.id,
      identityId: ctx.identityId,
      flow: flow.name,
      step: progress.state.step,
      answers: progress.state.answers,
      expiresAt,
    };
    const held = await this.deps.store.database.db.$transaction(async (tx) => {
      await markEventDoneIn(tx, ctx.completion);
      const reply = await holdReply(this.deps.outbox, ctx, message, FLOW_REPLY_PURPOSE, tx);
      await this.deps.store.guidedFlows.save({ ...record, question: { outboxId: reply.outboxId } }, tx);
      await this.deps.jobs.schedule(FLOW_EXPIRY_JOB, expiresAt, null, { dedupeKey: expiryKey(record), tx });
      return reply;
    });
    await this.sendHeld(ctx, held);
  }

  /** The question to ask next, or the preview when every piece is there. */
  private async replyFor(
    ctx: HandlerContext,
    flow: FlowDefinition,
    progress: FlowProgress,
    refusal: string | undefined,
  ): Promise<OutboundMessage> {
    if (progress.outcome === "preview") {
      const extra = (await this.deps.previewButtons?.[flow.name]?.(ctx, progress.state.answers)) ?? [];
      return previewMessage(ctx, flow, progress.state.answers, progress.commandLine, extra);
    }
    const choices = await this.choicesOf(ctx, progress.step);
    const invalid = progress.outcome === "invalid" ? (refusal ?? ctx.t("flows:invalid")) : undefined;
    return questionMessage(ctx, flow, progress.step, choices, { invalid });
  }

  /**
   * Sends the question held with the flow's state (show, held-reply.ts), and
   * records where it landed when that is not the held row: the messages it
   * became, or the outbox row the platform's refusal queued it in.
   */
  private async sendHeld(ctx: HandlerContext, held: HeldReply): Promise<void> {
    const posted = await sendHeldReply(this.deps.outbox, ctx, held);
    const messageIds = posted.refs.map((ref) => ref.messageId);
    const now =
      posted.queued !== undefined ? { outboxId: posted.queued } : messageIds.length ? { messageIds } : undefined;
    const question = { outboxId: held.outboxId };
    if (now) await this.deps.store.guidedFlows.placeQuestion(ctx.chat.id, ctx.person.id, question, now);
  }

  /**
   * In a group, words that reply to a message answer the person's flow only
   * when that message is their own question (a reply to someone else's
   * question is not theirs to answer). Words that reply to nothing, a direct
   * chat, and a question whose message is not known yet are taken as before.
   */
  private async repliesToOwnQuestion(ctx: HandlerContext, record: GuidedFlowRecord): Promise<boolean> {
    if (ctx.event.conversation.isDirect) return true;
    const replied = repliedMessageOf(ctx.event);
    if (!replied) return true;
    const asked = await this.questionMessagesOf(record);
    return asked === undefined || asked.includes(replied.messageId);
  }

  /**
   * The platform ids of the flow's question messages: kept on the flow once
   * known, else read from the outbox row that posted them (a question the
   * outbox sent after a crash, or after the platform put it off) and kept.
   */
  private async questionMessagesOf(record: GuidedFlowRecord): Promise<string[] | undefined> {
    const question = record.question;
    if (!question) return undefined;
    if ("messageIds" in question) return question.messageIds;
    const refs = await this.deps.outbox.sentRefsOf(question.outboxId);
    if (!refs?.length) return undefined;
    const known = { messageIds: refs.map((ref) => ref.messageId) };
    await this.deps.store.guidedFlows.placeQuestion(record.chatId, record.personId, question, known);
    return known.messageIds;
  }

  private async choicesOf(ctx: HandlerContext, step: FlowStep): Promise<Choice[]> {
    if (step.choicesFrom) {
      const list = this.deps.choiceLists?.[step.choicesFrom];
      return list ? (await list(ctx)).slice(0, MAX_LISTED_CHOICES) : [];
    }
    const fixed = (step.choices ?? []).map((value) => ({ value, label: value }));
    const suggest = step.suggestionsFrom ? this.deps.choiceLists?.[step.suggestionsFrom] : undefined;
    if (!suggest) return fixed;
    // The community's own first, then the usual ones, as many buttons as before.
    const merged = [...(await suggest(ctx)), ...fixed];
    return merged.filter((choice, i) => merged.findIndex((c) => c.value === choice.value) === i).slice(0, fixed.length);
  }

  private async open(ctx: HandlerContext): Promise<OpenFlow | undefined> {
    const record = await this.deps.store.guidedFlows.current(ctx.chat.id, ctx.person.id, ctx.clock.now());
    const flow = record && guidedCommandOf(record.flow)?.flow;
    if (!record || !flow) return undefined;
    return { record, flow, state: { step: record.step, answers: record.answers } };
  }

  /** The presser's open flow, when the button is theirs. */
  private async openFor(ctx: HandlerContext, owner: string | undefined): Promise<OpenFlow> {
    if (owner !== ctx.person.id) throw new UserError("flows:notYours");
    const open = await this.open(ctx);
    if (!open) throw new UserError("flows:gone");
    return open;
  }
}

/** One expiry job per person and chat: each answer moves it on. */
export function expiryKey(flow: Pick<GuidedFlowRecord, "chatId" | "personId">): string {
  return `${FLOW_EXPIRY_JOB}:${flow.chatId}:${flow.personId}`;
}

/** The message the event's words (or file, or place) reply to, where the platform says. */
function repliedMessageOf(event: HandlerContext["event"]): MessageRef | undefined {
  return event.kind === "command" || event.kind === "message" || event.kind === "location"
    ? event.repliesTo
    : undefined;
}
