// What happens when a platform reports a change to a chat itself:
//   moved       -> every row under the old id moves to the new one (one transaction)
//   unreachable -> a community's chat is marked so (routing passes it over, the
//                  outbox gives up its rows) and the community's admins are told once
//   reachable   -> the mark is cleared and the admins are told once
// Admins are told in their direct chats with the bot, else in another chat
// of the community the bot can still post in (officials' chats first).
import { type ChatChange, isUnreachableReason } from "../../core/chat-changes.js";
import type { Clock } from "../../core/clock.js";
import type { Translate } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { ChatRecord } from "../../storage/repositories/chats.js";
import type { Store } from "../../storage/store.js";
import type { Notifier } from "../notifications/notifier.js";

export interface ChatLifecycleDeps {
  store: Store;
  notifier: Notifier;
  clock: Clock;
  logger: Logger;
}

export class ChatLifecycle {
  constructor(private readonly deps: ChatLifecycleDeps) {}

  readonly handle = async (change: ChatChange): Promise<void> => {
    const { store, logger } = this.deps;
    switch (change.kind) {
      case "moved":
        await store.chatMoves.move(change.fromChatId, change.toChatId);
        logger.info({ from: change.fromChatId, to: change.toChatId }, "chat moved to a new id");
        return;
      case "unreachable":
        // Only a community's chats are routed to. A direct chat that fails is one person's
        // trouble, and no event would ever say it is back: it is left unmarked.
        if (!(await store.chats.communityOf(change.chatId))) return;
        if (await store.chats.markUnreachable(change.chatId, change.reason, this.deps.clock.now())) {
          logger.warn({ chatId: change.chatId, reason: change.reason }, "the bot can no longer post in a chat");
          await this.tellAdmins(change.chatId, "lost");
        }
        return;
      case "reachable":
        if (await store.chats.markReachable(change.chatId)) {
          logger.info({ chatId: change.chatId }, "the bot can post in a chat again");
          await this.tellAdmins(change.chatId, "back");
        }
        return;
    }
  };

  private async tellAdmins(chatId: string, what: "lost" | "back"): Promise<void> {
    const { store, notifier } = this.deps;
    const chat = await store.chats.find(chatId);
    if (!chat?.communityId) return;
    const community = await store.communities.find(chat.communityId);
    if (!community) return;
    const build = (t: Translate) => ({
      text: t(`communities:reach.${what}`, {
        chat: chat.title ?? chat.id,
        community: community.name,
        reason: unreachableReasonText(t, chat),
      }),
    });
    const admins = await this.adminsReachedDirectly(community.id, chatId);
    for (const admin of admins) {
      await notifier.toPerson(
        { personId: admin.personId, identityId: admin.identityId, fallbackChatId: admin.directChatId },
        build,
        "chat.reach",
      );
    }
    if (admins.length === 0) {
      const other = await this.otherReachableChat(community.id, chatId);
      if (other) await notifier.toChat(other.id, build, "chat.reach");
    }
    notifier.wake();
  }

  /** Per admin, the identity seen most recently that has a direct chat (never the chat in question). */
  private async adminsReachedDirectly(communityId: string, chatId: string) {
    const db = this.deps.store.database.db;
    const admins = await db.membership.findMany({ where: { communityId, role: "admin" }, select: { personId: true } });
    const identities = await db.identity.findMany({
      where: { personId: { in: admins.map((a) => a.personId) }, directChatId: { not: null } },
      orderBy: { lastSeenAt: "desc" },
      select: { id: true, personId: true, directChatId: true },
    });
    const chosen = new Map<string, { personId: string; identityId: string; directChatId: string }>();
    for (const identity of identities) {
      if (chosen.has(identity.personId) || !identity.directChatId || identity.directChatId === chatId) continue;
      chosen.set(identity.personId, {
        personId: identity.personId,
        identityId: identity.id,
        directChatId: identity.directChatId,
      });
    }
    return [...chosen.values()];
  }

  private async otherReachableChat(communityId: string, chatId: string): Promise<ChatRecord | undefined> {
    const chats = await this.deps.store.chats.ofCommunity(communityId);
    const others = chats.filter((chat) => chat.id !== chatId && !chat.unreachableAt);
    return others.find((chat) => chat.role === "officials") ?? others[0];
  }
}

/** The chat's reason in the reader's language (a reason no longer known reads as "removed"). */
export function unreachableReasonText(t: Translate, chat: Pick<ChatRecord, "unreachableReason">): string {
  const reason = isUnreachableReason(chat.unreachableReason) ? chat.unreachableReason : "removed";
  return t(`communities:reach.reason.${reason}`);
}
