// Modals as Slack runs them: trigger ids (issued with each slash command and
// interaction, good for 3 s and for one views.open), the checks views.open
// makes on a modal view (Slack's limits, its error wording with json
// pointers under /view), the views people have open, and the
// view_submission payload a person's Submit sends with state.values.

import { Validator } from "./blocks-validate.js";
import { hexToken, triggerId as newTriggerId, slackId } from "./ids.js";
import type { JsonObject, JsonValue } from "./types.js";

/** Slack: "trigger_ids expire three seconds after they're sent to you". */
export const TRIGGER_LIFETIME_MS = 3_000;

export const MODAL_LIMITS = {
  titleText: 24,
  buttonText: 24,
  blocks: 100,
  callbackId: 255,
  privateMetadata: 3000,
  labelText: 2000,
  hintText: 2000,
  inputValue: 3000,
} as const;

/** Block types a modal may hold. */
const MODAL_BLOCK_TYPES = new Set([
  "section",
  "divider",
  "image",
  "actions",
  "context",
  "header",
  "input",
  "rich_text",
  "file",
  "video",
]);

/** Elements an input block may hold, and how their state comes back. */
const INPUT_ELEMENTS = new Set([
  "plain_text_input",
  "static_select",
  "number_input",
  "email_text_input",
  "url_text_input",
]);

interface IssuedTrigger {
  userId: string;
  issuedAt: number;
  exchanged: boolean;
  forcedExpired: boolean;
}

/** The trigger ids Slack handed to the app; each opens one view, within 3 s. */
export class TriggerIds {
  private readonly issued = new Map<string, IssuedTrigger>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = TRIGGER_LIFETIME_MS,
  ) {}

  issue(userId: string): string {
    const id = newTriggerId();
    this.issued.set(id, { userId, issuedAt: this.now(), exchanged: false, forcedExpired: false });
    return id;
  }

  /** Spends a trigger id for views.open; the error Slack answers when it cannot be spent. */
  exchange(id: string | undefined): { userId: string } | { error: string } {
    if (!id || !/^\d+\.\d+\.[0-9a-f]+$/.test(id)) return { error: "invalid_trigger_id" };
    const trigger = this.issued.get(id);
    if (!trigger) return { error: "invalid_trigger_id" };
    if (trigger.exchanged) return { error: "exchanged_trigger_id" };
    if (trigger.forcedExpired || this.now() - trigger.issuedAt > this.lifetimeMs)
      return { error: "expired_trigger_id" };
    trigger.exchanged = true;
    return { userId: trigger.userId };
  }

  /** Every outstanding trigger id is now too old (a test's slow app, without waiting 3 s). */
  expireAll(): void {
    for (const trigger of this.issued.values()) trigger.forcedExpired = true;
  }
}

export type ViewResult = { ok: true; view: JsonObject } | { ok: false; errors: string[] };

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Checks a modal as views.open does; on success returns it as Slack stores it (ids filled in). */
export function validateModalView(raw: JsonValue | undefined): ViewResult {
  const v = new Validator();
  if (!isObject(raw)) return { ok: false, errors: ["must provide an object [json-pointer:/view]"] };
  const view: JsonObject = { ...raw };
  if (view.type !== "modal") v.fail("must be a valid enum value", "/type");
  const title = v.text(view.title, "/title", { max: MODAL_LIMITS.titleText, plainOnly: true });
  if (title) view.title = title;
  for (const key of ["submit", "close"] as const) {
    if (view[key] === undefined) continue;
    const text = v.text(view[key], `/${key}`, { max: MODAL_LIMITS.buttonText, plainOnly: true });
    if (text) view[key] = text;
  }
  if (view.callback_id !== undefined) {
    if (typeof view.callback_id !== "string") v.fail("must provide a string", "/callback_id");
    else v.maxLen(view.callback_id, MODAL_LIMITS.callbackId, "/callback_id");
  }
  if (view.private_metadata !== undefined) {
    if (typeof view.private_metadata !== "string") v.fail("must provide a string", "/private_metadata");
    else v.maxLen(view.private_metadata, MODAL_LIMITS.privateMetadata, "/private_metadata");
  }
  const blocks = Array.isArray(view.blocks) ? view.blocks : undefined;
  if (!blocks) v.fail("must provide an array", "/blocks");
  else {
    if (blocks.length > MODAL_LIMITS.blocks) v.fail(`no more than ${MODAL_LIMITS.blocks} items allowed`, "/blocks");
    view.blocks = blocks.map((b, i) => modalBlock(v, b, i) ?? b);
    const hasInput = blocks.some((b) => isObject(b) && b.type === "input");
    if (hasInput && view.submit === undefined) v.fail("must provide submit when the view has input blocks", "/submit");
  }
  if (v.errors.length > 0) return { ok: false, errors: v.errors.map(underView) };
  return { ok: true, view };
}

function underView(error: string): string {
  return error.replace("[json-pointer:", "[json-pointer:/view");
}

