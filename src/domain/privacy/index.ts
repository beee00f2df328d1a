export { type PrivacyModule, privacyModule } from "./feature.js";
export type { ErasureMarks, PersonDataPart, PersonScope } from "./person-data.js";
export { EXPORT_FORMAT, PersonalData } from "./personal-data.js";
