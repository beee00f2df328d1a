// The toast for a press the core has not finished in time, in the presser's
// language as Telegram reports it (language_code "fi", "sv-SE"…). Translated
// once per language: a burst answers thousands of presses with it.
import { type Locale, localeFromHint, type Translator } from "../../src/core/i18n.js";

export function catchingUpToastOf(
  translator: Translator,
  fallback: Locale,
): (languageCode: string | undefined) => string {
  const byLocale = new Map<Locale, string>();
  return (languageCode) => {
    const locale = localeFromHint(languageCode) ?? fallback;
    let toast = byLocale.get(locale);
    if (toast === undefined) {
      toast = translator.forLocale(locale)("core:errors.pressKept");
      byLocale.set(locale, toast);
    }
    return toast;
  };
}
