// The workspace the fake serves: team, tokens, users, channels, messages,
// ephemerals, files and response URLs. Every change emits "change" so that
// waitFor() wakes up without polling sleeps.

import { EventEmitter } from "node:events";
import { slackId, TsClock } from "./ids.js";
import type {
  EphemeralMessage,
  FakeChannel,
  FakeUser,
  JsonObject,
  JsonValue,
  ResponseUrlPost,
  StoredFile,
  StoredMessage,
  TokenInfo,
  TokenKind,
} from "./types.js";
import { type OpenView, TriggerIds } from "./views.js";

export interface TeamInfo {
  teamId: string;
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
  verificationToken: string;
}

/** Where a response_url leads: the command or the message it answers. */
export interface ResponseTarget {
  id: string;
  kind: "command" | "action";
  channel: string;
  user: string;
  messageTs?: string;
  threadTs?: string;
  posts: ResponseUrlPost[];
}

function tzOffsetSeconds(tz: string, at: Date): number {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value;
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ?? "");
    if (!m) return 0;
    const secs = Number(m[2]) * 3600 + Number(m[3]) * 60;
    return m[1] === "-" ? -secs : secs;
  } catch {
    return 0;
  }
}

function tzLabel(tz: string, at: Date): string {
  try {
    return (
      new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "long" })
        .formatToParts(at)
        .find((p) => p.type === "timeZoneName")?.value ?? tz
    );
  } catch {
    return tz;
  }
}

export class Workspace extends EventEmitter {
  readonly clock = new TsClock();
  readonly tokens = new Map<string, TokenInfo>();
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  /** Per channel, in posting order (thread replies included). */
  readonly messages = new Map<string, StoredMessage[]>();
  readonly ephemerals: EphemeralMessage[] = [];
  readonly files = new Map<string, StoredFile>();
  readonly responseTargets = new Map<string, ResponseTarget>();
  /** trigger_ids handed out with commands and interactions, for views.open. */
  readonly triggers = new TriggerIds();
  /** Modals opened with views.open, by view id. */
  readonly views = new Map<string, OpenView>();
  readonly created = Math.floor(Date.now() / 1000);

  constructor(readonly team: TeamInfo) {
    super();
    this.setMaxListeners(0);
  }

  changed(): void {
    this.emit("change");
  }

  addToken(token: string, kind: TokenKind, scopes: string[]): void {
    this.tokens.set(token, { token, kind, scopes: [...scopes] });
    this.changed();
  }

  addUser(u: Partial<FakeUser> & { id: string; name: string }): FakeUser {
    const user: FakeUser = {
      id: u.id,
      name: u.name,
      realName: u.realName ?? u.name,
      displayName: u.displayName ?? u.name,
      isAdmin: u.isAdmin ?? false,
      isOwner: u.isOwner ?? false,
      isBot: u.isBot ?? false,
      deleted: u.deleted ?? false,
      tz: u.tz ?? "Europe/Helsinki",
      locale: u.locale ?? "en-US",
      ...(u.botId !== undefined ? { botId: u.botId } : {}),
    };
    this.users.set(user.id, user);
    this.changed();
    return user;
  }

  addChannel(c: Partial<FakeChannel> & { id: string; name: string; members: string[] }): FakeChannel {
    const botIsMember = c.botIsMember ?? true;
    const members = [...c.members];
    if (botIsMember && !members.includes(this.team.botUserId)) members.push(this.team.botUserId);
    if (!botIsMember) {
      const i = members.indexOf(this.team.botUserId);
      if (i >= 0) members.splice(i, 1);
    }
    const ch: FakeChannel = {
      id: c.id,
      name: c.name,
      members,
      botIsMember,
      isPrivate: c.isPrivate ?? c.id.startsWith("G"),
      isIm: c.isIm ?? c.id.startsWith("D"),
      isMpim: c.isMpim ?? false,
      isArchived: c.isArchived ?? false,
      created: c.created ?? this.created,
      ...(c.imUser !== undefined ? { imUser: c.imUser } : {}),
    };
    this.channels.set(ch.id, ch);
    if (!this.messages.has(ch.id)) this.messages.set(ch.id, []);
    this.changed();
    return ch;
  }

