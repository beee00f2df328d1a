// Who may change a request. Pure, so the rule is tested alone.
//
// A request belongs to its contact's team chat: only people who hold the
// official role and act from that chat (the platform vouches that they are
// members of it) may acknowledge, answer, move or close it. Admins may do so
// from anywhere, since unrouted requests land with them. Everyone else is
// refused and nothing changes.
import type { Role } from "../../core/roles.js";

export interface HandlerStanding {
  /** The person's role in the request's community. */
  role: Role | undefined;
  /** The chat the command or button came from. */
  actingChatId: string;
  /** The current contact's team chat; undefined when the request went to the admins. */
  contactChatId: string | undefined;
}

export function mayHandle(standing: HandlerStanding): boolean {
  if (standing.role === "admin") return true;
  return (
    standing.role === "official" &&
    standing.contactChatId !== undefined &&
    standing.actingChatId === standing.contactChatId
  );
}

/** Reopening is the resident's word that it is not fixed (admins may do it for them). */
export function mayReopen(input: {
  personId: string;
  residentPersonId: string | null;
  role: Role | undefined;
}): boolean {
  return input.role === "admin" || (input.residentPersonId !== null && input.personId === input.residentPersonId);
}
