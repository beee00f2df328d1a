// A guided flow's form (src/core/forms.ts) as a Slack modal, and a
// view_submission back to answers. A choice becomes a static select, text and
// numbers a plain_text_input (suggested answers as its placeholder), an
// optional step an optional input; what the command line gave is
// prefilled. private_metadata carries the flow and the channel the command
// was typed in, where the command then runs.
import type { FormField, FormSpec } from "../../src/core/forms.js";
import { ACTION_ID_PREFIX } from "./inbound.js";

/** The callback_id of every Talkoot form; other modals are not Talkoot's. */
export const FORM_CALLBACK_ID = `${ACTION_ID_PREFIX}form`;
/** Each input's action_id; the block_id is the field's key. */
const ANSWER_ACTION_ID = "answer";

// Slack's limits: title, submit and close 24 characters; an option's text 75; 100 options.
const MAX_TITLE = 24;
const MAX_OPTION_TEXT = 75;
const MAX_OPTIONS = 100;
const MAX_INPUT_LENGTH = 3000;
const MAX_PLACEHOLDER = 150;

/** Where the form came from (a slash command, which Slack does not take in threads): the command runs there when submitted. */
export interface FormOrigin {
  flow: string;
  channelId: string;
}

type PlainText = { type: "plain_text"; text: string };

const plain = (text: string, max: number): PlainText => ({
  type: "plain_text",
  text: text.length > max ? `${text.slice(0, max - 1)}…` : text,
});

export function modalView(form: FormSpec, origin: FormOrigin) {
  return {
    type: "modal" as const,
    callback_id: FORM_CALLBACK_ID,
    private_metadata: JSON.stringify(origin),
    title: plain(form.title, MAX_TITLE),
    submit: plain(form.submitLabel, MAX_TITLE),
    close: plain(form.cancelLabel, MAX_TITLE),
    blocks: form.fields.map(inputBlock),
  };
}

function inputBlock(field: FormField) {
  return {
    type: "input" as const,
    block_id: field.key,
    optional: field.optional,
    label: plain(field.label, 2000),
    hint: plain(field.hint, 2000),
    element: field.kind === "choice" && field.choices?.length ? select(field, field.choices) : textInput(field),
  };
}

function select(field: FormField, choices: readonly string[]) {
  const options = choices
    .slice(0, MAX_OPTIONS)
    .map((choice) => ({ text: plain(choice, MAX_OPTION_TEXT), value: choice }));
  const initial = options.find((o) => o.value === field.value);
  return {
    type: "static_select" as const,
    action_id: ANSWER_ACTION_ID,
    options,
    ...(initial ? { initial_option: initial } : {}),
  };
}

function textInput(field: FormField) {
  const suggestions = field.choices?.length ? field.choices.join(" · ") : undefined;
  return {
    type: "plain_text_input" as const,
    action_id: ANSWER_ACTION_ID,
    ...(suggestions ? { placeholder: plain(suggestions, MAX_PLACEHOLDER) } : {}),
    ...(field.value ? { initial_value: field.value.slice(0, MAX_INPUT_LENGTH) } : {}),
  };
}

/** The parts of a view_submission that Talkoot reads. */
export interface ViewSubmissionPayload {
  type: "view_submission";
  team: { id: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  trigger_id?: string;
  view: {
    id: string;
    callback_id: string;
    private_metadata: string;
    state: {
      values: Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;
    };
  };
}

export function isFormSubmission(body: unknown): body is ViewSubmissionPayload {
  const b = body as Partial<ViewSubmissionPayload> | undefined;
  return b?.type === "view_submission" && b.view?.callback_id === FORM_CALLBACK_ID;
}

/** The origin a form carried, or undefined when its metadata is not Talkoot's. */
export function formOrigin(body: ViewSubmissionPayload): FormOrigin | undefined {
  try {
    const parsed = JSON.parse(body.view.private_metadata) as Partial<FormOrigin>;
    if (typeof parsed.flow !== "string" || typeof parsed.channelId !== "string") return undefined;
    return { flow: parsed.flow, channelId: parsed.channelId };
  } catch {
    return undefined;
  }
}

/** What the person entered, by field key: a text input's value or a select's option. */
export function formAnswers(body: ViewSubmissionPayload): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const [key, actions] of Object.entries(body.view.state.values)) {
    const state = actions[ANSWER_ACTION_ID];
    const value = state?.selected_option?.value ?? state?.value;
    if (typeof value === "string") answers[key] = value;
  }
  return answers;
}
