// Who a `/poll remind` names in a chat: the poll's community's members who
// may vote and have not, each by their identity on that chat's platform.
// Only members of this community: a person known to the bot from another
// community is never named. Pure.
import type { Mention } from "../../core/messages.js";
import type { Role } from "../../core/roles.js";
import type { Who } from "./poll-settings.js";

export interface RemindMember {
  personId: string;
  displayName: string;
  role: Role;
  identities: ReadonlyArray<{ id: string; platform: string }>;
}

/** At most one reminder per poll in this window. */
export const REMIND_WINDOW_MS = 3_600_000;

export function notVoted(members: readonly RemindMember[], voters: ReadonlySet<string>, who: Who): RemindMember[] {
  return members.filter(
    (m) => !voters.has(m.personId) && (who === "members" || m.role === "coordinator" || m.role === "admin"),
  );
}

/** Those of `people` who can be mentioned on `platform`. */
export function mentionsOn(people: readonly RemindMember[], platform: string): Mention[] {
  return people.flatMap((person) => {
    const identity = person.identities.find((i) => i.platform === platform);
    return identity ? [{ identityId: identity.id, name: person.displayName }] : [];
  });
}
