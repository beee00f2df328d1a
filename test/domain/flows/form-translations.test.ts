// Every string of guided flows' native forms in en, fi and sv, and every key the code builds.
import { formTranslations } from "../../../src/domain/flows/form-translations.js";
import { GUIDED_COMMANDS } from "../../../src/domain/flows/guided-commands.js";
import { checkTranslations } from "../../support/translation-checks.js";

checkTranslations(formTranslations, new URL("../../../src/domain/flows", import.meta.url).pathname, [
  // Flows whose choices come from the community's data have no form.
  ...GUIDED_COMMANDS.filter(({ flow }) => !flow.steps.some((step) => step.choicesFrom)).map(
    ({ flow }) => `titles.${flow.name}`,
  ),
]);
