// The contract between the privacy rights (/mydata, /forgetme) and every
// feature that keeps data about a person. Each feature module hands one of
// these over (FeatureModule.person), naming the tables it answers for, so a
// new table is either covered by some feature's part or listed as holding
// nothing personal (impersonal-tables.ts); a test holds that line.
import type { Translate } from "../../core/i18n.js";
import type { Tx } from "../../storage/repositories/people.js";

/** Everything that identifies one person, across their linked identities. */
export interface PersonScope {
  personId: string;
  /** Namespaced platform ids ("telegram:123"), of every linked identity. */
  identityIds: string[];
  /** Their direct chats with the bot. */
  directChatIds: string[];
  /** Display names (the person's and each identity's) and platform handles. */
  names: string[];
}

/** What an erasure puts where the person was, and how a part waits its turn on a shared row. */
export interface ErasureMarks {
  /** A fresh random id that stands in for the person in rows that must stay (hours, votes): it points at nobody. */
  tombstone: string;
  /** Text with the person's names, handles, platform ids and contact details (e-mail, phone) blanked. */
  redact(text: string): string;
  /** Locks a row (by numeric id) until the erasure commits, as the feature's own changes to it do (e.g. a task's line). */
  lockRow(table: string, id: number): Promise<void>;
}

/** One feature's share of a /mydata export: JSON-ready sections, keyed by name. */
export type ExportSections = Record<string, unknown>;

export interface PersonDataPart {
  /** The Prisma models (as named in prisma/models.prisma) whose person data this part exports and erases. */
  tables: readonly string[];
  /** What this feature holds about the person; `t` reads in the asker's language. */
  export(db: Tx, scope: PersonScope, t: Translate): Promise<ExportSections>;
  /** Deletes or anonymises the person's rows, inside the erasure's transaction; totals and counts stay as they were. */
  erase(tx: Tx, scope: PersonScope, marks: ErasureMarks): Promise<void>;
}
