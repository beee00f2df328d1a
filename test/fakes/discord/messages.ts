// Creating, editing and deleting stored messages from validated drafts:
// attachments from multipart uploads, polls, who each version pings, nonce
// de-duplication, and the MESSAGE_CREATE / UPDATE / DELETE dispatches.

import { DiscordError } from "./api-error.js";
import { type MentionKind, pingsOf } from "./mentions.js";
import { type MessageDraft, MessageFlag } from "./message-validate.js";
import type {
  FakeChannel,
  JsonObject,
  MessageSource,
  StoredAttachment,
  StoredMessage,
  StoredPoll,
  UploadedFile,
} from "./types.js";
import type { World } from "./world.js";

export const LOADING_FLAG = 1 << 7;

export type MessageEvent = "create" | "update" | "delete";

export interface CreateMessageInput {
  channel: FakeChannel;
  authorId: string;
  draft: MessageDraft;
  files: UploadedFile[];
  source: MessageSource;
  defaultParse: readonly MentionKind[];
  interactionId?: string | null;
  /** Interaction responses carry the application id as webhook_id. */
  webhook?: boolean;
  /** Set for EPHEMERAL responses: only this user sees the message. */
  ephemeralTo?: string | null;
  /** Extra flags the fake sets itself (LOADING for a deferred reply). */
  extraFlags?: number;
}

export class MessageStore {
  private readonly nonces = new Map<string, { id: string; at: number }>();

  constructor(
    private readonly world: World,
    private readonly onEvent: (event: MessageEvent, m: StoredMessage) => void,
  ) {}

  create(input: CreateMessageInput): StoredMessage {
    const { channel, draft } = input;
    if (draft.enforceNonce && draft.nonce !== undefined) {
      // With enforce_nonce, Discord returns the earlier message for a repeated nonce (a few minutes).
      const key = `${channel.id}:${input.authorId}:${draft.nonce}`;
      const prev = this.nonces.get(key);
      if (prev && Date.now() - prev.at < 5 * 60_000) {
        const m = this.world.messages.get(prev.id);
        if (m) return m;
      }
    }
    const id = this.world.ids.next();
    const now = new Date().toISOString();
    const content = draft.content ?? "";
    const reference = this.resolveReference(draft.messageReference, input.authorId);
    const ephemeral = (draft.flags ?? 0) & MessageFlag.Ephemeral;
    const m: StoredMessage = {
      id,
      channelId: channel.id,
      guildId: channel.guildId,
      authorId: input.authorId,
      webhookId: input.webhook ? this.world.applicationId : null,
      content,
      embeds: draft.embeds ?? [],
      components: draft.components ?? [],
      attachments: this.attachmentsFor(draft, input.files, []),
      flags: (draft.flags ?? 0) | (input.extraFlags ?? 0),
      poll: draft.poll ? this.pollFrom(draft) : null,
      pings: pingsOf(content, draft.allowedMentions, {
        defaultParse: input.defaultParse,
        repliedUserId: reference.authorId,
        isDm: channel.guildId === null,
      }),
      allowedMentions: draft.allowedMentions ?? null,
      messageReference: reference.ref,
      tts: draft.tts ?? false,
      timestamp: now,
      editedTimestamp: null,
      deleted: false,
      edits: [],
      source: input.source,
      interactionId: input.interactionId ?? null,
      ephemeralTo: ephemeral ? (input.ephemeralTo ?? null) : null,
    };
    this.world.messages.set(id, m);
    if (!m.ephemeralTo) channel.lastMessageId = id;
    if (draft.nonce !== undefined) {
      this.nonces.set(`${channel.id}:${input.authorId}:${draft.nonce}`, { id, at: Date.now() });
    }
    this.world.changed();
    if (!m.ephemeralTo) this.onEvent("create", m);
    return m;
  }

