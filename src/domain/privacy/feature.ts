// The privacy rights as a feature module: /mydata, /forgetme and the admin's
// /setup forget <user>. The data itself comes from every feature module's
// PersonPart.data (person-data.ts); this module's own part is the people part.
import type { Capabilities } from "../../core/adapter.js";
import type { Delivery } from "../../core/delivery.js";
import type { Database } from "../../storage/database.js";
import type { Store } from "../../storage/store.js";
import type { FeatureModule } from "../feature-module.js";
import { forgetMeAction, forgetMeCommand, forgetMemberAction, setupForgetSubcommand } from "./forget-commands.js";
import { mydataCommand } from "./mydata-command.js";
import { peoplePart } from "./people-part.js";
import { PersonalData } from "./personal-data.js";
import { privacyTranslations } from "./translations.js";

export interface PrivacyDeps {
  store: Store;
  database: Database;
  delivery: Delivery;
  capabilities(platform: string): Capabilities | undefined;
}

export interface PrivacyModule extends FeatureModule {
  data: PersonalData;
}

/** `modules` is read when a command runs: every feature module of the app, this one included. */
export function privacyModule(deps: PrivacyDeps, modules: () => readonly FeatureModule[]): PrivacyModule {
  const data = new PersonalData({
    database: deps.database,
    audit: deps.store.audit,
    parts: () => modules().map((module) => ({ name: module.name, part: module.person.data })),
  });
  return {
    name: "privacy",
    translations: privacyTranslations,
    commands: [
      mydataCommand({ data, delivery: deps.delivery, capabilities: deps.capabilities }),
      forgetMeCommand(data),
    ],
    actions: [forgetMeAction(data), forgetMemberAction(deps.store, data)],
    setupSubcommands: { forget: setupForgetSubcommand(deps.store, data) },
    // People.merge itself moves identities and codes; nothing else of this part's is keyed by person.
    person: { merge: async () => {}, data: peoplePart },
    data,
  };
}
