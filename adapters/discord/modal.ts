// A guided flow's form (src/core/forms.ts) as a Discord modal, and a modal
// submit back to answers. Discord modals hold at most five text inputs and
// nothing else in this API version, so a choice is offered in the
// placeholder and checked as text; a form with more fields is not shown (the
// core asks question by question instead). The modal's custom_id names the
// flow; the submit comes from the channel the command was typed in. A modal
// cannot be shown again from its submit, so a refused one is answered with
// a "Fix it" button, whose press opens it again with what was typed.
import type {
  APIActionRowComponent,
  APIButtonComponentWithCustomId,
  APIModalInteractionResponseCallbackData,
  APIModalSubmission,
} from "discord.js";
import { ButtonStyle, ComponentType, TextInputStyle } from "discord.js";
import type { FormField, FormSpec } from "../../src/core/forms.js";

export const FORM_CUSTOM_ID_PREFIX = "talkoot-form:";
/** A refused form's "Fix it" button: its press opens the form again, prefilled (a button press may answer with a modal). */
export const FORM_FIX_CUSTOM_ID_PREFIX = "talkoot-form-fix:";

// Discord's limits: 5 text inputs; title and label 45 characters; placeholder 100; value 4000.
export const MAX_MODAL_FIELDS = 5;
const MAX_TITLE = 45;
const MAX_LABEL = 45;
const MAX_PLACEHOLDER = 100;
const MAX_VALUE = 4000;
/** Text longer than this is asked in a paragraph input. */
const PARAGRAPH_FROM = 200;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The modal for a form, or undefined when Discord cannot show it. */
export function discordModal(form: FormSpec): APIModalInteractionResponseCallbackData | undefined {
  if (form.fields.length === 0 || form.fields.length > MAX_MODAL_FIELDS) return undefined;
  return {
    custom_id: `${FORM_CUSTOM_ID_PREFIX}${form.flow}`,
    title: cut(form.title, MAX_TITLE),
    components: form.fields.map((field) => ({
      type: ComponentType.ActionRow,
      components: [textInput(field)],
    })),
  };
}

function textInput(field: FormField) {
  const long = (field.value?.length ?? 0) > PARAGRAPH_FROM;
  return {
    type: ComponentType.TextInput as const,
    custom_id: field.key,
    label: cut(field.label, MAX_LABEL),
    style: long ? TextInputStyle.Paragraph : TextInputStyle.Short,
    required: !field.optional,
    placeholder: cut(field.choices?.length ? field.choices.join(" · ") : field.hint, MAX_PLACEHOLDER),
    ...(field.value ? { value: field.value.slice(0, MAX_VALUE) } : {}),
  };
}

/** The flow a submitted modal was for; undefined for a modal that is not a Talkoot form. */
export function formFlowOf(customId: string): string | undefined {
  return customId.startsWith(FORM_CUSTOM_ID_PREFIX) ? customId.slice(FORM_CUSTOM_ID_PREFIX.length) : undefined;
}

/** What the person typed, by field key. */
export function modalAnswers(data: APIModalSubmission): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const row of data.components) {
    const inner = "components" in row ? row.components : "component" in row ? [row.component] : [];
    for (const input of inner) {
      if ("custom_id" in input && "value" in input && typeof input.value === "string")
        answers[input.custom_id] = input.value;
    }
  }
  return answers;
}

/** The row with a refused form's "Fix it" button. */
export function fixItRow(flow: string, label: string): APIActionRowComponent<APIButtonComponentWithCustomId> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: cut(label, 80),
        custom_id: `${FORM_FIX_CUSTOM_ID_PREFIX}${flow}`,
      },
    ],
  };
}

/** The flow whose "Fix it" was pressed; undefined for any other button. */
export function fixedFlowOf(customId: string): string | undefined {
  return customId.startsWith(FORM_FIX_CUSTOM_ID_PREFIX) ? customId.slice(FORM_FIX_CUSTOM_ID_PREFIX.length) : undefined;
}