  /** Applies an edit; only the fields the draft carries change. */
  edit(
    m: StoredMessage,
    draft: MessageDraft,
    files: UploadedFile[],
    defaultParse: readonly MentionKind[],
  ): StoredMessage {
    if (m.deleted) throw new DiscordError(404, 10008, "Unknown Message");
    const wasLoading = (m.flags & LOADING_FLAG) !== 0;
    const next = {
      content: draft.content ?? m.content,
      embeds: draft.embeds ?? m.embeds,
      components: draft.components ?? m.components,
      attachments:
        draft.attachments !== undefined || files.length > 0
          ? this.attachmentsFor(draft, files, m.attachments)
          : m.attachments,
    };
    if (!next.content.trim() && !next.embeds.length && !next.components.length && !next.attachments.length && !m.poll) {
      throw new DiscordError(400, 50006, "Cannot send an empty message");
    }
    m.edits.push({
      content: m.content,
      embeds: m.embeds,
      components: m.components,
      editedAt: new Date().toISOString(),
    });
    Object.assign(m, next);
    if (draft.flags !== undefined) {
      // The ephemeral state of an existing message cannot change; only the editable flags do.
      const editable = MessageFlag.SuppressEmbeds;
      m.flags = (m.flags & ~editable) | (draft.flags & editable);
    }
    // Editing a deferred reply fills the "thinking" message in.
    m.flags &= ~LOADING_FLAG;
    if (draft.allowedMentions !== undefined) m.allowedMentions = draft.allowedMentions;
    m.pings = pingsOf(m.content, m.allowedMentions, {
      defaultParse,
      repliedUserId: m.messageReference ? this.referencedAuthor(m.messageReference) : null,
      isDm: m.guildId === null,
    });
    // A deferred reply's first edit is its first real content: Discord shows no "(edited)".
    if (!wasLoading) m.editedTimestamp = new Date().toISOString();
    this.world.changed();
    if (!m.ephemeralTo) this.onEvent("update", m);
    return m;
  }

  /** Announces a change the fake made itself (a poll ending, a vote count). */
  touched(m: StoredMessage): void {
    this.world.changed();
    if (!m.ephemeralTo && !m.deleted) this.onEvent("update", m);
  }

  delete(m: StoredMessage): void {
    if (m.deleted) throw new DiscordError(404, 10008, "Unknown Message");
    m.deleted = true;
    this.world.changed();
    if (!m.ephemeralTo) this.onEvent("delete", m);
  }

  private pollFrom(draft: MessageDraft): StoredPoll | null {
    const p = draft.poll;
    if (!p) return null;
    return {
      question: p.question,
      answers: p.answers.map((a, i) => ({ answerId: i + 1, text: a.text, ...(a.emoji ? { emoji: a.emoji } : {}) })),
      allowMultiselect: p.allowMultiselect,
      layoutType: p.layoutType,
      expiry: new Date(Date.now() + p.durationHours * 3_600_000).toISOString(),
      finalized: false,
      votes: new Map(),
    };
  }

  /**
   * New uploads are matched to `attachments[]` entries by their `files[n]`
   * index; entries naming an existing attachment id keep it. Without an
   * `attachments` list every upload is added (and, on edit, existing ones kept).
   */
  private attachmentsFor(draft: MessageDraft, files: UploadedFile[], existing: StoredAttachment[]): StoredAttachment[] {
    const byIndex = new Map<string, UploadedFile>();
    files.forEach((f, i) => {
      const m = /^files\[(\d+)\]$/.exec(f.field);
      byIndex.set(m?.[1] ?? String(i), f);
    });
    const out: StoredAttachment[] = [];
    const used = new Set<UploadedFile>();
    if (draft.attachments) {
      for (const a of draft.attachments) {
        const upload = byIndex.get(a.id);
        if (upload) {
          used.add(upload);
          out.push(this.stored(upload, a.filename, a.description));
          continue;
        }
        const kept = existing.find((e) => e.id === a.id);
        if (kept) out.push(kept);
      }
    } else {
      out.push(...existing);
    }
    for (const f of files) if (!used.has(f)) out.push(this.stored(f));
    return out;
  }

  private stored(f: UploadedFile, filename?: string, description?: string): StoredAttachment {
    return {
      id: this.world.ids.next(),
      filename: filename ?? f.filename,
      contentType: f.contentType,
      bytes: f.bytes,
      ...(description !== undefined ? { description } : {}),
    };
  }

  private referencedAuthor(ref: JsonObject): string | null {
    const id = typeof ref.message_id === "string" ? ref.message_id : undefined;
    return id ? (this.world.messages.get(id)?.authorId ?? null) : null;
  }

  /** The reply's target, and whom the reply pings: the target's author, unless that is the one replying. */
  private resolveReference(
    ref: JsonObject | undefined,
    replierId: string,
  ): { ref: JsonObject | null; authorId: string | null } {
    if (!ref) return { ref: null, authorId: null };
    const messageId = typeof ref.message_id === "string" ? ref.message_id : undefined;
    const target = messageId ? this.world.messages.get(messageId) : undefined;
    if (!target || target.deleted) {
      if (ref.fail_if_not_exists === false) return { ref: null, authorId: null };
      throw new DiscordError(400, 50035, "Invalid Form Body", {
        message_reference: { _errors: [{ code: "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", message: "Unknown message" }] },
      });
    }
    return {
      ref: {
        type: typeof ref.type === "number" ? ref.type : 0,
        message_id: target.id,
        channel_id: target.channelId,
        ...(target.guildId ? { guild_id: target.guildId } : {}),
      },
      authorId: target.authorId === replierId ? null : target.authorId,
    };
  }
}
