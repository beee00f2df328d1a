// Every string of the requests feature in en, fi and sv, and every key its code uses.
import { STATE_KEYS } from "../../../src/domain/requests/status-machine.js";
import { requestTranslations } from "../../../src/domain/requests/translations.js";
import { checkTranslations } from "../../support/translation-checks.js";

checkTranslations(requestTranslations, new URL("../../../src/domain/requests", import.meta.url).pathname, [
  ...STATE_KEYS.map((s) => `state.${s}`),
  ...["already", "notOpen", "notFixed", "reopenExpired", "closed", "sameContact"].map((r) => `errors.refused.${r}`),
  ...["hasTask", "notOpen"].map((r) => `errors.task.${r}`),
  ...["status", "comment", "reassign"].map((k) => `handled.${k}`),
  ...["added", "updated"].map((k) => `setup.category.${k}`),
  ...["own", "already", "notOpen"].map((k) => `support.${k}`),
]);
