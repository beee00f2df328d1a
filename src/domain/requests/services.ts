// What the requests feature needs from the rest of the bot, and its services,
// built once by the module factory (feature.ts).
import type { ChatAdapter } from "../../core/adapter.js";
import type { Clock } from "../../core/clock.js";
import type { Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { JobQueue } from "../../scheduler/job-queue.js";
import type { Store } from "../../storage/store.js";
import { FloodLimits } from "../flood-limits/index.js";
import type { TasksApi } from "../tasks/index.js";
import { RequestFiling } from "./filing.js";
import { RequestHandling } from "./handling.js";
import { RequestMessenger, type RequestOutbox } from "./messenger.js";
import { RequestRepository } from "./request-repository.js";
import { RequestSettings } from "./settings.js";
import { Sla } from "./sla.js";
import { Support } from "./support.js";
import { Volunteers } from "./volunteers.js";

export interface RequestsDeps {
  store: Store;
  /** The durable outbox: cards, card edits and notices. */
  outbox: RequestOutbox;
  jobs: Pick<JobQueue, "schedule" | "cancel">;
  translator: Translator;
  clock: Clock;
  logger: Logger;
  /** The tasks feature: `/request task` makes a volunteer task of a request. */
  tasks: TasksApi;
  /** Where people reach the bot's HTTP server (PUBLIC_BASE_URL): photo links start with it. */
  publicBaseUrl?: string;
  /** The platform that holds a photo's bytes, to serve it at /media/<token>; undefined when it is not running. */
  files?: (platform: string) => FileSource | undefined;
  /** Whether people on this platform can share a location message (the receipt then asks for one). */
  sharesLocations?: (platform: string) => boolean;
  /** Support threshold and other settings; the default has a threshold of 5. */
  settings?: RequestSettings;
}

/** What serving a photo needs of an adapter. */
export type FileSource = Required<Pick<ChatAdapter, "downloadFile">>;

export interface RequestsServices {
  deps: RequestsDeps;
  repo: RequestRepository;
  settings: RequestSettings;
  messenger: RequestMessenger;
  sla: Sla;
  filing: RequestFiling;
  handling: RequestHandling;
  support: Support;
  volunteers: Volunteers;
  /** Per-person limits on filing, per-key limits on Open311. */
  floods: FloodLimits;
}

export function buildRequestsServices(deps: RequestsDeps): RequestsServices {
  const repo = new RequestRepository(deps.store.database);
  const settings = deps.settings ?? new RequestSettings();
  const messenger = new RequestMessenger({ ...deps, repo });
  const sla = new Sla({ ...deps, repo, messenger });
  const handling = new RequestHandling({ ...deps, repo, messenger, sla });
  return {
    deps,
    repo,
    settings,
    messenger,
    sla,
    filing: new RequestFiling({ ...deps, repo, messenger, sla }),
    handling,
    support: new Support({ ...deps, repo, messenger, settings }),
    volunteers: new Volunteers({ ...deps, repo, handling }),
    floods: new FloodLimits(deps.store),
  };
}