function modalBlock(v: Validator, raw: JsonValue, i: number): JsonObject | undefined {
  if (isObject(raw) && typeof raw.type === "string" && !MODAL_BLOCK_TYPES.has(raw.type)) {
    v.fail("failed to match all allowed schemas", `/blocks/${i}`);
    return undefined;
  }
  if (!isObject(raw) || raw.type !== "input") return v.block(raw, i);
  // An input block: checked here; the shared part (block_id) by the Validator on a stand-in.
  const pointer = `/blocks/${i}`;
  const b: JsonObject = { ...raw };
  const stored = v.block({ type: "divider", ...(b.block_id !== undefined ? { block_id: b.block_id } : {}) }, i);
  if (stored) b.block_id = stored.block_id ?? b.block_id ?? null;
  const label = v.text(b.label, `${pointer}/label`, { max: MODAL_LIMITS.labelText, plainOnly: true });
  if (label) b.label = label;
  if (b.hint !== undefined) {
    const hint = v.text(b.hint, `${pointer}/hint`, { max: MODAL_LIMITS.hintText, plainOnly: true });
    if (hint) b.hint = hint;
  }
  if (b.optional !== undefined && typeof b.optional !== "boolean")
    v.fail("must provide a boolean", `${pointer}/optional`);
  const element = b.element;
  if (!isObject(element) || typeof element.type !== "string" || !INPUT_ELEMENTS.has(element.type)) {
    v.fail("failed to match all allowed schemas", `${pointer}/element`);
    return b;
  }
  const el = v.element(element, `${pointer}/element`, "actions");
  if (!el) return b;
  if (el.type === "plain_text_input") {
    if (el.initial_value !== undefined) {
      if (typeof el.initial_value !== "string") v.fail("must provide a string", `${pointer}/element/initial_value`);
      else v.maxLen(el.initial_value, MODAL_LIMITS.inputValue, `${pointer}/element/initial_value`);
    }
    if (el.max_length !== undefined && (typeof el.max_length !== "number" || el.max_length > MODAL_LIMITS.inputValue)) {
      v.fail(`must be at most ${MODAL_LIMITS.inputValue}`, `${pointer}/element/max_length`);
    }
  }
  if (el.type === "static_select" && el.initial_option !== undefined) {
    const options = Array.isArray(el.options) ? el.options.filter(isObject) : [];
    const initial = isObject(el.initial_option) ? el.initial_option : undefined;
    if (!initial || !options.some((o) => o.value === initial.value)) {
      v.fail("must match one of the options", `${pointer}/element/initial_option`);
    }
  }
  b.element = el;
  return b;
}

/** A view someone has open (or had: closed after a submission the app accepted). */
export interface OpenView {
  id: string;
  userId: string;
  view: JsonObject;
  closed: boolean;
  /** The errors the app answered to the last submission, by block_id. */
  errors?: Record<string, string>;
}

/** views.open's stored form of a checked view. */
export function storedView(view: JsonObject, team: { teamId: string; appId: string; botId: string }): JsonObject {
  const id = slackId("V");
  return {
    id,
    team_id: team.teamId,
    type: "modal",
    callback_id: "",
    private_metadata: "",
    external_id: "",
    ...view,
    state: { values: {} },
    hash: `${Math.floor(Date.now() / 1000)}.${hexToken(4)}`,
    clear_on_close: false,
    notify_on_close: false,
    root_view_id: id,
    previous_view_id: null,
    app_id: team.appId,
    bot_id: team.botId,
  };
}

/**
 * state.values for what a person entered, by block_id: text for an input,
 * an option's value for a select. Throws where the Slack client would not
 * let the person submit at all (an empty required field, an option that is
 * not offered).
 */
export function stateValues(view: JsonObject, entered: Record<string, string>): JsonObject {
  const values: JsonObject = {};
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObject) : [];
  for (const block of blocks) {
    if (block.type !== "input" || !isObject(block.element) || typeof block.block_id !== "string") continue;
    const el = block.element;
    const actionId = typeof el.action_id === "string" ? el.action_id : "";
    const typed = entered[block.block_id];
    if ((typed === undefined || typed === "") && block.optional !== true) {
      throw new Error(`Slack does not submit a modal with the required field "${block.block_id}" empty`);
    }
    if (el.type === "static_select") {
      const options = Array.isArray(el.options) ? el.options.filter(isObject) : [];
      const chosen = typed ? options.find((o) => o.value === typed) : undefined;
      if (typed && !chosen) throw new Error(`"${typed}" is not an option of "${block.block_id}"`);
      values[block.block_id] = { [actionId]: { type: "static_select", selected_option: chosen ?? null } };
    } else {
      values[block.block_id] = { [actionId]: { type: String(el.type), value: typed ? typed : null } };
    }
  }
  for (const key of Object.keys(entered)) {
    if (!(key in values)) throw new Error(`the view has no input block "${key}"`);
  }
  return values;
}
