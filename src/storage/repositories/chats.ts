// Platform chats and their link to a community.
import type { Conversation } from "../../core/events.js";
import type { Database, Db } from "../database.js";
import { timeOf } from "../direct-sql.js";
import { dialectOf } from "../raw-sql.js";
import { TtlCache } from "../ttl-cache.js";
import { isUniqueViolation } from "./errors.js";
import type { Tx } from "./people.js";

export type ChatRole = "community" | "officials";

export interface ChatRecord {
  id: string;
  platform: string;
  title: string | null;
  communityId: string | null;
  role: string;
  locale: string | null;
  /** Set while the bot cannot post here (see markUnreachable). */
  unreachableAt: Date | null;
  unreachableReason: string | null;
}

export class Chats {
  /** Read on every event; another instance's change shows within a few seconds. */
  private readonly cache = new TtlCache<string, ChatRecord>(5_000);
  private readonly db: Db;
  /** The one read every event and every outbox row may make, straight to the driver (issue 16). */
  private readonly selectById: string;

  constructor(private readonly database: Database) {
    this.db = database.db;
    const { table, param } = dialectOf(database);
    this.selectById = `SELECT "id", "platform", "title", "communityId", "role", "locale", "unreachableAt", "unreachableReason"
      FROM ${table("Chat")} WHERE "id" = ${param(1)}`;
  }

  /** The chat row for a conversation, created on first sight. */
  async touch(conversation: Conversation): Promise<ChatRecord> {
    const cached = this.cache.get(conversation.chatId);
    if (cached && (!conversation.title || conversation.title === cached.title)) return cached;
    return this.cache.set(conversation.chatId, await this.load(conversation));
  }

  private async load(conversation: Conversation): Promise<ChatRecord> {
    const existing = await this.find(conversation.chatId);
    if (existing) {
      if (conversation.title && conversation.title !== existing.title) {
        return this.db.chat.update({ where: { id: existing.id }, data: { title: conversation.title } });
      }
      return existing;
    }
    try {
      return await this.db.chat.create({
        data: { id: conversation.chatId, platform: conversation.platform, title: conversation.title ?? null },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.db.chat.findUniqueOrThrow({ where: { id: conversation.chatId } });
    }
  }

  /** The community a chat belongs to (null: not linked, or not seen yet); cached like touch. */
  async communityOf(chatId: string): Promise<string | null> {
    const cached = this.cache.get(chatId);
    if (cached) return cached.communityId;
    const row = await this.find(chatId);
    if (row) this.cache.set(chatId, row);
    return row?.communityId ?? null;
  }

  /** The chat as this process read it within the last few seconds, without a statement; undefined when not kept. */
  kept(chatId: string): ChatRecord | undefined {
    return this.cache.get(chatId);
  }

  async find(chatId: string): Promise<ChatRecord | undefined> {
    const [row] = await this.database.direct.query<Omit<ChatRecord, "unreachableAt"> & { unreachableAt: unknown }>(
      this.selectById,
      [chatId],
    );
    return row ? { ...row, unreachableAt: row.unreachableAt === null ? null : timeOf(row.unreachableAt) } : undefined;
  }

  async link(chatId: string, communityId: string, role: ChatRole = "community", client: Tx = this.db): Promise<void> {
    this.cache.delete(chatId);
    await client.chat.update({ where: { id: chatId }, data: { communityId, role } });
  }

  async setRole(chatId: string, role: ChatRole): Promise<void> {
    this.cache.delete(chatId);
    await this.db.chat.update({ where: { id: chatId }, data: { role } });
  }

  async setLocale(chatId: string, locale: string | null): Promise<void> {
    this.cache.delete(chatId);
    await this.db.chat.update({ where: { id: chatId }, data: { locale } });
  }

  /**
   * The bot can no longer post here. True only for the change itself (the
   * chat was reachable), so whoever is told about it is told once.
   */
  async markUnreachable(chatId: string, reason: string, at: Date): Promise<boolean> {
    this.cache.delete(chatId);
    const { count } = await this.db.chat.updateMany({
      where: { id: chatId, unreachableAt: null },
      data: { unreachableAt: at, unreachableReason: reason },
    });
    return count > 0;
  }

  /** The bot can post here again. True only when the chat was unreachable. */
  async markReachable(chatId: string): Promise<boolean> {
    this.cache.delete(chatId);
    const { count } = await this.db.chat.updateMany({
      where: { id: chatId, unreachableAt: { not: null } },
      data: { unreachableAt: null, unreachableReason: null },
    });
    return count > 0;
  }

  /** Why the bot cannot post here, or undefined when it can (or the chat is unknown). */
  async unreachableReason(chatId: string): Promise<string | undefined> {
    const row = this.cache.get(chatId) ?? (await this.find(chatId));
    if (row) this.cache.set(chatId, row);
    return row?.unreachableAt ? (row.unreachableReason ?? "unreachable") : undefined;
  }

  /** Forget a cached row changed elsewhere in this process (a community created in a transaction). */
  forget(chatId: string): void {
    this.cache.delete(chatId);
  }

  async ofCommunity(communityId: string): Promise<ChatRecord[]> {
    return this.db.chat.findMany({ where: { communityId }, orderBy: { createdAt: "asc" } });
  }
}
