// Every string of the privacy feature in en, fi and sv, and every key its code uses.
import { privacyTranslations } from "../../../src/domain/privacy/translations.js";
import { checkTranslations } from "../../support/translation-checks.js";

checkTranslations(privacyTranslations, new URL("../../../src/domain/privacy", import.meta.url).pathname, []);
