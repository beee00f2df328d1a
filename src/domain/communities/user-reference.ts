// Finds the member a command names: "@handle", a display name, or the neutral
// mention "<@platform:id>" that adapters write for a platform-native mention.
import { UserError } from "../../core/errors.js";
import type { MemberRecord } from "../../storage/repositories/communities.js";

export type ReferenceMatch = { found: MemberRecord } | { ambiguous: MemberRecord[] } | { none: true };

export function parseNeutralMention(reference: string): string | undefined {
  return /^<@([a-z]+:[^>]+)>$/.exec(reference.trim())?.[1];
}

export function matchMember(members: MemberRecord[], reference: string): ReferenceMatch {
  const identityId = parseNeutralMention(reference);
  if (identityId) {
    const found = members.find((m) => m.identities.some((i) => i.id === identityId));
    return found ? { found } : { none: true };
  }
  const wanted = reference.trim().replace(/^@/, "").toLowerCase();
  if (!wanted) return { none: true };
  const byHandle = members.filter((m) => m.identities.some((i) => i.handle?.toLowerCase() === wanted));
  if (byHandle.length === 1) return { found: byHandle[0]! };
  const byName = members.filter(
    (m) => m.displayName.toLowerCase() === wanted || m.identities.some((i) => i.displayName.toLowerCase() === wanted),
  );
  if (byName.length === 1) return { found: byName[0]! };
  const candidates = byHandle.length > 1 ? byHandle : byName;
  return candidates.length > 1 ? { ambiguous: candidates } : { none: true };
}

/**
 * The one member a command names, or a localised line saying none or several match.
 * `notFound` replaces the "none" line where there is more to say (privacy mode: see /role).
 */
export function requireMember(
  members: MemberRecord[],
  reference: string,
  notFound: { key: string; params?: Record<string, string> } = { key: "communities:role.notFound" },
): MemberRecord {
  const match = matchMember(members, reference);
  if ("none" in match) throw new UserError(notFound.key, { user: reference.slice(0, 60), ...notFound.params });
  if ("ambiguous" in match) {
    const names = match.ambiguous.map((m) => m.displayName).join(", ");
    throw new UserError("communities:role.ambiguous", { user: reference.slice(0, 60), names });
  }
  return match.found;
}
