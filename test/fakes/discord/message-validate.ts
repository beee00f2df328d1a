// Message bodies checked the way Discord checks them: content, embeds,
// components (action rows, buttons, selects), allowed_mentions, polls and
// attachments. Errors come back as 50035 Invalid Form Body with Discord's
// paths, or 50006 for an empty message.

import { DiscordError, emptyMessage, FormErrors } from "./api-error.js";
import { isObject, type JsonObject, type JsonValue, type UploadedFile } from "./types.js";

export const LIMITS = {
  content: 2000,
  embeds: 10,
  embedTotal: 6000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  actionRows: 5,
  rowButtons: 5,
  buttonLabel: 80,
  customId: 100,
  selectOptions: 25,
  pollQuestion: 300,
  pollAnswers: 10,
  pollAnswerText: 55,
  pollMaxHours: 768,
  files: 10,
  mentionIds: 100,
} as const;

const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  SuppressNotifications: 1 << 12,
  IsVoiceMessage: 1 << 13,
  IsComponentsV2: 1 << 15,
} as const;

export interface PollDraft {
  question: string;
  answers: { text: string; emoji?: JsonObject }[];
  durationHours: number;
  allowMultiselect: boolean;
  layoutType: number;
}

export interface AttachmentDraft {
  /** `files[n]` index for new uploads, or the id of an attachment the message already has. */
  id: string;
  filename?: string;
  description?: string;
}

/** A validated body; a field is present only when the request set it (edits merge). */
export interface MessageDraft {
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
  allowedMentions?: JsonObject | null;
  poll?: PollDraft;
  attachments?: AttachmentDraft[];
  messageReference?: JsonObject;
  tts?: boolean;
  nonce?: string;
  enforceNonce?: boolean;
}

export interface ValidateOptions {
  /** Edits cannot carry a poll and may leave the message unchanged. */
  edit: boolean;
  /** EPHEMERAL is honoured only for interaction responses and follow-ups. */
  allowEphemeral: boolean;
}

const str = (v: JsonValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);

