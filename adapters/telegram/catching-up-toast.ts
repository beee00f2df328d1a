// The toast for a press the core has not finished in time, in the presser's
// language as Telegram reports it (language_code "fi", "sv-SE"…).
import { type Locale, localeFromHint, type Translator } from "../../src/core/i18n.js";

export function catchingUpToastOf(
  translator: Translator,
  fallback: Locale,
): (languageCode: string | undefined) => string {
  return (languageCode) => translator.forLocale(localeFromHint(languageCode) ?? fallback)("core:errors.pressKept");
}
