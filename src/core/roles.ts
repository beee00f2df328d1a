// Who may do what. Pure, so the rules are tested alone.
export const ROLES = ["member", "coordinator", "official", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** What a command may require: a community role, or the platform's chat-admin. */
export type Requirement = Role | "chatAdmin";

export interface Standing {
  /** The person's role in the chat's community; undefined when the chat is not linked. */
  role: Role | undefined;
  /** The platform says this user administers the chat. */
  isChatAdmin: boolean;
  /** The chat is linked to a community. */
  chatLinked: boolean;
  /** The chat is the person's direct chat with the bot, where every platform calls them its admin. */
  isDirect: boolean;
}

/**
 * Coordinators and officials have separate duties; admins may do both.
 * A platform chat-admin counts as admin only while the chat is not linked yet,
 * so the group's owner can set it up, but cannot later override the community.
 * A direct chat grants no role at all: being "admin" of one's own direct chat
 * says nothing about any community.
 */
export function satisfies(standing: Standing, required: Requirement): boolean {
  const setsUpChat = standing.isChatAdmin && !standing.chatLinked && !standing.isDirect;
  const effective: Role | undefined = standing.role ?? (setsUpChat ? "admin" : undefined);
  if (required === "chatAdmin") return standing.isChatAdmin || effective === "admin";
  if (effective === undefined) return required === "member" && !standing.chatLinked;
  if (effective === "admin") return true;
  if (required === "member") return true;
  return effective === required;
}
