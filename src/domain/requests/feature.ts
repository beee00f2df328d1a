// Requests to public-service contacts: residents file them in their chat,
// each is routed by category to a contact's team chat (often on another
// platform), answered there, and every change goes back to the resident.
// One feature module; Open311 (src/http/open311) is another way in to the
// same services.
import type { Translate } from "../../core/i18n.js";
import type { FeatureModule } from "../feature-module.js";
import { jobDefinition } from "../feature-module.js";
import { cardSyncJob } from "./card-sync.js";
import { pickCategoryAction } from "./commands/file.js";
import { cardActions } from "./commands/handle.js";
import { nearActions } from "./commands/near.js";
import { requestCommand } from "./commands/request-command.js";
import { setupApiKeySubcommand } from "./commands/setup-apikey.js";
import { setupCategorySubcommand } from "./commands/setup-category.js";
import { setupContactSubcommand } from "./commands/setup-contact.js";
import { locationHandler } from "./location-sharing.js";
import { mediaRoute } from "./media-route.js";
import { CARD_SYNC_JOB } from "./messenger.js";
import { requestPersonData } from "./person-data.js";
import { mergeRequestPeople } from "./person-merge.js";
import { unroutedCodes } from "./routing.js";
import { buildRequestsServices, type RequestsDeps, type RequestsServices } from "./services.js";
import { SLA_JOB, slaJob } from "./sla.js";
import { requestTranslations } from "./translations.js";
import { unroutedStatus, unroutedWarning } from "./unrouted.js";

export type { RequestsDeps, RequestsServices } from "./services.js";
export { CARD_SYNC_JOB, SLA_JOB };

export interface RequestsModule extends FeatureModule {
  /** The services behind the module: Open311, the config file and tests use them. */
  services: RequestsServices;
}

/**
 * /request, the card buttons, the category picker and the Nearby and +1 buttons; /setup category,
 * contact and apikey; SLA and card-sync jobs; a /setup status line for
 * categories that reach no one; shared locations (location-sharing.ts) and
 * the photo links (/media, media-route.ts). A done task fixes the request volunteers
 * took on, and /link moves requests, follows and support.
 */
export function requestsModule(deps: RequestsDeps): RequestsModule {
  const s = buildRequestsServices(deps);
  deps.tasks.onDone((task, actorId) => s.volunteers.taskDone(task, actorId));
  return {
    name: "requests",
    translations: requestTranslations,
    commands: [requestCommand(s)],
    actions: [...cardActions(s), pickCategoryAction(s), ...nearActions(s)],
    jobs: [
      jobDefinition(SLA_JOB, slaJob(s.sla)),
      jobDefinition(
        CARD_SYNC_JOB,
        cardSyncJob({ database: deps.store.database, repo: s.repo, messenger: s.messenger, outbox: deps.outbox }),
      ),
    ],
    httpRoutes: [mediaRoute(s)],
    locations: locationHandler(s),
    setupSubcommands: {
      category: setupCategorySubcommand(s),
      contact: setupContactSubcommand(s),
      apikey: setupApiKeySubcommand(s),
    },
    statusLines: [routingStatus(s), unroutedStatus(deps.store, async (id) => (await unroutedOf(s, id)).length > 0)],
    afterCommand: [unroutedWarning(deps.store)],
    person: { merge: mergeRequestPeople, data: requestPersonData },
    services: s,
  };
}

/** A /setup status line when some categories reach no contact (their requests go to the admins). */
function routingStatus(s: RequestsServices): (communityId: string, t: Translate) => Promise<string[]> {
  return async (communityId, t) => {
    const unrouted = await unroutedOf(s, communityId);
    return unrouted.length ? [t("requests:setup.contact.unrouted", { codes: unrouted.join(", ") })] : [];
  };
}

/** The codes of the community's categories that no contact handles. */
async function unroutedOf(s: RequestsServices, communityId: string): Promise<string[]> {
  const [categories, contacts] = await Promise.all([
    s.repo.categories.list(communityId),
    s.repo.contacts.list(communityId),
  ]);
  return unroutedCodes(
    categories.map((c) => c.code),
    contacts,
  );
}
