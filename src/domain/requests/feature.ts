// Requests to public-service contacts: residents file them in their chat,
// each is routed by category to a contact's team chat (often on another
// platform), answered there, and every change goes back to the resident.
// The composition root wires these from one RequestsDeps:
//   router.use(requestsFeature(deps))                       /request, the card buttons, the strings
//   communitiesFeature({ setupSubcommands: requestSetupSubcommands(deps) })
//                                                           /setup category|contact|apikey
//   registerRequestJobs(jobQueue, deps)                     SLA escalation, card bookkeeping
//   http.mount("/open311", open311Handler(deps))            Open311 GeoReport v2
//   loadRequestsConfig(path, servicesFor(deps))             TALKOOT_CONFIG_FILE
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Feature, SubcommandSpec } from "../../core/commands.js";
import type { Translate } from "../../core/i18n.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import { servicesFor as tasksServicesFor } from "../tasks/services.js";
import { cardSyncJob } from "./card-sync.js";
import { pickCategoryAction } from "./commands/file.js";
import { cardActions } from "./commands/handle.js";
import { requestCommand } from "./commands/request-command.js";
import { setupApiKeySubcommand } from "./commands/setup-apikey.js";
import { setupCategorySubcommand } from "./commands/setup-category.js";
import { setupContactSubcommand } from "./commands/setup-contact.js";
import { type ConfigReport, loadRequestsConfig } from "./config-file.js";
import { CARD_SYNC_JOB, type CardSyncPayload } from "./messenger.js";
import { createOpen311Handler } from "./open311/handler.js";
import { unroutedCodes } from "./routing.js";
import { type RequestsDeps, servicesFor } from "./services.js";
import { SLA_JOB, type SlaPayload, slaJob } from "./sla.js";
import { requestTranslations } from "./translations.js";

export type { ConfigReport } from "./config-file.js";
export { ConfigFileError } from "./config-file.js";
export type { RequestsDeps } from "./services.js";
export { RequestSettings } from "./settings.js";
export { CARD_SYNC_JOB, SLA_JOB };

const doneHookRegistered = new WeakSet<object>();

/** /request, the card buttons and the category picker, and the strings. Also: a done task fixes its request. */
export function requestsFeature(deps: RequestsDeps): Feature {
  const s = servicesFor(deps);
  // One listener per TaskService, however often the feature is built.
  const { taskService } = tasksServicesFor(deps.tasks);
  if (!doneHookRegistered.has(taskService)) {
    taskService.onDone((task, actorId) => s.volunteers.taskDone(task, actorId));
    doneHookRegistered.add(taskService);
  }
  return {
    name: "requests",
    translations: requestTranslations,
    commands: [requestCommand(s)],
    actions: [...cardActions(s), pickCategoryAction(s)],
  };
}

/** `/setup category …`, `/setup contact …`, `/setup apikey …`: handed to the communities feature's /setup. */
export function requestSetupSubcommands(deps: RequestsDeps): Record<string, SubcommandSpec> {
  const s = servicesFor(deps);
  return {
    category: setupCategorySubcommand(s),
    contact: setupContactSubcommand(s),
    apikey: setupApiKeySubcommand(s),
  };
}

/** Registers the job kinds "request.sla" and "request.card-sync". */
export function registerRequestJobs(queue: Pick<JobQueue, "register">, deps: RequestsDeps): void {
  const s = servicesFor(deps);
  queue.register<SlaPayload>(SLA_JOB, slaJob(s.sla));
  queue.register<CardSyncPayload>(
    CARD_SYNC_JOB,
    cardSyncJob({ repo: s.repo, messenger: s.messenger, outbox: deps.outbox }),
  );
}

/** Open311 GeoReport v2, for `http.mount("/open311", …)`. */
export function open311Handler(deps: RequestsDeps): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return createOpen311Handler(servicesFor(deps), "/open311");
}

/** Seeds categories and contacts from a YAML or JSON file; idempotent. */
export function loadRequestsConfigFile(path: string, deps: RequestsDeps): Promise<ConfigReport> {
  return loadRequestsConfig(path, servicesFor(deps));
}

/** A /setup status line when some categories reach no contact (their requests go to the admins). */
export function requestRoutingStatus(deps: RequestsDeps): (communityId: string, t: Translate) => Promise<string[]> {
  const s = servicesFor(deps);
  return async (communityId, t) => {
    const [categories, contacts] = await Promise.all([
      s.repo.categories.list(communityId),
      s.repo.contacts.list(communityId),
    ]);
    const unrouted = unroutedCodes(
      categories.map((c) => c.code),
      contacts,
    );
    return unrouted.length ? [t("requests:setup.contact.unrouted", { codes: unrouted.join(", ") })] : [];
  };
}
