// Communities: the chats, people and roles everything else stands on, as one
// feature module. Its /setup gathers the subcommands and status lines that
// the other modules contribute.

import type { Store } from "../../storage/store.js";
import type { FeatureModule, StatusProvider } from "../feature-module.js";
import { langCommand } from "./lang-command.js";
import { linkCommand } from "./link-command.js";
import { communityPersonData } from "./person-data.js";
import { mergeMemberships } from "./person-merge.js";
import { roleCommand } from "./role-command.js";
import { setupCommand } from "./setup-command.js";
import { communityTranslations } from "./translations.js";

export interface CommunitiesDeps {
  store: Store;
  defaultTimezone: string;
  /** Status lines that belong to no feature (the outbox's dead letters). */
  statusLines?: StatusProvider[];
}

/** /setup, /role, /lang and /link; `others` add their `/setup <word>` subcommands and status lines. */
export function communitiesModule(deps: CommunitiesDeps, others: readonly FeatureModule[] = []): FeatureModule {
  const extraSubcommands = Object.assign({}, ...others.map((m) => m.setupSubcommands ?? {}));
  for (const word of Object.keys(extraSubcommands)) {
    const owners = others.filter((m) => m.setupSubcommands?.[word]);
    if (owners.length > 1) throw new Error(`/setup ${word} is declared by ${owners.map((m) => m.name).join(" and ")}`);
  }
  return {
    name: "communities",
    translations: communityTranslations,
    commands: [
      setupCommand({
        store: deps.store,
        defaultTimezone: deps.defaultTimezone,
        statusProviders: [...(deps.statusLines ?? []), ...others.flatMap((m) => m.statusLines ?? [])],
        extraSubcommands,
      }),
      roleCommand(deps.store),
      langCommand(deps.store),
      linkCommand(deps.store),
    ],
    person: { merge: mergeMemberships, data: communityPersonData },
  };
}
