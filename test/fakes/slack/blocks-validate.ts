// Block Kit validation for message surfaces, with Slack's published limits and
// Slack's error wording ("<problem> [json-pointer:/blocks/0/text/text]"), so a
// message that Slack would refuse with invalid_blocks is refused here too.
// It also returns the blocks as Slack stores them: a block_id / action_id is
// filled in where the app left it out, and plain_text gets emoji: true.
// views.ts reuses the Validator for modals.

import { shortRandomId } from "./ids.js";
import type { JsonObject, JsonValue } from "./types.js";

export type BlocksResult = { ok: true; blocks: JsonObject[] } | { ok: false; errors: string[] };

export const LIMITS = {
  blocks: 50,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  actionsElements: 25,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  url: 3000,
  imageAltText: 2000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  overflowOptions: 5,
  markdownText: 12000,
} as const;

const MESSAGE_BLOCK_TYPES = new Set([
  "section",
  "divider",
  "image",
  "actions",
  "context",
  "header",
  "rich_text",
  "markdown",
  "file",
  "video",
  "input",
  "call",
  "table",
]);

const INTERACTIVE_ELEMENTS = new Set([
  "button",
  "static_select",
  "multi_static_select",
  "external_select",
  "multi_external_select",
  "users_select",
  "multi_users_select",
  "conversations_select",
  "multi_conversations_select",
  "channels_select",
  "multi_channels_select",
  "overflow",
  "datepicker",
  "timepicker",
  "datetimepicker",
  "checkboxes",
  "radio_buttons",
  "plain_text_input",
  "workflow_button",
  "rich_text_input",
  "email_text_input",
  "number_input",
  "url_text_input",
]);

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export class Validator {
  readonly errors: string[] = [];
  private readonly blockIds = new Set<string>();
  private readonly actionIds = new Set<string>();

  fail(problem: string, pointer: string): void {
    this.errors.push(`${problem} [json-pointer:${pointer}]`);
  }

  maxLen(value: string, max: number, pointer: string): void {
    if (value.length > max) this.fail(`must be less than ${max + 1} characters`, pointer);
  }

  /** A composition text object: {type: plain_text|mrkdwn, text}. */
  text(v: JsonValue | undefined, pointer: string, opts: { max: number; plainOnly?: boolean }): JsonObject | undefined {
    if (!isObject(v)) {
      this.fail("must provide an object", pointer);
      return undefined;
    }
    const type = v.type;
    const allowed = opts.plainOnly ? ["plain_text"] : ["plain_text", "mrkdwn"];
    if (typeof type !== "string" || !allowed.includes(type)) {
      this.fail("must be a valid enum value", `${pointer}/type`);
      return undefined;
    }
    if (typeof v.text !== "string") {
      this.fail("must provide a string", `${pointer}/text`);
      return undefined;
    }
    if (v.text.length === 0) this.fail("must be more than 0 characters", `${pointer}/text`);
    this.maxLen(v.text, opts.max, `${pointer}/text`);
    const out: JsonObject = { ...v };
    if (type === "plain_text" && out.emoji === undefined) out.emoji = true;
    return out;
  }

  actionId(el: JsonObject, pointer: string): void {
    if (el.action_id === undefined) {
      el.action_id = shortRandomId();
      return;
    }
    if (typeof el.action_id !== "string") {
      this.fail("must provide a string", `${pointer}/action_id`);
      return;
    }
    this.maxLen(el.action_id, LIMITS.actionId, `${pointer}/action_id`);
    if (this.actionIds.has(el.action_id)) {
      this.fail(`\`action_id\` "${el.action_id}" already exists`, `${pointer}/action_id`);
    }
    this.actionIds.add(el.action_id);
  }

  options(v: JsonValue | undefined, pointer: string, max: number): void {
    if (!Array.isArray(v)) {
      this.fail("must provide an array", pointer);
      return;
    }
    if (v.length === 0) this.fail("must provide at least 1 items", pointer);
    if (v.length > max) this.fail(`no more than ${max} items allowed`, pointer);
    v.forEach((opt, i) => {
      const p = `${pointer}/${i}`;
      if (!isObject(opt)) {
        this.fail("must provide an object", p);
        return;
      }
      this.text(opt.text, `${p}/text`, { max: LIMITS.optionText });
      if (typeof opt.value === "string") this.maxLen(opt.value, LIMITS.optionValue, `${p}/value`);
    });
  }

  element(v: JsonValue | undefined, pointer: string, where: "actions" | "accessory"): JsonObject | undefined {
    if (!isObject(v)) {
      this.fail("must provide an object", pointer);
      return undefined;
    }
    const el: JsonObject = { ...v };
    const type = el.type;
    if (typeof type !== "string") {
      this.fail("must provide a string", `${pointer}/type`);
      return undefined;
    }
    if (el.block_id !== undefined) {
      // A frequent mistake: block_id belongs on the block, not the element.
      this.fail("invalid additional property: block_id", pointer);
    }
    if (type === "image" && where === "accessory") {
      this.image(el, pointer, false);
      return el;
    }
    if (!INTERACTIVE_ELEMENTS.has(type)) {
      this.fail("failed to match all allowed schemas", pointer);
      return undefined;
    }
    this.actionId(el, pointer);
    if (type === "button") {
      const text = this.text(el.text, `${pointer}/text`, { max: LIMITS.buttonText, plainOnly: true });
      if (text) el.text = text;
      if (el.value !== undefined) {
        if (typeof el.value !== "string") this.fail("must provide a string", `${pointer}/value`);
        else this.maxLen(el.value, LIMITS.buttonValue, `${pointer}/value`);
      }
      if (typeof el.url === "string") this.maxLen(el.url, LIMITS.url, `${pointer}/url`);
      if (el.style !== undefined && el.style !== "primary" && el.style !== "danger") {
        this.fail("must be a valid enum value", `${pointer}/style`);
      }
      return el;
    }
    if (el.placeholder !== undefined) {
      const ph = this.text(el.placeholder, `${pointer}/placeholder`, { max: LIMITS.placeholder, plainOnly: true });
      if (ph) el.placeholder = ph;
    }
    if (type === "static_select" || type === "multi_static_select") {
      if (el.option_groups === undefined) this.options(el.options, `${pointer}/options`, LIMITS.selectOptions);
    } else if (type === "overflow") {
      this.options(el.options, `${pointer}/options`, LIMITS.overflowOptions);
    } else if (type === "checkboxes" || type === "radio_buttons") {
      this.options(el.options, `${pointer}/options`, 10);
    }
    return el;
  }

  image(b: JsonObject, pointer: string, isBlock: boolean): void {
    if (typeof b.image_url === "string") this.maxLen(b.image_url, LIMITS.url, `${pointer}/image_url`);
    else if (!isObject(b.slack_file)) this.fail("must provide either image_url or slack_file", pointer);
    if (typeof b.alt_text !== "string") this.fail("must provide a string", `${pointer}/alt_text`);
    else this.maxLen(b.alt_text, LIMITS.imageAltText, `${pointer}/alt_text`);
    if (isBlock && b.title !== undefined) {
      const t = this.text(b.title, `${pointer}/title`, { max: 2000, plainOnly: true });
      if (t) b.title = t;
    }
  }

  block(v: JsonValue, i: number): JsonObject | undefined {
    const pointer = `/blocks/${i}`;
    // Slack: an action_id is unique among the action_ids of its containing block.
    this.actionIds.clear();
    if (!isObject(v)) {
      this.fail("must provide an object", pointer);
      return undefined;
    }
    const b: JsonObject = { ...v };
    if (typeof b.type !== "string") {
      this.fail("must provide a string", `${pointer}/type`);
      return undefined;
    }
    if (!MESSAGE_BLOCK_TYPES.has(b.type)) {
      this.fail("failed to match all allowed schemas", pointer);
      return undefined;
    }
    if (b.block_id === undefined) {
      b.block_id = shortRandomId();
    } else if (typeof b.block_id !== "string") {
      this.fail("must provide a string", `${pointer}/block_id`);
    } else {
      this.maxLen(b.block_id, LIMITS.blockId, `${pointer}/block_id`);
      if (this.blockIds.has(b.block_id)) {
        this.fail(`\`block_id\` "${b.block_id}" already exists`, `${pointer}/block_id`);
      }
      this.blockIds.add(b.block_id);
    }

    switch (b.type) {
      case "section": {
        if (b.text === undefined && b.fields === undefined) {
          this.fail("must provide either text or fields", pointer);
        }
        if (b.text !== undefined) {
          const t = this.text(b.text, `${pointer}/text`, { max: LIMITS.sectionText });
          if (t) b.text = t;
        }
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields)) this.fail("must provide an array", `${pointer}/fields`);
          else {
            if (b.fields.length > LIMITS.sectionFields) {
              this.fail(`no more than ${LIMITS.sectionFields} items allowed`, `${pointer}/fields`);
            }
            b.fields = b.fields.map(
              (f, j) => this.text(f, `${pointer}/fields/${j}`, { max: LIMITS.sectionFieldText }) ?? f,
            );
          }
        }
        if (b.accessory !== undefined) {
          const el = this.element(b.accessory, `${pointer}/accessory`, "accessory");
          if (el) b.accessory = el;
        }
        break;
      }
      case "header": {
        const t = this.text(b.text, `${pointer}/text`, { max: LIMITS.headerText, plainOnly: true });
        if (t) b.text = t;
        break;
      }
      case "actions": {
        if (!Array.isArray(b.elements)) {
          this.fail("must provide an array", `${pointer}/elements`);
          break;
        }
        if (b.elements.length === 0) this.fail("must provide at least 1 items", `${pointer}/elements`);
        if (b.elements.length > LIMITS.actionsElements) {
          this.fail(`no more than ${LIMITS.actionsElements} items allowed`, `${pointer}/elements`);
        }
        b.elements = b.elements.map((el, j) => this.element(el, `${pointer}/elements/${j}`, "actions") ?? el);
        break;
      }
      case "context": {
        if (!Array.isArray(b.elements)) {
          this.fail("must provide an array", `${pointer}/elements`);
          break;
        }
        if (b.elements.length === 0) this.fail("must provide at least 1 items", `${pointer}/elements`);
        if (b.elements.length > LIMITS.contextElements) {
          this.fail(`no more than ${LIMITS.contextElements} items allowed`, `${pointer}/elements`);
        }
        b.elements = b.elements.map((el, j) => {
          const p = `${pointer}/elements/${j}`;
          if (isObject(el) && el.type === "image") {
            const img: JsonObject = { ...el };
            this.image(img, p, false);
            return img;
          }
          return this.text(el, p, { max: LIMITS.sectionText }) ?? el;
        });
        break;
      }
      case "image":
        this.image(b, pointer, true);
        break;
      case "markdown":
        if (typeof b.text !== "string") this.fail("must provide a string", `${pointer}/text`);
        else this.maxLen(b.text, LIMITS.markdownText, `${pointer}/text`);
        break;
      case "rich_text":
        if (!Array.isArray(b.elements)) this.fail("must provide an array", `${pointer}/elements`);
        break;
      default:
        // divider and the rarer block types: accepted as they are.
        break;
    }
    return b;
  }
}

