// Every string of guided flows in en, fi and sv, each flow's questions and labels included.
import { GUIDED_COMMANDS } from "../../../src/domain/flows/index.js";
import { flowsTranslations } from "../../../src/domain/flows/translations.js";
import { checkTranslations } from "../../support/translation-checks.js";

const stepKeys = GUIDED_COMMANDS.flatMap(({ flow }) =>
  flow.steps.flatMap((step) => [`steps.${flow.name}.${step.key}.question`, `steps.${flow.name}.${step.key}.label`]),
);

checkTranslations(flowsTranslations, new URL("../../../src/domain/flows", import.meta.url).pathname, stepKeys);
