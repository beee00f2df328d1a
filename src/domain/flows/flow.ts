// A guided flow asks for a command's pieces one question at a time and ends
// by building the one-line command, which then runs through the normal
// router and handler so the rules stay in one place. Pure data and pure
// functions; storage and rendering live elsewhere.
import type { z } from "zod";
import type { InboundFile, SharedPlace } from "../../core/events.js";

/** "photo": answered by a sent photo or image file, never by words (the answer keeps the platform's file reference). */
export type AnswerKind = "text" | "choice" | "number" | "photo";

export interface FlowStep {
  /** Names the answer and the question's translation key. */
  key: string;
  kind: AnswerKind;
  /** Button values offered for a choice (kept few: they must fit a phone). */
  choices?: readonly string[];
  /**
   * Choices the community supplies instead, by the name of their list
   * ("request-categories"): the flows feature reads the list when it asks.
   */
  choicesFrom?: string;
  /**
   * Buttons the community's own data puts before `choices` (its usual shift
   * times), by the name of their list; `choices` fill the rest. Unlike
   * choicesFrom, a form can still ask the step, suggesting `choices`.
   */
  suggestionsFrom?: string;
  /** Validates a trimmed answer; a failure re-asks the same question. */
  schema: z.ZodType<string>;
  /** A skippable step accepts "skip" (or its Skip button) as no answer. */
  optional?: boolean;
  /**
   * A place: a shared location or venue answers it too, as its words (a
   * venue's name and address, else the coordinates), its coordinates kept
   * as the answer `placeKey(key)` for a command that takes them.
   */
  place?: boolean;
}

/** A button's answer and what it shows (a category's code, shown by its name). */
export interface Choice {
  value: string;
  label: string;
}

export interface FlowDefinition {
  name: string;
  steps: readonly FlowStep[];
  /** The exact command line the answers stand for. */
  commandLine: (answers: FlowAnswers) => string;
}

export type FlowAnswers = Readonly<Record<string, string>>;

export interface FlowState {
  step: number;
  answers: FlowAnswers;
}

export const SKIP_ANSWER = "skip";

export type FlowProgress =
  | { outcome: "ask"; state: FlowState; step: FlowStep }
  | { outcome: "invalid"; state: FlowState; step: FlowStep }
  | { outcome: "preview"; state: FlowState; commandLine: string };

export function startFlow(flow: FlowDefinition, answers: FlowAnswers = {}): FlowProgress {
  return progressFrom(flow, { step: 0, answers });
}

/**
 * Applies one answer to the current question and says what comes next. A
 * photo step takes only a sent file (typed words could name any file the
 * platform holds); any other step takes only words.
 */
export function answerFlow(flow: FlowDefinition, state: FlowState, answer: string, file?: InboundFile): FlowProgress {
  const step = flow.steps[state.step];
  if (!step) return progressFrom(flow, state);
  const trimmed = answer.trim();
  // A skipped step is answered with nothing, so going back to edit another piece does not ask it again.
  if (step.optional && !file && trimmed.toLowerCase() === SKIP_ANSWER) {
    return progressFrom(flow, { step: state.step + 1, answers: { ...state.answers, [step.key]: "" } });
  }
  if ((step.kind === "photo") !== (file !== undefined)) return { outcome: "invalid", state, step };
  if (file) {
    return progressFrom(flow, {
      step: state.step + 1,
      answers: { ...state.answers, [step.key]: JSON.stringify(file) },
    });
  }
  const parsed = step.schema.safeParse(trimmed);
  if (!parsed.success) return { outcome: "invalid", state, step };
  return progressFrom(flow, { step: state.step + 1, answers: { ...state.answers, [step.key]: parsed.data } });
}

/** The answer that keeps a place step's coordinates ("lat,long"), beside its words. */
export function placeKey(key: string): string {
  return `${key}.at`;
}

/** Applies a shared place to the current question; undefined when that question asks for no place. */
export function answerFlowWithPlace(
  flow: FlowDefinition,
  state: FlowState,
  place: SharedPlace,
): FlowProgress | undefined {
  const step = flow.steps[state.step];
  if (!step?.place) return undefined;
  const at = `${place.lat.toFixed(5)},${place.long.toFixed(5)}`;
  const named = place.venue ? [place.venue.title, place.venue.address].map((part) => part.trim()).filter(Boolean) : [];
  const parsed = step.schema.safeParse(named.length ? named.join(", ") : at);
  if (!parsed.success) return { outcome: "invalid", state, step };
  const answers = { ...state.answers, [step.key]: parsed.data, [placeKey(step.key)]: at };
  return progressFrom(flow, { step: state.step + 1, answers });
}

/** Forgets one answer and asks for it again (the preview's Edit), the others kept. */
export function reopenStep(flow: FlowDefinition, state: FlowState, key: string): FlowProgress {
  const { [key]: _forgotten, [placeKey(key)]: _itsPlace, ...kept } = state.answers;
  return progressFrom(flow, { step: 0, answers: kept });
}

/** Skips steps already answered (pieces the starting command did give). */
function progressFrom(flow: FlowDefinition, state: FlowState): FlowProgress {
  let index = state.step;
  while (index < flow.steps.length && flow.steps[index]!.key in state.answers) index++;
  const next = flow.steps[index];
  const moved = { step: index, answers: state.answers };
  if (next) return { outcome: "ask", state: moved, step: next };
  return { outcome: "preview", state: moved, commandLine: flow.commandLine(state.answers) };
}

/** The file a photo step's answer keeps, or undefined for a skipped (empty) or unreadable one. */
export function fileOfAnswer(answer: string | undefined): InboundFile | undefined {
  if (!answer) return undefined;
  try {
    const value = JSON.parse(answer) as Partial<InboundFile>;
    if (typeof value.ref !== "string" || typeof value.mimeType !== "string" || typeof value.size !== "number") {
      return undefined;
    }
    return {
      ref: value.ref,
      mimeType: value.mimeType,
      size: value.size,
      kind: value.kind === "document" ? "document" : "photo",
    };
  } catch {
    return undefined;
  }
}
