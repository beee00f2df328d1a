// The fake's Discord: users, guilds, roles, members, channels (threads and
// DMs included), messages and polls, and the API objects built from them.
// Every change emits "change" so waitFor() re-checks at once.

import { EventEmitter } from "node:events";
import { Cdn } from "./cdn.js";
import { Snowflakes, snowflakeTime } from "./snowflake.js";
import {
  ChannelKind,
  type ChannelKindValue,
  type FakeChannel,
  type FakeGuild,
  type FakeMember,
  type FakeRole,
  type FakeUser,
  type InteractionRecord,
  type JsonObject,
  type StoredAttachment,
  type StoredMessage,
} from "./types.js";

/** Permission bits the fake uses (Discord's numbers). */
export const Permission = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  MentionEveryone: 1n << 17n,
  UseExternalEmojis: 1n << 18n,
  ChangeNickname: 1n << 26n,
  ManageRoles: 1n << 28n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
  SendPolls: 1n << 49n,
} as const;

export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** What @everyone may do in a new guild (the fake's choice, close to Discord's defaults). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  Permission.CreateInstantInvite |
  Permission.AddReactions |
  Permission.ViewChannel |
  Permission.SendMessages |
  Permission.EmbedLinks |
  Permission.AttachFiles |
  Permission.ReadMessageHistory |
  Permission.UseExternalEmojis |
  Permission.ChangeNickname |
  Permission.UseApplicationCommands |
  Permission.CreatePublicThreads |
  Permission.CreatePrivateThreads |
  Permission.SendMessagesInThreads |
  Permission.SendPolls;

export interface AddUserInput {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
  disallowDMs?: boolean;
  locale?: string;
}

export interface AddGuildInput {
  id?: string;
  name: string;
  ownerId?: string;
  preferredLocale?: string;
  /** The bot's permissions there (default: @everyone's plus Manage Messages). */
  botPermissions?: bigint;
  /** @everyone's permissions. */
  everyonePermissions?: bigint;
  /** False: the guild exists but the bot is not in it yet (see FakeDiscord.guildCreate). Default true. */
  botIsMember?: boolean;
}

export interface AddChannelInput {
  id?: string;
  guildId: string;
  name: string;
  /** 0 text (default), 5 announcement, 11 public thread, 12 private thread. */
  type?: ChannelKindValue;
  parentId?: string;
  topic?: string;
  noAccess?: boolean;
  ownerId?: string;
}

export interface AddRoleInput {
  id?: string;
  guildId: string;
  name: string;
  permissions?: bigint;
  mentionable?: boolean;
  color?: number;
}

export interface AddMemberInput {
  guildId: string;
  userId: string;
  roles?: string[];
  nick?: string | null;
}

export class World extends EventEmitter {
  readonly ids = new Snowflakes();
  readonly users = new Map<string, FakeUser>();
  readonly guilds = new Map<string, FakeGuild>();
  readonly roles = new Map<string, FakeRole>();
  /** Keyed `${guildId}:${userId}`. */
  readonly members = new Map<string, FakeMember>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactions = new Map<string, InteractionRecord>();
  globalCommands: JsonObject[] = [];
  readonly guildCommands = new Map<string, JsonObject[]>();
  /** Signed attachment URLs and the files people attach to slash commands. */
  readonly cdn: Cdn;

  constructor(
    readonly botUserId: string,
    readonly applicationId: string,
    /** http://127.0.0.1:PORT, for attachment URLs. */
    baseUrl: () => string,
  ) {
    super();
    this.setMaxListeners(0);
    this.cdn = new Cdn(baseUrl, applicationId);
  }

  /** A file attached to a slash command's attachment option, as `resolved.attachments` shows it. */
  apiEphemeralAttachment(a: StoredAttachment): JsonObject {
    const url = this.cdn.ephemeralAttachmentUrl(a);
    return {
      id: a.id,
      filename: a.filename,
      size: a.bytes.length,
      url,
      proxy_url: url,
      content_type: a.contentType,
      ephemeral: true,
    };
  }

  changed(): void {
    this.emit("change");
  }

  get bot(): FakeUser {
    const u = this.users.get(this.botUserId);
    if (!u) throw new Error("bot user missing");
    return u;
  }

