// Communities: the chats, people and roles everything else stands on.
import type { Feature, SubcommandSpec } from "../../core/commands.js";
import type { Store } from "../../storage/store.js";
import { langCommand } from "./lang-command.js";
import { linkCommand } from "./link-command.js";
import { roleCommand } from "./role-command.js";
import { type StatusProvider, setupCommand } from "./setup-command.js";
import { communityTranslations } from "./translations.js";

export interface CommunitiesDeps {
  store: Store;
  defaultTimezone: string;
  statusProviders?: StatusProvider[];
  /** `/setup` subcommands other features add (requests: category, contact, apikey). */
  setupSubcommands?: Record<string, SubcommandSpec>;
}

export function communitiesFeature(deps: CommunitiesDeps): Feature {
  return {
    name: "communities",
    translations: communityTranslations,
    commands: [
      setupCommand({
        store: deps.store,
        defaultTimezone: deps.defaultTimezone,
        statusProviders: deps.statusProviders ?? [],
        extraSubcommands: deps.setupSubcommands,
      }),
      roleCommand(deps.store),
      langCommand(deps.store),
      linkCommand(deps.store),
    ],
  };
}
