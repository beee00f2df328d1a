// Where a new request goes. A category's request goes to the active contact
// that lists the category and has a team chat; with none, to the
// community's admins, with a warning to fix the routing. Admins are reached
// in their direct chat with the bot when it knows one, else in an officials'
// chat of the community. Never in a residents' chat: with neither, the
// request reaches nobody and the admins are warned (unrouted.ts). A chat the
// bot cannot post in (it was removed, the channel archived) is never chosen.
import type { Tx } from "../../storage/repositories/people.js";
import type { ContactRecord } from "./contact-repository.js";

/** The community's home chat: the oldest chat that is not an officials' chat, where its volunteers are. Pure. */
export function homeChat(chats: { id: string; role: string }[]): string | undefined {
  return chats.find((chat) => chat.role !== "officials")?.id;
}

export type Route = { kind: "contact"; contact: ContactRecord } | { kind: "admins"; chatIds: string[] };

/** The contact for a category, if one is set up: the oldest active one with a chat. Pure. */
export function chooseContact(contacts: ContactRecord[], categoryCode: string): ContactRecord | undefined {
  return contacts
    .filter((c) => c.active && c.chatId !== null && c.categories.includes(categoryCode))
    .sort((a, b) => a.id - b.id)[0];
}

/** Categories no contact handles (for /setup contact list and /setup status). Pure. */
export function unroutedCodes(codes: string[], contacts: ContactRecord[]): string[] {
  return codes.filter((code) => !chooseContact(contacts, code));
}

/**
 * Chats where the admins of a community read routed requests: their DMs,
 * else the oldest officials' chat, else none. Reads through `client`, so it can run inside a
 * transaction without taking a second connection.
 */
export async function adminChats(client: Tx, communityId: string): Promise<string[]> {
  const admins = await client.membership.findMany({
    where: { communityId, role: "admin" },
    select: { personId: true },
  });
  // Per admin, the identity seen most recently is where they are most likely to read it.
  const reachable = await client.identity.findMany({
    where: { personId: { in: admins.map((a) => a.personId) }, directChatId: { not: null } },
    orderBy: { lastSeenAt: "desc" },
    select: { personId: true, directChatId: true },
  });
  const direct = new Map<string, string>();
  for (const identity of reachable) {
    if (identity.directChatId && !direct.has(identity.personId)) direct.set(identity.personId, identity.directChatId);
  }
  if (direct.size) return [...new Set(direct.values())];
  const officials = await client.chat.findFirst({
    where: { communityId, role: "officials", unreachableAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true },
  });
  return officials ? [officials.id] : [];
}

/** `contacts`: the community's contacts whose team chat the bot can post in (ContactRepository.reachable). */
export async function routeFor(
  contacts: ContactRecord[],
  categoryCode: string,
  client: Tx,
  communityId: string,
): Promise<Route> {
  // A contact whose chat the bot cannot post in (removed, archived) is not among them: the next one, else the admins.
  const contact = chooseContact(contacts, categoryCode);
  if (contact) return { kind: "contact", contact };
  return { kind: "admins", chatIds: await adminChats(client, communityId) };
}
