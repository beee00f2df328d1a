// A flow's question and its preview card, as neutral messages. Choices and
// Skip / Cancel are buttons that carry the person's id, so a press by
// anyone else in a group is refused; the words can always be typed instead.
import type { HandlerContext } from "../../core/context.js";
import type { Button, OutboundMessage } from "../../core/messages.js";
import type { Choice, FlowAnswers, FlowDefinition, FlowStep } from "./flow.js";

/** Buttons per row: phone-sized. */
const CHOICES_PER_ROW = 3;

export const FLOW_ACTIONS = {
  answer: "flow.answer",
  skip: "flow.skip",
  cancel: "flow.cancel",
  create: "flow.create",
  edit: "flow.edit",
  change: "flow.change",
} as const;

/** The translation key of a step's question or label. */
export function stepKey(flow: FlowDefinition, step: Pick<FlowStep, "key">, part: "question" | "label"): string {
  return `flows:steps.${flow.name}.${step.key}.${part}`;
}

export function questionMessage(
  ctx: HandlerContext,
  flow: FlowDefinition,
  step: FlowStep,
  offered: readonly Choice[],
  /** The line that says why the last answer did not fit, when it did not. */
  options: { invalid: string | undefined },
): OutboundMessage {
  const t = ctx.t;
  const personId = ctx.person.id;
  const number = flow.steps.indexOf(step) + 1;
  const choices: Button[] = offered.map((choice) => ({
    label: choice.label,
    action: FLOW_ACTIONS.answer,
    args: [personId, step.key, choice.value],
  }));
  const rows = rowsOf(choices);
  const controls: Button[] = [];
  if (step.optional)
    controls.push({ label: t("flows:buttons.skip"), action: FLOW_ACTIONS.skip, args: [personId, step.key] });
  controls.push({ label: t("flows:buttons.cancel"), action: FLOW_ACTIONS.cancel, args: [personId], style: "danger" });
  rows.push(controls);
  const question = t(stepKey(flow, step, "question"));
  return {
    text: options.invalid ? `${options.invalid}\n${question}` : question,
    footer: `${t("flows:step", { number, count: flow.steps.length })} · ${howToAnswer(t, step, choices.length > 0)}`,
    buttons: rows,
    askReply: {
      placeholder: t("flows:placeholder"),
      // Slack and Discord bots hear in a channel only what mentions them: say so there.
      ...(ctx.event.conversation.isDirect ? {} : { byMention: t("flows:answerByMention") }),
    },
    // In a group the question names whose it is and quotes their message, so a platform's selective reply field finds them.
    ...(ctx.event.conversation.isDirect ? {} : inGroup(ctx)),
  };
}

export function previewMessage(
  ctx: HandlerContext,
  flow: FlowDefinition,
  answers: FlowAnswers,
  commandLine: string,
  /** A feature's own buttons for this preview (the request's "📍 Nearby"), in a row of their own. */
  extra: readonly Button[] = [],
): OutboundMessage {
  const t = ctx.t;
  const personId = ctx.person.id;
  return {
    title: t("flows:preview.title"),
    text: t("flows:preview.text"),
    fields: flow.steps.map((step) => ({
      label: t(stepKey(flow, step, "label")),
      value: shownAnswer(t, step, answers[step.key]),
    })),
    code: commandLine,
    buttons: [
      [
        { label: t("flows:buttons.create"), action: FLOW_ACTIONS.create, args: [personId], style: "primary" },
        { label: t("flows:buttons.edit"), action: FLOW_ACTIONS.edit, args: [personId] },
        { label: t("flows:buttons.cancel"), action: FLOW_ACTIONS.cancel, args: [personId], style: "danger" },
      ],
      ...(extra.length > 0 ? [[...extra]] : []),
    ],
  };
}

/** The preview's Edit: one button per piece, to ask that one again. */
export function whichPieceMessage(ctx: HandlerContext, flow: FlowDefinition): OutboundMessage {
  const t = ctx.t;
  const personId = ctx.person.id;
  const pieces: Button[] = flow.steps.map((step) => ({
    label: t(stepKey(flow, step, "label")),
    action: FLOW_ACTIONS.change,
    args: [personId, step.key],
  }));
  const rows = rowsOf(pieces);
  rows.push([{ label: t("flows:buttons.cancel"), action: FLOW_ACTIONS.cancel, args: [personId], style: "danger" }]);
  return { text: t("flows:edit.which"), buttons: rows };
}

/** An answer on the preview: a photo's is a file reference, shown as what it is. */
function shownAnswer(t: HandlerContext["t"], step: FlowStep, answer: string | undefined): string {
  if (!answer) return t("flows:preview.skipped");
  return step.kind === "photo" ? t("flows:photo.attached") : answer;
}

function howToAnswer(t: HandlerContext["t"], step: FlowStep, hasChoices: boolean): string {
  if (step.kind === "photo") return t("flows:photo.howTo");
  return hasChoices ? t("flows:typeOrPress") : t("flows:typeAnswer");
}

function inGroup(ctx: HandlerContext): Pick<OutboundMessage, "mention" | "replyTo"> {
  const said = ctx.event.kind === "command" || ctx.event.kind === "message" ? ctx.event.source : undefined;
  return { mention: { identityId: ctx.identityId, name: ctx.person.displayName }, ...(said ? { replyTo: said } : {}) };
}

function rowsOf(buttons: Button[]): Button[][] {
  const rows: Button[][] = [];
  for (let i = 0; i < buttons.length; i += CHOICES_PER_ROW) rows.push(buttons.slice(i, i + CHOICES_PER_ROW));
  return rows;
}
