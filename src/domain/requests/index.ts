// The public face of requests: the module for the composition root, and what
// the other ways in (Open311 under src/http, the config file) use.
export { hashApiKey } from "./api-keys.js";
export type { CategoryRecord } from "./category-repository.js";
export { ConfigFileError, type ConfigReport, loadRequestsConfig } from "./config-file.js";
export { type RequestsDeps, type RequestsModule, type RequestsServices, requestsModule } from "./feature.js";
export { checkCoordinates, MAX_ADDRESS, MAX_DESCRIPTION } from "./limits.js";
export { nearbyButtons } from "./nearby-button.js";
export { NUMBER_PATTERN } from "./numbering.js";
export { checkPhoto } from "./photo-limits.js";
export { expectText } from "./presentation.js";
export type { RequestView } from "./request-card.js";
export { updateDescription } from "./request-status.js";
export type { ServiceField } from "./service-fields.js";
export type { RequestRecord } from "./service-request-repository.js";
export { RequestSettings } from "./settings.js";
export { open311ExtendedStatus, open311Status } from "./status-machine.js";
export type { UpdateRecord } from "./update-repository.js";
