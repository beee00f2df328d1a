// Every string of the polls feature in en, fi and sv, and every key its code uses.
import { pollTranslations } from "../../../src/domain/polls/translations.js";
import { checkTranslations } from "../../support/translation-checks.js";

checkTranslations(pollTranslations, new URL("../../../src/domain/polls", import.meta.url).pathname, [
  ...["unsupported", "anonymous", "hidden", "coordinators"].map((r) => `native.${r}`),
  ...["closed", "final", "badOption", "oneChoice", "empty", "missing"].map((r) => `vote.refused.${r}`),
  ...["missing", "closed"].map((r) => `errors.refused.${r}`),
  ...["open", "closed"].flatMap((v) => [`list.title.${v}`, `list.empty.${v}`]),
]);
