// Every string of the accountability feature (/setup audit, /privacy) in en, fi and sv.
import { accountabilityTranslations } from "../../../src/domain/accountability/translations.js";
import { checkTranslations } from "../../support/translation-checks.js";

checkTranslations(
  accountabilityTranslations,
  new URL("../../../src/domain/accountability", import.meta.url).pathname,
  [],
);