/**
 * Validates a `blocks` argument already parsed from JSON. The caller answers
 * invalid_blocks_format for a value that is not an array at all.
 */
export function validateBlocks(blocks: JsonValue[]): BlocksResult {
  const v = new Validator();
  if (blocks.length > LIMITS.blocks) v.fail(`no more than ${LIMITS.blocks} items allowed`, "/blocks");
  const out: JsonObject[] = [];
  blocks.forEach((b, i) => {
    const nb = v.block(b, i);
    if (nb) out.push(nb);
  });
  if (v.errors.length > 0) return { ok: false, errors: v.errors };
  return { ok: true, blocks: out };
}

/** Every button in a message's blocks, with the block it sits in. */
export function findButtons(blocks: JsonObject[] | undefined): { blockId: string; button: JsonObject }[] {
  const out: { blockId: string; button: JsonObject }[] = [];
  for (const b of blocks ?? []) {
    const blockId = typeof b.block_id === "string" ? b.block_id : "";
    if (b.type === "actions" && Array.isArray(b.elements)) {
      for (const el of b.elements) {
        if (isObject(el) && el.type === "button") out.push({ blockId, button: el });
      }
    }
    if (b.type === "section" && isObject(b.accessory) && b.accessory.type === "button") {
      out.push({ blockId, button: b.accessory });
    }
  }
  return out;
}

/** The mrkdwn strings in a message's blocks (sections, fields, context). */
export function mrkdwnTexts(blocks: JsonObject[] | undefined): string[] {
  const out: string[] = [];
  const take = (t: JsonValue | undefined): void => {
    if (isObject(t) && t.type === "mrkdwn" && typeof t.text === "string") out.push(t.text);
  };
  for (const b of blocks ?? []) {
    take(b.text);
    if (Array.isArray(b.fields)) b.fields.forEach(take);
    if (b.type === "context" && Array.isArray(b.elements)) b.elements.forEach(take);
    if (b.type === "markdown" && typeof b.text === "string") out.push(b.text);
  }
  return out;
}