  // ---- entities -----------------------------------------------------------

  addUser(input: AddUserInput): FakeUser {
    const user: FakeUser = {
      id: input.id ?? this.ids.next(),
      username: input.username,
      globalName: input.globalName === undefined ? input.username : input.globalName,
      bot: input.bot ?? false,
      disallowDMs: input.disallowDMs ?? false,
      locale: input.locale ?? "en-US",
    };
    this.users.set(user.id, user);
    this.changed();
    return user;
  }

  requireUser(id: string): FakeUser {
    const u = this.users.get(id);
    if (!u) throw new Error(`FakeDiscord: unknown user ${id}; addUser() first`);
    return u;
  }

  addGuild(input: AddGuildInput): FakeGuild {
    const id = input.id ?? this.ids.next();
    const ownerId = input.ownerId ?? this.botUserId;
    const everyone = input.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS;
    const guild: FakeGuild = {
      id,
      name: input.name,
      ownerId,
      preferredLocale: input.preferredLocale ?? "en-US",
      botPermissions: input.botPermissions ?? everyone | Permission.ManageMessages,
      joinedAt: new Date().toISOString(),
      botIsMember: input.botIsMember ?? true,
    };
    this.guilds.set(id, guild);
    // @everyone shares the guild's id, as on Discord.
    this.roles.set(id, {
      id,
      guildId: id,
      name: "@everyone",
      permissions: everyone,
      position: 0,
      color: 0,
      mentionable: false,
      managed: false,
    });
    this.members.set(`${id}:${this.botUserId}`, {
      guildId: id,
      userId: this.botUserId,
      roles: [],
      nick: null,
      joinedAt: guild.joinedAt,
    });
    if (ownerId !== this.botUserId && this.users.has(ownerId)) this.addMember({ guildId: id, userId: ownerId });
    this.changed();
    return guild;
  }

