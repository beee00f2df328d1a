// /mydata and /forgetme over every part: the export gathers each part's
// sections into one versioned document; the erasure runs each part, then the
// people part, in one transaction, and records that it happened (and nothing
// of what was erased) in the audit trail.
import { randomBytes } from "node:crypto";
import type { Translate } from "../../core/i18n.js";
import type { Database } from "../../storage/database.js";
import type { AuditLog } from "../../storage/repositories/audit.js";
import { inTransaction, lockRow } from "../../storage/row-lock.js";
import { peoplePart } from "./people-part.js";
import type { ErasureMarks, PersonDataPart } from "./person-data.js";
import { personScope } from "./person-scope.js";
import { redactorFor } from "./redaction.js";

export const EXPORT_FORMAT = "talkoot.mydata/1";

/** A named part: the feature module's name, or "people" for the privacy module's own. */
export interface NamedPart {
  name: string;
  part: PersonDataPart;
}

export interface PersonalDataDeps {
  database: Database;
  audit: AuditLog;
  /** Every feature module's part, read when used (the modules are built after this); the people part always runs last. */
  parts: () => readonly NamedPart[];
}

/** Who asked for an erasure: the person themselves, or an admin of a community they belong to. */
export type ErasureRequester = { self: true } | { adminPersonId: string; communityId: string };

export class PersonalData {
  constructor(private readonly deps: PersonalDataDeps) {}

  /** The parts in the order they run: the features', then the people part, which deletes the person. */
  private get parts(): NamedPart[] {
    // A feature that answers for no table (accountability reads the audit trail the people part exports) adds no section.
    const features = this.deps.parts().filter(({ part }) => part !== peoplePart && part.tables.length > 0);
    return [...features, { name: "people", part: peoplePart }];
  }

  /** Every table some part answers for. */
  coveredTables(): string[] {
    return this.parts.flatMap(({ part }) => part.tables);
  }

  /** The export document, or undefined when there is no such person. */
  async export(personId: string, t: Translate, now: Date): Promise<Record<string, unknown> | undefined> {
    const db = this.deps.database.db;
    const scope = await personScope(db, personId);
    if (!scope) return undefined;
    const sections: Record<string, unknown> = {};
    for (const { name, part } of this.parts) sections[name] = await part.export(db, scope, t);
    await this.deps.audit.record({ actorPersonId: personId, action: "person.export", subject: `person:${personId}` });
    return { format: EXPORT_FORMAT, generatedAt: now.toISOString(), about: t("privacy:export.about"), ...sections };
  }

  /** Erases the person everywhere; false when there was no such person (already erased). */
  async erase(personId: string, requester: ErasureRequester): Promise<boolean> {
    const { database } = this.deps;
    const erased = await inTransaction(database, async (tx) => {
      const scope = await personScope(tx, personId);
      if (!scope) return false;
      const marks: ErasureMarks = {
        tombstone: `erased:${randomBytes(12).toString("hex")}`,
        redact: redactorFor([scope.personId, ...scope.identityIds, ...scope.directChatIds, ...scope.names]),
        lockRow: async (table, id) => {
          await lockRow(database, tx, { table, id, read: "id", mode: "FOR UPDATE" });
        },
      };
      for (const { part } of this.parts) await part.erase(tx, scope, marks);
      return true;
    });
    if (!erased) return false;
    // The record says an erasure happened and who asked, never whom it erased.
    await this.deps.audit.record(
      "self" in requester
        ? { action: "person.erase", subject: "person:erased", detail: { by: "self" } }
        : {
            communityId: requester.communityId,
            actorPersonId: requester.adminPersonId,
            action: "person.erase",
            subject: "person:erased",
            detail: { by: "admin" },
          },
    );
    return true;
  }
}
