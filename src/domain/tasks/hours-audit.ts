// Hours approvals and declines in the audit trail: one entry per decided
// entry, so a volunteer's hours can be traced to who accepted them. The
// decline reason is the coordinator's community-facing text; the volunteer's
// own note is left out.
import type { AuditLog } from "../../storage/repositories/audit.js";
import type { Tx } from "../../storage/repositories/people.js";

export interface DecidedHours {
  id: number;
  personId: string;
  minutes: number;
}

export async function auditHoursDecisions(
  audit: AuditLog,
  input: { communityId: string; actorPersonId: string; status: "approved" | "declined"; entries: DecidedHours[] },
  /** The decision's own transaction, so the entries commit with it. */
  client?: Tx,
): Promise<void> {
  for (const entry of input.entries) {
    await audit.record(
      {
        communityId: input.communityId,
        actorPersonId: input.actorPersonId,
        action: input.status === "approved" ? "hours.approve" : "hours.decline",
        subject: `hours:${entry.id}`,
        before: "pending",
        after: input.status,
        detail: { person: entry.personId, minutes: entry.minutes },
      },
      client,
    );
  }
}