  requireGuild(id: string): FakeGuild {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`FakeDiscord: unknown guild ${id}; addGuild() first`);
    return g;
  }

  addRole(input: AddRoleInput): FakeRole {
    this.requireGuild(input.guildId);
    const position = [...this.roles.values()].filter((r) => r.guildId === input.guildId).length;
    const role: FakeRole = {
      id: input.id ?? this.ids.next(),
      guildId: input.guildId,
      name: input.name,
      permissions: input.permissions ?? 0n,
      position,
      color: input.color ?? 0,
      mentionable: input.mentionable ?? false,
      managed: false,
    };
    this.roles.set(role.id, role);
    this.changed();
    return role;
  }

  addMember(input: AddMemberInput): FakeMember {
    this.requireGuild(input.guildId);
    this.requireUser(input.userId);
    const member: FakeMember = {
      guildId: input.guildId,
      userId: input.userId,
      roles: input.roles ?? [],
      nick: input.nick ?? null,
      joinedAt: new Date().toISOString(),
    };
    this.members.set(`${input.guildId}:${input.userId}`, member);
    this.changed();
    return member;
  }

  member(guildId: string, userId: string): FakeMember | undefined {
    return this.members.get(`${guildId}:${userId}`);
  }

  addChannel(input: AddChannelInput): FakeChannel {
    this.requireGuild(input.guildId);
    const type = input.type ?? ChannelKind.GuildText;
    const isThread = type === ChannelKind.PublicThread || type === ChannelKind.PrivateThread;
    if (isThread && !input.parentId) throw new Error("FakeDiscord: a thread needs parentId");
    const position = [...this.channels.values()].filter((c) => c.guildId === input.guildId).length;
    const channel: FakeChannel = {
      id: input.id ?? this.ids.next(),
      type,
      guildId: input.guildId,
      name: input.name,
      parentId: input.parentId ?? null,
      position,
      topic: input.topic ?? null,
      noAccess: input.noAccess ?? false,
      recipientId: null,
      ownerId: isThread ? (input.ownerId ?? this.botUserId) : null,
      archived: false,
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    this.changed();
    return channel;
  }

  /** The bot's DM channel with a user: the same id every time. */
  dmChannelFor(userId: string): FakeChannel {
    const existing = [...this.channels.values()].find((c) => c.type === ChannelKind.DM && c.recipientId === userId);
    if (existing) return existing;
    const channel: FakeChannel = {
      id: this.ids.next(),
      type: ChannelKind.DM,
      guildId: null,
      name: "",
      parentId: null,
      position: 0,
      topic: null,
      noAccess: false,
      recipientId: userId,
      ownerId: null,
      archived: false,
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    this.changed();
    return channel;
  }

  requireChannel(id: string): FakeChannel {
    const c = this.channels.get(id);
    if (!c) throw new Error(`FakeDiscord: unknown channel ${id}; addChannel() first`);
    return c;
  }

  /** A member's guild-wide permissions: owner and Administrator get everything. */
  memberPermissions(guildId: string, userId: string): bigint {
    const guild = this.requireGuild(guildId);
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    if (userId === this.botUserId) return guild.botPermissions;
    let perms = this.roles.get(guildId)?.permissions ?? 0n;
    for (const r of this.member(guildId, userId)?.roles ?? []) perms |= this.roles.get(r)?.permissions ?? 0n;
    return (perms & Permission.Administrator) !== 0n ? ALL_PERMISSIONS : perms;
  }

  messagesIn(channelId: string, opts: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && (opts.includeDeleted || !m.deleted));
  }

  // ---- API objects --------------------------------------------------------

  apiUser(u: FakeUser): JsonObject {
    return {
      id: u.id,
      username: u.username,
      discriminator: "0",
      global_name: u.globalName,
      avatar: null,
      avatar_decoration_data: null,
      banner: null,
      accent_color: null,
      public_flags: 0,
      flags: 0,
      ...(u.bot ? { bot: true } : {}),
    };
  }

  apiUserById(id: string): JsonObject {
    const u = this.users.get(id);
    return u
      ? this.apiUser(u)
      : { id, username: `user-${id}`, discriminator: "0", global_name: null, avatar: null, public_flags: 0 };
  }

  /** A member; `withUser` is false inside MESSAGE_CREATE, where the author sits beside it. */
  apiMember(m: FakeMember, withUser = true): JsonObject {
    return {
      ...(withUser ? { user: this.apiUserById(m.userId) } : {}),
      nick: m.nick,
      avatar: null,
      banner: null,
      roles: m.roles,
      joined_at: m.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: null,
    };
  }

  apiRole(r: FakeRole): JsonObject {
    return {
      id: r.id,
      name: r.name,
      color: r.color,
      colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: r.position,
      permissions: r.permissions.toString(),
      managed: r.managed,
      mentionable: r.mentionable,
      flags: 0,
    };
  }

  apiChannel(c: FakeChannel): JsonObject {
    if (c.type === ChannelKind.DM) {
      return {
        id: c.id,
        type: c.type,
        flags: 0,
        last_message_id: c.lastMessageId,
        recipients: c.recipientId ? [this.apiUserById(c.recipientId)] : [],
      };
    }
    const base: JsonObject = {
      id: c.id,
      type: c.type,
      guild_id: c.guildId,
      name: c.name,
      flags: 0,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
    };
    if (c.type === ChannelKind.PublicThread || c.type === ChannelKind.PrivateThread) {
      const count = this.messagesIn(c.id).length;
      return {
        ...base,
        parent_id: c.parentId,
        owner_id: c.ownerId,
        message_count: count,
        total_message_sent: count,
        member_count: 1,
        thread_metadata: {
          archived: c.archived,
          auto_archive_duration: 1440,
          archive_timestamp: snowflakeTime(c.id),
          locked: false,
          create_timestamp: snowflakeTime(c.id),
          ...(c.type === ChannelKind.PrivateThread ? { invitable: true } : {}),
        },
      };
    }
    return {
      ...base,
      position: c.position,
      permission_overwrites: [],
      parent_id: c.parentId,
      topic: c.topic,
      nsfw: false,
    };
  }

  /** A full guild as GUILD_CREATE carries it (threads apart from channels, as Discord sends them). */
  apiGuild(g: FakeGuild, full: boolean): JsonObject {
    const roles = [...this.roles.values()].filter((r) => r.guildId === g.id).map((r) => this.apiRole(r));
    const base: JsonObject = {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles,
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.preferredLocale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
      region: "deprecated",
      hub_type: null,
    };
    if (!full) return base;
    const channels = [...this.channels.values()].filter((c) => c.guildId === g.id);
    const isThread = (c: FakeChannel): boolean =>
      c.type === ChannelKind.PublicThread || c.type === ChannelKind.PrivateThread;
    const members = [...this.members.values()].filter((m) => m.guildId === g.id).map((m) => this.apiMember(m));
    return {
      ...base,
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: members.length,
      voice_states: [],
      members,
      channels: channels.filter((c) => !isThread(c)).map((c) => this.apiChannel(c)),
      threads: channels.filter(isThread).map((c) => this.apiChannel(c)),
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      lazy: true,
    };
  }

  apiMessage(m: StoredMessage, opts: { forGateway?: boolean } = {}): JsonObject {
    const channel = this.channels.get(m.channelId);
    const interaction = m.interactionId ? this.interactions.get(m.interactionId) : undefined;
    const poll = m.poll;
    const msg: JsonObject = {
      type: this.messageType(m),
      content: m.content,
      // A reply that pings its author lists them among the mentions, as Discord does.
      mentions: [...new Set([...m.pings.users, ...(m.pings.repliedUser ? [m.pings.repliedUser] : [])])].map((id) =>
        this.apiUserById(id),
      ),
      mention_roles: m.pings.roles,
      mention_everyone: m.pings.everyone || m.pings.here,
      attachments: m.attachments.map((a) => ({
        id: a.id,
        filename: a.filename,
        size: a.bytes.length,
        url: this.cdn.messageAttachmentUrl(m.channelId, a),
        proxy_url: this.cdn.messageAttachmentUrl(m.channelId, a),
        content_type: a.contentType,
        ...(a.description !== undefined ? { description: a.description } : {}),
      })),
      embeds: m.embeds,
      timestamp: m.timestamp,
      edited_timestamp: m.editedTimestamp,
      flags: m.flags,
      components: m.components,
      id: m.id,
      channel_id: m.channelId,
      author: this.apiUserById(m.authorId),
      pinned: false,
      tts: m.tts,
    };
    if (m.webhookId) {
      msg.webhook_id = m.webhookId;
      msg.application_id = this.applicationId;
    }
    if (m.messageReference) msg.message_reference = m.messageReference;
    if (channel && (channel.type === ChannelKind.PublicThread || channel.type === ChannelKind.PrivateThread)) {
      msg.position = this.messagesIn(channel.id).findIndex((x) => x.id === m.id);
    }
    if (interaction) {
      msg.interaction_metadata = {
        id: interaction.id,
        type: interaction.type,
        user: this.apiUserById(interaction.userId),
        // A guild install: the guild's id, or "0" in the bot's DM.
        authorizing_integration_owners: { "0": interaction.guildId ?? "0" },
        ...(m.source === "followup" && interaction.originalMessageId
          ? { original_response_message_id: interaction.originalMessageId }
          : {}),
        ...(interaction.messageId ? { interacted_message_id: interaction.messageId } : {}),
      };
    }
    if (poll) {
      msg.poll = {
        question: { text: poll.question },
        answers: poll.answers.map((a) => ({
          answer_id: a.answerId,
          poll_media: { text: a.text, ...(a.emoji ? { emoji: a.emoji } : {}) },
        })),
        expiry: poll.expiry,
        allow_multiselect: poll.allowMultiselect,
        layout_type: poll.layoutType,
        results: {
          is_finalized: poll.finalized,
          answer_counts: poll.answers.map((a) => ({
            id: a.answerId,
            count: poll.votes.get(a.answerId)?.length ?? 0,
            me_voted: poll.votes.get(a.answerId)?.includes(this.botUserId) ?? false,
          })),
        },
      };
    }
    if (opts.forGateway && m.guildId) {
      msg.guild_id = m.guildId;
      const member = this.member(m.guildId, m.authorId);
      if (member && !m.webhookId) msg.member = this.apiMember(member, false);
    }
    return msg;
  }

  private messageType(m: StoredMessage): number {
    if (m.source === "interaction" && m.interactionId) {
      const i = this.interactions.get(m.interactionId);
      // CHAT_INPUT_COMMAND for slash command replies; component replies are DEFAULT.
      if (i?.type === 2) return 20;
    }
    return m.messageReference ? 19 : 0;
  }
}