export function validateMessage(raw: unknown, files: UploadedFile[], opts: ValidateOptions): MessageDraft {
  const body: JsonObject = isObject(raw) ? raw : {};
  const errors = new FormErrors();
  const draft: MessageDraft = {};

  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== "string") errors.add(["content"], "BASE_TYPE_STRING", "Must be a string.");
    else {
      if ([...body.content].length > LIMITS.content) errors.maxLength(["content"], LIMITS.content);
      draft.content = body.content;
    }
  }
  if (typeof body.tts === "boolean") draft.tts = body.tts;
  if (typeof body.nonce === "string" || typeof body.nonce === "number") {
    // Discord takes a nonce of at most 25 characters.
    if (typeof body.nonce === "string" && body.nonce.length > 25) errors.maxLength(["nonce"], 25);
    draft.nonce = String(body.nonce);
  }
  if (body.enforce_nonce === true) draft.enforceNonce = true;

  if (body.embeds !== undefined && body.embeds !== null) {
    if (!Array.isArray(body.embeds)) errors.add(["embeds"], "BASE_TYPE_ARRAY", "Must be an array.");
    else {
      validateEmbeds(body.embeds, errors);
      draft.embeds = body.embeds.filter(isObject);
    }
  }

  if (body.components !== undefined && body.components !== null) {
    if (!Array.isArray(body.components)) errors.add(["components"], "BASE_TYPE_ARRAY", "Must be an array.");
    else {
      const v2 = typeof body.flags === "number" && (body.flags & MessageFlag.IsComponentsV2) !== 0;
      validateComponents(body.components, errors, v2);
      draft.components = body.components.filter(isObject);
    }
  }

  if (body.flags !== undefined && body.flags !== null) {
    if (typeof body.flags !== "number" || !Number.isInteger(body.flags)) {
      errors.add(["flags"], "NUMBER_TYPE_COERCE", `Value "${String(body.flags)}" is not int.`);
    } else {
      // Discord drops flags a sender may not set; EPHEMERAL only sticks on interaction responses.
      let allowed =
        MessageFlag.SuppressEmbeds |
        MessageFlag.SuppressNotifications |
        MessageFlag.IsVoiceMessage |
        MessageFlag.IsComponentsV2;
      if (opts.allowEphemeral) allowed |= MessageFlag.Ephemeral;
      draft.flags = body.flags & allowed;
    }
  }

  if (body.allowed_mentions !== undefined) {
    if (body.allowed_mentions === null) draft.allowedMentions = null;
    else if (!isObject(body.allowed_mentions)) {
      errors.add(["allowed_mentions"], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    } else {
      validateAllowedMentions(body.allowed_mentions, errors);
      draft.allowedMentions = body.allowed_mentions;
    }
  }

  if (body.poll !== undefined && body.poll !== null) {
    if (opts.edit) throw new DiscordError(400, 520003, "Cannot edit a poll message");
    const poll = validatePoll(body.poll, errors);
    if (poll) draft.poll = poll;
  }

  if (body.message_reference !== undefined && body.message_reference !== null) {
    if (!isObject(body.message_reference)) {
      errors.add(["message_reference"], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    } else draft.messageReference = body.message_reference;
  }

  if (files.length > LIMITS.files) {
    errors.add(["files"], "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.files} or fewer in length.`);
  }
  if (Array.isArray(body.attachments)) {
    const attachments: AttachmentDraft[] = [];
    body.attachments.forEach((a, i) => {
      if (!isObject(a) || (typeof a.id !== "string" && typeof a.id !== "number")) {
        errors.required(["attachments", i, "id"]);
        return;
      }
      const d: AttachmentDraft = { id: String(a.id) };
      const filename = str(a.filename);
      const description = str(a.description);
      if (filename !== undefined) d.filename = filename;
      if (description !== undefined) {
        if (description.length > 1024) errors.maxLength(["attachments", i, "description"], 1024);
        d.description = description;
      }
      attachments.push(d);
    });
    draft.attachments = attachments;
  }

  errors.throwIfAny();

  if (!opts.edit) {
    const hasContent = (draft.content ?? "").trim().length > 0;
    const hasEmbeds = (draft.embeds?.length ?? 0) > 0;
    const hasComponents = (draft.components?.length ?? 0) > 0;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && files.length === 0 && !draft.poll && !hasStickers) {
      throw emptyMessage();
    }
  }
  return draft;
}

function embedLength(e: JsonObject): number {
  let n = 0;
  const add = (v: JsonValue | undefined): void => {
    if (typeof v === "string") n += [...v].length;
  };
  add(e.title);
  add(e.description);
  if (isObject(e.footer)) add(e.footer.text);
  if (isObject(e.author)) add(e.author.name);
  if (Array.isArray(e.fields)) {
    for (const f of e.fields) {
      if (isObject(f)) {
        add(f.name);
        add(f.value);
      }
    }
  }
  return n;
}

function validateEmbeds(embeds: JsonValue[], errors: FormErrors): void {
  if (embeds.length > LIMITS.embeds) {
    errors.add(["embeds"], "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.embeds} or fewer in length.`);
  }
  let total = 0;
  embeds.forEach((e, i) => {
    const at = (...p: (string | number)[]): (string | number)[] => ["embeds", i, ...p];
    if (!isObject(e)) {
      errors.add(["embeds", i], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
      return;
    }
    total += embedLength(e);
    const checkLen = (v: JsonValue | undefined, max: number, ...p: (string | number)[]): void => {
      if (typeof v === "string" && [...v].length > max) errors.maxLength(at(...p), max);
    };
    checkLen(e.title, LIMITS.embedTitle, "title");
    checkLen(e.description, LIMITS.embedDescription, "description");
    if (isObject(e.footer)) checkLen(e.footer.text, LIMITS.footerText, "footer", "text");
    if (isObject(e.author)) checkLen(e.author.name, LIMITS.authorName, "author", "name");
    if (e.color !== undefined && e.color !== null) {
      if (typeof e.color !== "number" || !Number.isInteger(e.color) || e.color < 0 || e.color > 0xffffff) {
        errors.add(at("color"), "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.");
      }
    }
    if (e.fields !== undefined) {
      if (!Array.isArray(e.fields)) errors.add(at("fields"), "BASE_TYPE_ARRAY", "Must be an array.");
      else {
        if (e.fields.length > LIMITS.embedFields) {
          errors.add(at("fields"), "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.embedFields} or fewer in length.`);
        }
        e.fields.forEach((f, j) => {
          if (!isObject(f)) return;
          if (typeof f.name !== "string" || f.name.length === 0) errors.required(at("fields", j, "name"));
          else checkLen(f.name, LIMITS.fieldName, "fields", j, "name");
          if (typeof f.value !== "string" || f.value.length === 0) errors.required(at("fields", j, "value"));
          else checkLen(f.value, LIMITS.fieldValue, "fields", j, "value");
        });
      }
    }
  });
  if (total > LIMITS.embedTotal) {
    errors.add(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", `Embed size exceeds maximum size of ${LIMITS.embedTotal}`);
  }
}

const ComponentType = { ActionRow: 1, Button: 2, StringSelect: 3, TextInput: 4 } as const;
const SELECT_TYPES = new Set([3, 5, 6, 7, 8]);

function validateComponents(rows: JsonValue[], errors: FormErrors, v2: boolean): void {
  // Components v2 (containers, sections, ...) are accepted without deep checks.
  if (v2) return;
  if (rows.length > LIMITS.actionRows) {
    errors.add(["components"], "BASE_TYPE_MAX_LENGTH", `Must be ${LIMITS.actionRows} or fewer in length.`);
  }
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    if (!isObject(row) || row.type !== ComponentType.ActionRow) {
      errors.add(["components", i, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1}.");
      return;
    }
    const items = Array.isArray(row.components) ? row.components : [];
    if (items.length === 0) {
      errors.add(["components", i, "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length.");
    }
    const buttons = items.filter((c) => isObject(c) && c.type === ComponentType.Button).length;
    const selects = items.filter((c) => isObject(c) && typeof c.type === "number" && SELECT_TYPES.has(c.type)).length;
    if (buttons > LIMITS.rowButtons || (selects > 0 && items.length > 1)) {
      errors.add(
        ["components", i, "components"],
        "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
        "The specified component exceeds the maximum width",
      );
    }
    items.forEach((c, j) => {
      const at = (...p: string[]): (string | number)[] => ["components", i, "components", j, ...p];
      if (!isObject(c)) return;
      const customId = c.custom_id;
      const checkCustomId = (required: boolean): void => {
        if (customId === undefined || customId === null) {
          if (required) errors.required(at("custom_id"));
          return;
        }
        if (typeof customId !== "string" || customId.length < 1 || customId.length > LIMITS.customId) {
          errors.badLength(at("custom_id"), 1, LIMITS.customId);
          return;
        }
        if (seen.has(customId)) {
          errors.add(at("custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
        }
        seen.add(customId);
      };
      if (c.type === ComponentType.Button) {
        const style = c.style;
        if (typeof style !== "number" || style < 1 || style > 6) {
          errors.choices(at("style"), [1, 2, 3, 4, 5, 6]);
          return;
        }
        if (typeof c.label === "string" && [...c.label].length > LIMITS.buttonLabel) {
          errors.maxLength(at("label"), LIMITS.buttonLabel);
        }
        if (c.label === undefined && c.emoji === undefined && style !== 6) {
          errors.add(at("label"), "BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED", "A label or emoji is required");
        }
        if (style === 5) {
          if (typeof c.url !== "string" || !/^(https?|discord):\/\//.test(c.url)) {
            errors.add(at("url"), "BUTTON_COMPONENT_URL_REQUIRED", "A url is required");
          }
          if (customId !== undefined) {
            errors.add(
              at("custom_id"),
              "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
              "A custom id cannot be set on a link button",
            );
          }
        } else if (style === 6) {
          if (typeof c.sku_id !== "string") errors.required(at("sku_id"));
        } else {
          if (c.url !== undefined) {
            errors.add(at("url"), "BUTTON_COMPONENT_URL_NOT_ALLOWED", "A url can only be set on a link button");
          }
          checkCustomId(true);
        }
      } else if (typeof c.type === "number" && SELECT_TYPES.has(c.type)) {
        checkCustomId(true);
        if (typeof c.placeholder === "string" && c.placeholder.length > 150) errors.maxLength(at("placeholder"), 150);
        if (c.type === ComponentType.StringSelect) {
          const options = Array.isArray(c.options) ? c.options : [];
          if (options.length < 1 || options.length > LIMITS.selectOptions) {
            errors.badLength(at("options"), 1, LIMITS.selectOptions);
          }
        }
      } else {
        errors.choices(at("type"), [2, 3, 5, 6, 7, 8]);
      }
    });
  });
}

const MENTION_TYPES = ["roles", "users", "everyone"] as const;

function validateAllowedMentions(am: JsonObject, errors: FormErrors): void {
  const parse = am.parse;
  if (parse !== undefined && parse !== null) {
    if (!Array.isArray(parse)) errors.add(["allowed_mentions", "parse"], "BASE_TYPE_ARRAY", "Must be an array.");
    else {
      parse.forEach((p, i) => {
        if (typeof p !== "string" || !(MENTION_TYPES as readonly string[]).includes(p)) {
          errors.choices(["allowed_mentions", "parse", i], MENTION_TYPES);
        }
      });
    }
  }
  const parsed = Array.isArray(parse) ? parse : [];
  for (const kind of ["users", "roles"] as const) {
    const ids = am[kind];
    if (ids === undefined || ids === null) continue;
    if (!Array.isArray(ids)) {
      errors.add(["allowed_mentions", kind], "BASE_TYPE_ARRAY", "Must be an array.");
      continue;
    }
    if (ids.length > LIMITS.mentionIds) {
      errors.add(
        ["allowed_mentions", kind],
        "BASE_TYPE_MAX_LENGTH",
        `Must be ${LIMITS.mentionIds} or fewer in length.`,
      );
    }
    ids.forEach((id, i) => {
      if (typeof id !== "string" || !/^\d{1,20}$/.test(id)) {
        errors.add(["allowed_mentions", kind, i], "NUMBER_TYPE_COERCE", `Value "${String(id)}" is not snowflake.`);
      }
    });
    // An empty list is allowed next to parse; only a non-empty one conflicts.
    if (ids.length > 0 && parsed.includes(kind)) {
      errors.add(
        ["allowed_mentions"],
        "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
        `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      );
    }
  }
  if (am.replied_user !== undefined && typeof am.replied_user !== "boolean") {
    errors.add(["allowed_mentions", "replied_user"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  }
}

function validatePoll(raw: JsonValue, errors: FormErrors): PollDraft | undefined {
  if (!isObject(raw)) {
    errors.add(["poll"], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
    return undefined;
  }
  const question = isObject(raw.question) ? raw.question.text : undefined;
  if (typeof question !== "string" || question.length === 0) errors.required(["poll", "question", "text"]);
  else if ([...question].length > LIMITS.pollQuestion)
    errors.badLength(["poll", "question", "text"], 1, LIMITS.pollQuestion);

  const answers: PollDraft["answers"] = [];
  if (!Array.isArray(raw.answers) || raw.answers.length < 1 || raw.answers.length > LIMITS.pollAnswers) {
    errors.badLength(["poll", "answers"], 1, LIMITS.pollAnswers);
  } else {
    raw.answers.forEach((a, i) => {
      const media = isObject(a) && isObject(a.poll_media) ? a.poll_media : undefined;
      const text = media?.text;
      if (typeof text !== "string" || text.length === 0) {
        errors.required(["poll", "answers", i, "poll_media", "text"]);
        return;
      }
      if ([...text].length > LIMITS.pollAnswerText) {
        errors.badLength(["poll", "answers", i, "poll_media", "text"], 1, LIMITS.pollAnswerText);
      }
      const emoji = media && isObject(media.emoji) ? media.emoji : undefined;
      answers.push({ text, ...(emoji ? { emoji } : {}) });
    });
  }

  let durationHours = 24;
  if (raw.duration !== undefined && raw.duration !== null) {
    if (typeof raw.duration !== "number" || !Number.isInteger(raw.duration)) {
      errors.add(["poll", "duration"], "NUMBER_TYPE_COERCE", `Value "${String(raw.duration)}" is not int.`);
    } else if (raw.duration < 1) {
      errors.add(["poll", "duration"], "NUMBER_TYPE_MIN", "int value should be greater than or equal to 1.");
    } else if (raw.duration > LIMITS.pollMaxHours) {
      errors.add(
        ["poll", "duration"],
        "NUMBER_TYPE_MAX",
        `int value should be less than or equal to ${LIMITS.pollMaxHours}.`,
      );
    } else durationHours = raw.duration;
  }
  const layoutType = raw.layout_type ?? 1;
  if (layoutType !== 1) errors.choices(["poll", "layout_type"], [1]);
  if (raw.allow_multiselect !== undefined && typeof raw.allow_multiselect !== "boolean") {
    errors.add(["poll", "allow_multiselect"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  }
  return {
    question: typeof question === "string" ? question : "",
    answers,
    durationHours,
    allowMultiselect: raw.allow_multiselect === true,
    layoutType: 1,
  };
}

/** A text input's limits (Discord's component reference). */
export const TEXT_INPUT_LIMITS = { label: 45, placeholder: 100, value: 4000 } as const;

/**
 * A modal (callback type 9): custom_id 1–100, title 1–45, 1–5 action rows,
 * each holding exactly one text input (type 4): custom_id 1–100 and unique,
 * label 1–45, style 1 (short) or 2 (paragraph), min_length 0–4000,
 * max_length 1–4000, placeholder ≤100, value ≤4000.
 */
export function validateModal(raw: unknown): JsonObject {
  const errors = new FormErrors();
  const m = isObject(raw) ? raw : {};
  if (typeof m.custom_id !== "string" || m.custom_id.length < 1 || m.custom_id.length > LIMITS.customId) {
    errors.badLength(["data", "custom_id"], 1, LIMITS.customId);
  }
  if (typeof m.title !== "string" || m.title.length < 1 || m.title.length > 45)
    errors.badLength(["data", "title"], 1, 45);
  const rows = Array.isArray(m.components) ? m.components : [];
  if (!Array.isArray(m.components) || rows.length < 1 || rows.length > 5) {
    errors.badLength(["data", "components"], 1, 5);
  }
  const ids = new Set<string>();
  rows.forEach((row, i) => {
    const at = ["data", "components", i] as const;
    if (!isObject(row) || row.type !== 1) {
      errors.choices([...at, "type"], [1]);
      return;
    }
    const inner = Array.isArray(row.components) ? row.components : [];
    if (inner.length !== 1) errors.badLength([...at, "components"], 1, 1);
    const input = inner[0];
    if (!isObject(input)) return;
    const path = [...at, "components", 0] as const;
    if (input.type !== 4) errors.choices([...path, "type"], [4]);
    if (typeof input.custom_id !== "string" || input.custom_id.length < 1 || input.custom_id.length > LIMITS.customId) {
      errors.badLength([...path, "custom_id"], 1, LIMITS.customId);
    } else if (ids.has(input.custom_id)) {
      errors.add([...path, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
    } else ids.add(input.custom_id);
    if (typeof input.label !== "string" || input.label.length < 1 || input.label.length > TEXT_INPUT_LIMITS.label) {
      errors.badLength([...path, "label"], 1, TEXT_INPUT_LIMITS.label);
    }
    if (input.style !== 1 && input.style !== 2) errors.choices([...path, "style"], [1, 2]);
    const within = (key: string, min: number, max: number) => {
      const v = input[key];
      if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)) {
        errors.add([...path, key], "NUMBER_TYPE_MIN_MAX", `int value should be between ${min} and ${max}.`);
      }
    };
    within("min_length", 0, TEXT_INPUT_LIMITS.value);
    within("max_length", 1, TEXT_INPUT_LIMITS.value);
    if (
      input.placeholder !== undefined &&
      (typeof input.placeholder !== "string" || input.placeholder.length > TEXT_INPUT_LIMITS.placeholder)
    ) {
      errors.maxLength([...path, "placeholder"], TEXT_INPUT_LIMITS.placeholder);
    }
    if (
      input.value !== undefined &&
      (typeof input.value !== "string" || input.value.length > TEXT_INPUT_LIMITS.value)
    ) {
      errors.maxLength([...path, "value"], TEXT_INPUT_LIMITS.value);
    }
    if (input.required !== undefined && typeof input.required !== "boolean")
      errors.add([...path, "required"], "BASE_TYPE_BOOLEAN", "Must be either true or false.");
  });
  errors.throwIfAny();
  return m;
}

/**
 * What the Discord client sends for a person's entries in a shown modal,
 * by text input custom_id (every input, empty ones as ""). Throws where the
 * client would not let them submit: a required input empty, a value outside
 * min_length/max_length, an input the modal does not have.
 */
export function modalEntries(modal: JsonObject, entered: Record<string, string>): Record<string, string> {
  const fields: Record<string, string> = {};
  const rows = Array.isArray(modal.components) ? modal.components.filter(isObject) : [];
  for (const row of rows) {
    const input = Array.isArray(row.components) ? row.components.find(isObject) : undefined;
    if (!input || typeof input.custom_id !== "string") continue;
    const value = entered[input.custom_id] ?? "";
    const required = input.required !== false;
    const min = typeof input.min_length === "number" ? input.min_length : 0;
    const max = typeof input.max_length === "number" ? input.max_length : TEXT_INPUT_LIMITS.value;
    if (required && value === "")
      throw new Error(`Discord does not submit a modal with the required "${input.custom_id}" empty`);
    if (value !== "" && (value.length < min || value.length > max)) {
      throw new Error(`Discord does not submit "${input.custom_id}" outside ${min}–${max} characters`);
    }
    fields[input.custom_id] = value;
  }
  for (const key of Object.keys(entered)) {
    if (!(key in fields)) throw new Error(`the modal has no text input "${key}"`);
  }
  return fields;
}

/** Autocomplete results (callback type 8): at most 25 choices, names 1–100, string values ≤100. */
export function validateChoices(raw: unknown): JsonObject[] {
  const errors = new FormErrors();
  const data = isObject(raw) ? raw : {};
  const choices = Array.isArray(data.choices) ? data.choices : [];
  if (choices.length > 25) errors.add(["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  choices.forEach((c, i) => {
    if (!isObject(c)) return;
    if (typeof c.name !== "string" || c.name.length < 1 || c.name.length > 100) {
      errors.badLength(["data", "choices", i, "name"], 1, 100);
    }
    if (typeof c.value === "string" && c.value.length > 100) errors.maxLength(["data", "choices", i, "value"], 100);
    if (typeof c.value !== "string" && typeof c.value !== "number") errors.required(["data", "choices", i, "value"]);
  });
  errors.throwIfAny();
  return choices.filter(isObject);
}

export { MessageFlag };