  /** The bot's IM with a user, created on first use like conversations.open. */
  imWith(userId: string): { channel: FakeChannel; existed: boolean } {
    for (const ch of this.channels.values()) {
      if (ch.isIm && ch.imUser === userId) return { channel: ch, existed: true };
    }
    const channel = this.addChannel({
      id: slackId("D"),
      name: userId,
      members: [userId, this.team.botUserId],
      botIsMember: true,
      isIm: true,
      isPrivate: true,
      imUser: userId,
      created: Math.floor(Date.now() / 1000),
    });
    return { channel, existed: false };
  }

  /** An id, a user id (the bot's IM with them) or a channel name. */
  resolveChannel(ref: string): FakeChannel | undefined {
    const direct = this.channels.get(ref);
    if (direct) return direct;
    if ((ref.startsWith("U") || ref.startsWith("W")) && this.users.has(ref)) return this.imWith(ref).channel;
    const name = ref.replace(/^#/, "");
    for (const ch of this.channels.values()) if (!ch.isIm && ch.name === name) return ch;
    return undefined;
  }

  addMessage(msg: StoredMessage): StoredMessage {
    let list = this.messages.get(msg.channel);
    if (!list) {
      list = [];
      this.messages.set(msg.channel, list);
    }
    list.push(msg);
    this.changed();
    return msg;
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts && !m.deleted);
  }

  /** A message as Slack returns it in API responses and payloads. */
  slackMessage(m: StoredMessage): JsonObject {
    const out: JsonObject = { type: "message" };
    if (m.user !== undefined) out.user = m.user;
    if (m.bot_id !== undefined) out.bot_id = m.bot_id;
    if (m.app_id !== undefined) out.app_id = m.app_id;
    out.text = m.text;
    out.ts = m.ts;
    out.team = this.team.teamId;
    if (m.blocks !== undefined) out.blocks = m.blocks;
    if (m.attachments !== undefined) out.attachments = m.attachments;
    if (m.files !== undefined) {
      out.files = m.files;
      out.upload = true;
    }
    if (m.thread_ts !== undefined) {
      out.thread_ts = m.thread_ts;
      const parent = this.findMessage(m.channel, m.thread_ts);
      const parentUser = parent?.user;
      if (parentUser !== undefined && m.thread_ts !== m.ts) out.parent_user_id = parentUser;
    }
    if (m.edited !== undefined) out.edited = { user: m.edited.user, ts: m.edited.ts };
    if (m.bot_id !== undefined) {
      out.bot_profile = {
        id: this.team.botId,
        app_id: this.team.appId,
        name: this.team.botName,
        icons: {
          image_36: "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png",
          image_48: "https://a.slack-edge.com/80588/img/plugins/app/bot_48.png",
          image_72: "https://a.slack-edge.com/80588/img/plugins/app/service_72.png",
        },
        deleted: false,
        updated: this.created,
        team_id: this.team.teamId,
      };
    }
    return out;
  }

  /** users.info's user object. */
  slackUser(u: FakeUser, includeLocale: boolean): JsonObject {
    const now = new Date();
    const profile: JsonObject = {
      real_name: u.realName,
      real_name_normalized: u.realName,
      display_name: u.displayName,
      display_name_normalized: u.displayName,
      team: this.team.teamId,
      avatar_hash: "g0000000000a",
      image_24: "https://secure.gravatar.com/avatar/0.jpg?s=24",
      image_48: "https://secure.gravatar.com/avatar/0.jpg?s=48",
      image_72: "https://secure.gravatar.com/avatar/0.jpg?s=72",
    };
    if (u.botId !== undefined) {
      profile.bot_id = u.botId;
      profile.api_app_id = this.team.appId;
      profile.always_active = true;
    }
    const out: JsonObject = {
      id: u.id,
      team_id: this.team.teamId,
      name: u.name,
      deleted: u.deleted,
      color: "9f69e7",
      real_name: u.realName,
      tz: u.tz,
      tz_label: tzLabel(u.tz, now),
      tz_offset: tzOffsetSeconds(u.tz, now),
      profile,
      is_admin: u.isAdmin,
      is_owner: u.isOwner,
      is_primary_owner: u.isOwner,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.isBot,
      is_app_user: false,
      updated: this.created,
      is_email_confirmed: !u.isBot,
    };
    if (includeLocale) out.locale = u.locale;
    return out;
  }

