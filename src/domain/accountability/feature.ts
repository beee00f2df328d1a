// Accountability and privacy as one feature module: the admins' view of the
// audit trail (`/setup audit`) and the privacy notice (`/privacy`). The
// trail itself is written by every feature through store.audit; export and
// erasure of a person's data live in src/domain/privacy.
import type { RetentionPolicy } from "../../scheduler/retention.js";
import type { Store } from "../../storage/store.js";
import type { FeatureModule } from "../feature-module.js";
import { auditSubcommand } from "./audit-command.js";
import { privacyCommand } from "./privacy-command.js";
import { accountabilityTranslations } from "./translations.js";

export interface AccountabilityDeps {
  store: Store;
  privacyContact: string | undefined;
  retention: RetentionPolicy;
}

export function accountabilityModule(deps: AccountabilityDeps): FeatureModule {
  return {
    name: "accountability",
    translations: accountabilityTranslations,
    commands: [privacyCommand({ contact: deps.privacyContact, retention: deps.retention })],
    setupSubcommands: { audit: auditSubcommand(deps.store) },
    // It keeps no rows of its own about a person: audit entries are exported and
    // anonymised by the privacy module's people part, and never rewritten here.
    person: { merge: async () => {}, data: { tables: [], export: async () => ({}), erase: async () => {} } },
  };
}
