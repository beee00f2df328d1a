// Interactions: the INTERACTION_CREATE payloads a person's slash command,
// autocomplete typing, button press or modal submit produces, and what
// Discord does with the answers — the one callback within the deadline, the
// original response, follow-ups and their edits while the token lives.

import {
  alreadyAcknowledged,
  DiscordError,
  invalidWebhookToken,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from "./api-error.js";
import { CommandType, OptionType } from "./commands-validate.js";
import { INTERACTION_DEFAULT_MENTIONS } from "./mentions.js";
import { validateChoices, validateMessage, validateModal } from "./message-validate.js";
import { LOADING_FLAG, type MessageStore } from "./messages.js";
import { interactionToken } from "./snowflake.js";
import {
  CallbackKind,
  type CallbackRecord,
  ChannelKind,
  type FakeChannel,
  InteractionKind,
  type InteractionKindValue,
  type InteractionRecord,
  isObject,
  type JsonObject,
  type JsonValue,
  type StoredMessage,
  type UploadedFile,
} from "./types.js";
import type { World } from "./world.js";

export type OptionValue = string | number | boolean;

/** An option as Discord sends it (for tests that want to spell the tree out). */
export interface ApiOption {
  name: string;
  type: number;
  value?: OptionValue;
  options?: ApiOption[];
  focused?: boolean;
}

export interface InteractionBase {
  channelId: string;
  userId: string;
  /** The invoking member's permissions in the channel (default: from their roles). */
  memberPermissions?: bigint;
  /** The user's client language (default: the user's locale). */
  locale?: string;
}

export interface SlashCommandInput extends InteractionBase {
  name: string;
  /** Defaults to the registered command's id (guild first, then global), else a stable made-up id. */
  commandId?: string;
  group?: string;
  subcommand?: string;
  /** `{ name: value }` typed by the registered definition (or by the JS type), or the raw option tree. */
  options?: Record<string, OptionValue> | ApiOption[];
}

export interface AutocompleteInput extends SlashCommandInput {
  /** The option being typed in; its value is what the person has typed so far. */
  focused: string;
}

export interface ButtonInput extends InteractionBase {
  messageId: string;
  customId: string;
}

export interface SelectInput extends ButtonInput {
  values: string[];
}

export interface ModalSubmitInput extends InteractionBase {
  customId: string;
  /** text input custom_id -> value */
  fields: Record<string, string>;
  /** When the modal was opened from a component on this message. */
  messageId?: string;
}

export interface CallbackResult {
  status: 200 | 204;
  body?: JsonObject;
}

export interface InteractionOptions {
  deadlineMs: () => number;
  tokenLifetimeMs: () => number;
  /** Sends INTERACTION_CREATE; returns how many sessions got (or queued) it. */
  dispatch: (payload: JsonObject, guildId: string | null) => number;
}

const ALLOWED_CALLBACKS: Record<InteractionKindValue, readonly number[]> = {
  [InteractionKind.ApplicationCommand]: [4, 5, 9],
  [InteractionKind.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionKind.Autocomplete]: [8],
  [InteractionKind.ModalSubmit]: [4, 5, 6, 7],
};

function inferType(v: OptionValue): number {
  if (typeof v === "boolean") return OptionType.Boolean;
  if (typeof v === "number") return Number.isInteger(v) ? OptionType.Integer : OptionType.Number;
  return OptionType.String;
}

export class Interactions {
  private readonly madeUpCommandIds = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly messages: MessageStore,
    private readonly opts: InteractionOptions,
  ) {}

  get(id: string): InteractionRecord | undefined {
    return this.world.interactions.get(id);
  }

  // ---- building and sending -----------------------------------------------

  slashCommand(input: SlashCommandInput): InteractionRecord {
    const data = this.commandData(input, null);
    return this.send(InteractionKind.ApplicationCommand, input, data, null);
  }

  autocomplete(input: AutocompleteInput): InteractionRecord {
    const data = this.commandData(input, input.focused);
    return this.send(InteractionKind.Autocomplete, input, data, null);
  }

  pressButton(input: ButtonInput): InteractionRecord {
    const message = this.requireMessage(input.channelId, input.messageId);
    const component = this.findComponent(message, input.customId);
    if (component.type !== 2) throw new Error(`FakeDiscord: ${input.customId} is not a button`);
    if (component.disabled === true) throw new Error(`FakeDiscord: button ${input.customId} is disabled`);
    const data: JsonObject = { component_type: 2, custom_id: input.customId };
    if (typeof component.id === "number") data.id = component.id;
    return this.send(InteractionKind.MessageComponent, input, data, message);
  }

  selectMenu(input: SelectInput): InteractionRecord {
    const message = this.requireMessage(input.channelId, input.messageId);
    const component = this.findComponent(message, input.customId);
    if (typeof component.type !== "number" || ![3, 5, 6, 7, 8].includes(component.type)) {
      throw new Error(`FakeDiscord: ${input.customId} is not a select menu`);
    }
    const data: JsonObject = { component_type: component.type, custom_id: input.customId, values: input.values };
    return this.send(InteractionKind.MessageComponent, input, data, message);
  }

  modalSubmit(input: ModalSubmitInput): InteractionRecord {
    const message = input.messageId ? this.requireMessage(input.channelId, input.messageId) : null;
    const data: JsonObject = {
      custom_id: input.customId,
      components: Object.entries(input.fields).map(([customId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: customId, value }],
      })),
    };
    return this.send(InteractionKind.ModalSubmit, input, data, message);
  }

  private requireMessage(channelId: string, messageId: string): StoredMessage {
    const m = this.world.messages.get(messageId);
    if (!m || m.deleted || m.channelId !== channelId) {
      throw new Error(`FakeDiscord: no message ${messageId} in channel ${channelId}`);
    }
    return m;
  }

  private findComponent(m: StoredMessage, customId: string): JsonObject {
    const walk = (items: JsonValue[]): JsonObject | undefined => {
      for (const c of items) {
        if (!isObject(c)) continue;
        if (c.custom_id === customId) return c;
        const inner = Array.isArray(c.components) ? walk(c.components) : undefined;
        if (inner) return inner;
        if (isObject(c.accessory) && c.accessory.custom_id === customId) return c.accessory;
      }
      return undefined;
    };
    const found = walk(m.components);
    if (!found) throw new Error(`FakeDiscord: message ${m.id} has no component with custom_id ${customId}`);
    return found;
  }

  /** The registered definition of a chat-input command, guild scope first. */
  private definition(name: string, guildId: string | null): JsonObject | undefined {
    const pick = (list: JsonObject[] | undefined): JsonObject | undefined =>
      list?.find((c) => c.name === name && (c.type ?? 1) === CommandType.ChatInput);
    return (guildId ? pick(this.world.guildCommands.get(guildId)) : undefined) ?? pick(this.world.globalCommands);
  }

  private commandData(input: SlashCommandInput, focused: string | null): JsonObject {
    const channel = this.world.requireChannel(input.channelId);
    const def = this.definition(input.name, channel.guildId);
    let commandId = input.commandId ?? (typeof def?.id === "string" ? def.id : undefined);
    if (!commandId) {
      commandId = this.madeUpCommandIds.get(input.name) ?? this.world.ids.next();
      this.madeUpCommandIds.set(input.name, commandId);
    }
    const resolved: Record<string, JsonObject> = {};
    let options: ApiOption[];
    if (Array.isArray(input.options)) options = input.options;
    else {
      let defs: JsonValue[] | undefined = def && Array.isArray(def.options) ? def.options : undefined;
      const descend = (name: string, type: number): void => {
        const next = defs?.find((o) => isObject(o) && o.name === name && o.type === type);
        if (def && !next)
          throw new Error(`FakeDiscord: /${input.name} has no ${type === 2 ? "group" : "subcommand"} ${name}`);
        defs = isObject(next) && Array.isArray(next.options) ? next.options : def ? [] : undefined;
      };
      if (input.group) descend(input.group, OptionType.SubcommandGroup);
      if (input.subcommand) descend(input.subcommand, OptionType.Subcommand);
      const leaves = this.leafOptions(input, defs, focused, channel, resolved);
      options = leaves;
      if (input.subcommand) options = [{ name: input.subcommand, type: OptionType.Subcommand, options }];
      if (input.group) options = [{ name: input.group, type: OptionType.SubcommandGroup, options }];
    }
    const data: JsonObject = {
      id: commandId,
      name: input.name,
      type: CommandType.ChatInput,
      options: options as unknown as JsonValue[],
    };
    if (def?.guild_id) data.guild_id = def.guild_id;
    if (Object.keys(resolved).length > 0) data.resolved = resolved;
    return data;
  }

  private leafOptions(
    input: SlashCommandInput,
    defs: JsonValue[] | undefined,
    focused: string | null,
    channel: FakeChannel,
    resolved: Record<string, JsonObject>,
  ): ApiOption[] {
    const values = (input.options ?? {}) as Record<string, OptionValue>;
    const out: ApiOption[] = [];
    for (const [name, value] of Object.entries(values)) {
      const d = defs?.find((o): o is JsonObject => isObject(o) && o.name === name);
      if (defs && !d) throw new Error(`FakeDiscord: /${input.name} has no option ${name}`);
      const type = typeof d?.type === "number" ? d.type : inferType(value);
      const isFocused = focused === name;
      if (!isFocused) this.checkValue(input.name, name, type, value, d);
      const opt: ApiOption = { name, type, value };
      if (isFocused) opt.focused = true;
      out.push(opt);
      if (typeof value === "string" && !isFocused) this.resolve(type, value, channel, resolved);
    }
    if (defs && focused === null) {
      for (const d of defs) {
        if (isObject(d) && d.required === true && typeof d.name === "string" && !(d.name in values)) {
          throw new Error(`FakeDiscord: /${input.name} needs option ${d.name}`);
        }
      }
    }
    if (focused !== null && !out.some((o) => o.focused)) {
      throw new Error(`FakeDiscord: the focused option ${focused} needs a value (what was typed so far)`);
    }
    return out;
  }

  private checkValue(command: string, name: string, type: number, value: OptionValue, def?: JsonObject): void {
    const bad = (): never => {
      throw new Error(`FakeDiscord: /${command} option ${name} (type ${type}) cannot be ${JSON.stringify(value)}`);
    };
    if (type === OptionType.Integer && (typeof value !== "number" || !Number.isInteger(value))) bad();
    if (type === OptionType.Number && typeof value !== "number") bad();
    if (type === OptionType.Boolean && typeof value !== "boolean") bad();
    if ([OptionType.String, 6, 7, 8, 9, 11].includes(type) && typeof value !== "string") bad();
    if (def && Array.isArray(def.choices) && def.choices.length > 0) {
      if (!def.choices.some((c) => isObject(c) && c.value === value)) bad();
    }
  }

  /** resolved.{users,members,roles,channels} for id-valued options, as Discord fills them. */
  private resolve(type: number, id: string, channel: FakeChannel, resolved: Record<string, JsonObject>): void {
    const put = (kind: string, key: string, v: JsonObject): void => {
      const bucket = resolved[kind] ?? {};
      bucket[key] = v;
      resolved[kind] = bucket;
    };
    const guildId = channel.guildId;
    if (type === OptionType.User || type === OptionType.Mentionable) {
      const user = this.world.users.get(id);
      if (user) {
        put("users", id, this.world.apiUser(user));
        const member = guildId ? this.world.member(guildId, id) : undefined;
        if (member && guildId) {
          const { user: _omit, ...rest } = this.world.apiMember(member);
          put("members", id, { ...rest, permissions: this.world.memberPermissions(guildId, id).toString() });
        }
        return;
      }
    }
    if (type === OptionType.Role || type === OptionType.Mentionable) {
      const role = this.world.roles.get(id);
      if (role) put("roles", id, this.world.apiRole(role));
      return;
    }
    if (type === OptionType.Attachment) {
      // A file the person picked for the option (FakeDiscord.attachFile): Discord puts it on its CDN, signed.
      const a = this.world.cdn.ephemeral.get(id);
      if (!a) throw new Error(`FakeDiscord: no attached file ${id}; call attachFile first`);
      put("attachments", id, this.world.apiEphemeralAttachment(a));
      return;
    }
    if (type === OptionType.Channel) {
      const c = this.world.channels.get(id);
      if (c) {
        const api = this.world.apiChannel(c);
        const perms = guildId ? this.world.memberPermissions(guildId, this.world.botUserId).toString() : "0";
        put("channels", id, { ...api, permissions: perms });
      }
    }
  }

  private send(
    type: InteractionKindValue,
    input: InteractionBase,
    data: JsonObject,
    message: StoredMessage | null,
  ): InteractionRecord {
    const channel = this.world.requireChannel(input.channelId);
    const user = this.world.requireUser(input.userId);
    const id = this.world.ids.next();
    const token = interactionToken(id);
    const guildId = channel.guildId;
    const locale = input.locale ?? user.locale;
    const payload: JsonObject = {
      id,
      application_id: this.world.applicationId,
      type,
      data,
      token,
      version: 1,
      locale,
      entitlements: [],
      entitlement_sku_ids: [],
      attachment_size_limit: 10 * 1024 * 1024,
      channel_id: channel.id,
    };
    if (guildId) {
      const guild = this.world.requireGuild(guildId);
      const member = this.world.member(guildId, user.id) ?? this.world.addMember({ guildId, userId: user.id });
      const perms = input.memberPermissions ?? this.world.memberPermissions(guildId, user.id);
      payload.guild_id = guildId;
      payload.guild = { id: guildId, locale: guild.preferredLocale, features: [] };
      payload.guild_locale = guild.preferredLocale;
      payload.member = { ...this.world.apiMember(member), permissions: perms.toString() };
      payload.app_permissions = guild.botPermissions.toString();
      payload.channel = { ...this.world.apiChannel(channel), permissions: perms.toString() };
      payload.authorizing_integration_owners = { "0": guildId };
      payload.context = 0;
    } else {
      payload.user = this.world.apiUser(user);
      // In a DM the app can do what a DM allows.
      payload.app_permissions = "1126999418470401";
      payload.channel = {
        id: channel.id,
        type: ChannelKind.DM,
        flags: 0,
        last_message_id: channel.lastMessageId,
        recipients: [this.world.apiUser(user)],
      };
      payload.authorizing_integration_owners = { "0": "0" };
      payload.context = 1;
    }
    if (message) payload.message = this.world.apiMessage(message);
    const record: InteractionRecord = {
      id,
      token,
      type,
      guildId,
      channelId: channel.id,
      userId: user.id,
      messageId: message?.id ?? null,
      createdAt: Date.now(),
      payload,
      callback: null,
      rejectedCallbacks: [],
      originalMessageId: null,
      followUpIds: [],
      choices: null,
      modal: null,
    };
    this.world.interactions.set(id, record);
    this.world.changed();
    if (this.opts.dispatch(payload, guildId) === 0) {
      throw new Error("FakeDiscord: no gateway session would receive this interaction; log a client in first");
    }
    return record;
  }

  // ---- the callback ------------------------------------------------------

  callback(id: string, token: string, body: unknown, files: UploadedFile[], withResponse: boolean): CallbackResult {
    const rec = this.world.interactions.get(id);
    if (!rec || rec.token !== token) throw unknownInteraction();
    const type = isObject(body) && typeof body.type === "number" ? body.type : -1;
    const reject = (err: DiscordError): never => {
      rec.rejectedCallbacks.push({ type, code: err.code, at: Date.now() });
      this.world.changed();
      throw err;
    };
    if (Date.now() - rec.createdAt > this.opts.deadlineMs()) reject(unknownInteraction());
    if (rec.callback) reject(alreadyAcknowledged());
    const allowed = ALLOWED_CALLBACKS[rec.type];
    if (!allowed.includes(type)) {
      reject(
        new DiscordError(400, 50035, "Invalid Form Body", {
          type: {
            _errors: [
              { code: "INTERACTION_RESPONSE_TYPE_INVALID", message: `Value must be one of {${allowed.join(", ")}}.` },
            ],
          },
        }),
      );
    }
    const data = isObject(body) && isObject(body.data) ? body.data : null;
    const channel = this.world.requireChannel(rec.channelId);
    let message: StoredMessage | null = null;
    try {
      switch (type) {
        case CallbackKind.ChannelMessageWithSource: {
          const draft = validateMessage(data, files, { edit: false, allowEphemeral: true });
          message = this.messages.create({
            channel,
            authorId: this.world.botUserId,
            draft,
            files,
            source: "interaction",
            defaultParse: INTERACTION_DEFAULT_MENTIONS,
            interactionId: rec.id,
            webhook: true,
            ephemeralTo: rec.userId,
          });
          rec.originalMessageId = message.id;
          break;
        }
        case CallbackKind.DeferredChannelMessageWithSource: {
          // Only EPHEMERAL may be set on a deferral.
          const flags = data && typeof data.flags === "number" ? data.flags & 64 : 0;
          message = this.messages.create({
            channel,
            authorId: this.world.botUserId,
            draft: { flags },
            files: [],
            source: "interaction",
            defaultParse: INTERACTION_DEFAULT_MENTIONS,
            interactionId: rec.id,
            webhook: true,
            ephemeralTo: rec.userId,
            extraFlags: LOADING_FLAG,
          });
          rec.originalMessageId = message.id;
          break;
        }
        case CallbackKind.DeferredUpdateMessage:
          rec.originalMessageId = rec.messageId;
          message = rec.messageId ? (this.world.messages.get(rec.messageId) ?? null) : null;
          break;
        case CallbackKind.UpdateMessage: {
          const target = rec.messageId ? this.world.messages.get(rec.messageId) : undefined;
          if (!target) throw unknownMessage();
          const draft = validateMessage(data, files, { edit: true, allowEphemeral: false });
          message = this.messages.edit(target, draft, files, INTERACTION_DEFAULT_MENTIONS);
          rec.originalMessageId = target.id;
          break;
        }
        case CallbackKind.AutocompleteResult:
          rec.choices = validateChoices(data);
          break;
        case CallbackKind.Modal:
          rec.modal = validateModal(data);
          break;
      }
    } catch (err) {
      if (err instanceof DiscordError) reject(err);
      throw err;
    }
    const cb: CallbackRecord = { type, data, files, at: Date.now(), withResponse };
    rec.callback = cb;
    this.world.changed();
    if (!withResponse) return { status: 204 };
    const resource: JsonObject = { type };
    if (message && (type === 4 || type === 5 || type === 7)) resource.message = this.world.apiMessage(message);
    return {
      status: 200,
      body: {
        interaction: {
          id: rec.id,
          type: rec.type,
          ...(message ? { response_message_id: message.id } : {}),
          ...(message ? { response_message_loading: (message.flags & LOADING_FLAG) !== 0 } : {}),
          ...(message ? { response_message_ephemeral: message.ephemeralTo !== null } : {}),
        },
        resource,
      },
    };
  }

  // ---- webhooks: follow-ups and the original response ---------------------

  /** The interaction behind /webhooks/{app}/{token}, if it can still be used. */
  webhookInteraction(appId: string, token: string): InteractionRecord {
    if (appId !== this.world.applicationId) throw unknownWebhook();
    const rec = [...this.world.interactions.values()].find((i) => i.token === token);
    if (!rec) throw unknownWebhook();
    if (Date.now() - rec.createdAt > this.opts.tokenLifetimeMs()) throw invalidWebhookToken();
    // Until the interaction is acknowledged (with a message-producing type) there is no webhook.
    const cb = rec.callback;
    if (!cb || cb.type === CallbackKind.AutocompleteResult || cb.type === CallbackKind.Modal) throw unknownWebhook();
    return rec;
  }

  followUp(rec: InteractionRecord, body: unknown, files: UploadedFile[]): StoredMessage {
    const draft = validateMessage(body, files, { edit: false, allowEphemeral: true });
    const original = rec.originalMessageId ? this.world.messages.get(rec.originalMessageId) : undefined;
    // Straight after a deferral, a follow-up fills in the "thinking" message (its ephemeral state kept).
    if (
      rec.callback?.type === CallbackKind.DeferredChannelMessageWithSource &&
      original &&
      (original.flags & LOADING_FLAG) !== 0 &&
      rec.followUpIds.length === 0
    ) {
      return this.messages.edit(original, draft, files, INTERACTION_DEFAULT_MENTIONS);
    }
    const message = this.messages.create({
      channel: this.world.requireChannel(rec.channelId),
      authorId: this.world.botUserId,
      draft,
      files,
      source: "followup",
      defaultParse: INTERACTION_DEFAULT_MENTIONS,
      interactionId: rec.id,
      webhook: true,
      ephemeralTo: rec.userId,
    });
    rec.followUpIds.push(message.id);
    this.world.changed();
    return message;
  }

  /** `@original` or a follow-up id of this interaction. */
  webhookMessage(rec: InteractionRecord, messageId: string): StoredMessage {
    const id = messageId === "@original" ? rec.originalMessageId : messageId;
    if (!id || (id !== rec.originalMessageId && !rec.followUpIds.includes(id))) throw unknownMessage();
    const m = this.world.messages.get(id);
    if (!m || m.deleted) throw unknownMessage();
    return m;
  }

  editWebhookMessage(rec: InteractionRecord, messageId: string, body: unknown, files: UploadedFile[]): StoredMessage {
    const m = this.webhookMessage(rec, messageId);
    const draft = validateMessage(body, files, { edit: true, allowEphemeral: true });
    return this.messages.edit(m, draft, files, INTERACTION_DEFAULT_MENTIONS);
  }
}
