// Who a message pings: the mentions in its content, filtered by
// allowed_mentions the way Discord applies it. Without allowed_mentions a
// channel message parses everything, while interaction responses and
// webhook messages parse only user mentions.

import { isObject, type JsonObject, type Pings } from "./types.js";

export type MentionKind = "users" | "roles" | "everyone";

export const ALL_MENTIONS: readonly MentionKind[] = ["users", "roles", "everyone"];
/** Discord's default for interaction responses and follow-ups. */
export const INTERACTION_DEFAULT_MENTIONS: readonly MentionKind[] = ["users"];

export interface MentionContext {
  /** What is parsed when allowed_mentions is absent. */
  defaultParse: readonly MentionKind[];
  /** The author of the message replied to, if any. */
  repliedUserId: string | null;
  /** In a DM there is no one to ping with @everyone or a role. */
  isDm: boolean;
}

export interface ContentMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
  here: boolean;
}

export function mentionsIn(content: string): ContentMentions {
  const users = [...content.matchAll(/<@!?(\d{1,20})>/g)].map((m) => m[1] ?? "");
  const roles = [...content.matchAll(/<@&(\d{1,20})>/g)].map((m) => m[1] ?? "");
  return {
    users: [...new Set(users)],
    roles: [...new Set(roles)],
    everyone: /@everyone/.test(content),
    here: /@here/.test(content),
  };
}

const ids = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

export function pingsOf(content: string, allowed: JsonObject | null | undefined, ctx: MentionContext): Pings {
  const found = mentionsIn(content);
  let parse: readonly string[];
  let allowUsers: string[] = [];
  let allowRoles: string[] = [];
  let repliedUser: boolean;
  if (allowed === undefined || allowed === null || !isObject(allowed)) {
    parse = ctx.defaultParse;
    repliedUser = true;
  } else {
    parse = ids(allowed.parse);
    allowUsers = ids(allowed.users);
    allowRoles = ids(allowed.roles);
    // Once allowed_mentions is sent, the replied-to author is pinged only on request.
    repliedUser = allowed.replied_user === true;
  }
  const users = parse.includes("users") ? found.users : found.users.filter((u) => allowUsers.includes(u));
  const roles = ctx.isDm
    ? []
    : parse.includes("roles")
      ? found.roles
      : found.roles.filter((r) => allowRoles.includes(r));
  const everyoneAllowed = !ctx.isDm && parse.includes("everyone");
  return {
    everyone: everyoneAllowed && found.everyone,
    here: everyoneAllowed && found.here,
    users,
    roles,
    repliedUser: repliedUser && ctx.repliedUserId ? ctx.repliedUserId : null,
  };
}

/** True when the message notified nobody. */
export function pingsNoOne(p: Pings): boolean {
  return !p.everyone && !p.here && p.users.length === 0 && p.roles.length === 0 && p.repliedUser === null;
}