  /** conversations.info's channel object. */
  slackChannel(ch: FakeChannel, includeNumMembers: boolean): JsonObject {
    if (ch.isIm) {
      return {
        id: ch.id,
        created: ch.created,
        is_archived: false,
        is_im: true,
        is_org_shared: false,
        context_team_id: this.team.teamId,
        updated: ch.created * 1000,
        user: ch.imUser ?? "",
        is_user_deleted: false,
        priority: 0,
      };
    }
    const out: JsonObject = {
      id: ch.id,
      name: ch.name,
      is_channel: !ch.isPrivate && !ch.isMpim,
      is_group: ch.isPrivate && !ch.isMpim,
      is_im: false,
      is_mpim: ch.isMpim,
      is_private: ch.isPrivate,
      created: ch.created,
      is_archived: ch.isArchived,
      is_general: ch.name === "general",
      unlinked: 0,
      name_normalized: ch.name,
      is_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: this.team.teamId,
      updated: ch.created * 1000,
      creator: ch.members[0] ?? "",
      is_ext_shared: false,
      shared_team_ids: [this.team.teamId],
      is_member: ch.botIsMember,
      topic: { value: "", creator: "", last_set: 0 },
      purpose: { value: "", creator: "", last_set: 0 },
      previous_names: [],
    };
    if (includeNumMembers) out.num_members = ch.members.length;
    return out;
  }

  /** The bot may read a file it uploaded, or one shared in a channel or DM it is a member of. */
  botSeesFile(f: StoredFile): boolean {
    if (f.user === this.team.botUserId) return true;
    return f.channels.some((id) => this.channels.get(id)?.botIsMember === true);
  }

  /** The file behind a url_private or url_private_download path (/files-pri/<team>-<file>/…), if any. */
  fileAtPrivatePath(path: string): StoredFile | undefined {
    const match = /^\/files-pri\/([A-Z0-9]+)-([A-Z0-9]+)\/(?:download\/)?[^/]+$/.exec(path);
    if (!match || match[1] !== this.team.teamId) return undefined;
    return this.files.get(match[2] ?? "");
  }

  /** A file object as Slack returns it from files.completeUploadExternal. */
  slackFile(f: StoredFile, urlBase: string): JsonObject {
    const ext = /\.([A-Za-z0-9]+)$/.exec(f.filename)?.[1]?.toLowerCase() ?? "binary";
    const channels: JsonValue[] = [];
    const groups: JsonValue[] = [];
    const ims: JsonValue[] = [];
    for (const id of f.channels) {
      const ch = this.channels.get(id);
      if (ch?.isIm) ims.push(id);
      else if (ch?.isPrivate) groups.push(id);
      else channels.push(id);
    }
    return {
      id: f.id,
      created: f.created,
      timestamp: f.created,
      name: f.filename,
      title: f.title,
      mimetype: f.uploadContentType ?? "application/octet-stream",
      filetype: ext,
      pretty_type: ext.toUpperCase(),
      user: f.user,
      user_team: this.team.teamId,
      editable: false,
      size: f.bytes?.length ?? f.length,
      mode: "hosted",
      is_external: false,
      external_type: "",
      is_public: channels.length > 0,
      public_url_shared: false,
      display_as_bot: false,
      username: "",
      url_private: `${urlBase}/files-pri/${this.team.teamId}-${f.id}/${encodeURIComponent(f.filename)}`,
      url_private_download: `${urlBase}/files-pri/${this.team.teamId}-${f.id}/download/${encodeURIComponent(f.filename)}`,
      permalink: `${urlBase}/files/${f.user}/${f.id}/${encodeURIComponent(f.filename)}`,
      comments_count: 0,
      is_starred: false,
      shares: {},
      channels,
      groups,
      ims,
      has_more_shares: false,
      has_rich_preview: false,
      file_access: "visible",
    };
  }
}
