// Requests that reach nobody. A category with no contact goes to the admins
// (routing.ts); on a new install no admin may have a direct chat with the bot
// and no officials' chat may exist yet, and the residents' chat is no place
// for officials' cards. Then the resident gets only the receipt, and the
// admins are told instead: a line in /setup status, and one line after an
// admin's next command in the community, once per new unrouted request (the
// audit log keeps both marks, so every instance agrees).
import type { AfterCommand } from "../../core/commands.js";
import type { Translate } from "../../core/i18n.js";
import type { Store } from "../../storage/store.js";
import { adminChats } from "./routing.js";

const UNROUTED = "request.unrouted";
const WARNED = "request.unrouted.warned";

/** Marks a filed request that no chat receives (filing.ts). */
export async function recordUnrouted(store: Store, communityId: string, number: string): Promise<void> {
  await store.audit.record({ communityId, action: UNROUTED, subject: number });
}

/** The /setup status line while requests for the admins would reach nobody. */
export function unroutedStatus(store: Store, hasUnroutedCategory: (communityId: string) => Promise<boolean>) {
  return async (communityId: string, t: Translate): Promise<string[]> => {
    if (!(await hasUnroutedCategory(communityId))) return [];
    const chats = await adminChats(store.database.db, communityId);
    return chats.length ? [] : [t("requests:unrouted.status")];
  };
}

/** After an admin's command: one line about requests that reached nobody since they were last told. */
export function unroutedWarning(store: Store): AfterCommand {
  return async (ctx) => {
    const community = ctx.community;
    if (!community || ctx.role !== "admin") return undefined;
    const db = store.database.db;
    const warned = await db.auditEntry.findFirst({
      where: { communityId: community.id, action: WARNED, subject: ctx.person.id },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
    });
    const missed = await db.auditEntry.findMany({
      where: {
        communityId: community.id,
        action: UNROUTED,
        ...(warned ? { createdAt: { gt: warned.createdAt } } : {}),
      },
      orderBy: { createdAt: "asc" },
      select: { subject: true },
    });
    if (missed.length === 0) return undefined;
    await store.audit.record({
      communityId: community.id,
      actorPersonId: ctx.person.id,
      action: WARNED,
      subject: ctx.person.id,
    });
    return ctx.t("requests:unrouted.warning", {
      count: missed.length,
      numbers: missed.map((m) => m.subject).join(", "),
    });
  };
}
