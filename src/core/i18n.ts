// Every user-visible string goes through i18next. Each feature ships its own
// namespace in English, Finnish and Swedish; the core registers them all.
import i18next, { type i18n as I18nInstance } from "i18next";

export const LOCALES = ["en", "fi", "sv"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: string | undefined | null): value is Locale {
  return !!value && (LOCALES as readonly string[]).includes(value);
}

/** Best supported locale for a platform hint such as "fi-FI" or "sv_SE". */
export function localeFromHint(hint: string | undefined): Locale | undefined {
  const base = hint?.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : undefined;
}

export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** One feature's strings. `en` is the source; `fi` and `sv` must have the same keys. */
export interface Translations {
  namespace: string;
  en: MessageTree;
  fi: MessageTree;
  sv: MessageTree;
}

export type TranslateParams = Record<string, string | number | undefined>;
/** Translate a "namespace:key.path" with interpolation params. */
export type Translate = (key: string, params?: TranslateParams) => string;

/** Bound on the strings kept per language (keys are the bundles' own, but a caller could build one from input). */
const KEPT_PER_LOCALE = 5_000;

export class Translator {
  private readonly instance: I18nInstance;
  /**
   * Strings asked for without parameters, per language: a card's labels and
   * buttons are most of its strings, and i18next resolves each anew (issue 16:
   * i18next was 5 % of a routed request's CPU). Cleared when a bundle is added.
   */
  private readonly kept = new Map<Locale, Map<string, string>>();

  constructor(bundles: Translations[]) {
    const resources: Record<string, Record<string, MessageTree>> = { en: {}, fi: {}, sv: {} };
    for (const bundle of bundles) {
      for (const locale of LOCALES) resources[locale]![bundle.namespace] = bundle[locale];
    }
    this.instance = i18next.createInstance();
    void this.instance.init({
      resources,
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      ns: bundles.map((b) => b.namespace),
      defaultNS: "core",
      // Replies are plain text that adapters escape; HTML-escaping here would double it.
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    });
  }

  /** Adds a feature's namespace (the router does this as features are used). */
  add(bundle: Translations): void {
    for (const locale of LOCALES) this.instance.addResourceBundle(locale, bundle.namespace, bundle[locale], true, true);
    for (const strings of this.kept.values()) strings.clear();
  }

  forLocale(locale: Locale): Translate {
    const t = this.instance.getFixedT(locale);
    const strings = this.kept.get(locale) ?? new Map<string, string>();
    this.kept.set(locale, strings);
    return (key, params) => {
      if (params !== undefined) return t(key, params) as string;
      let text = strings.get(key);
      if (text === undefined) {
        text = t(key, {}) as string;
        if (strings.size >= KEPT_PER_LOCALE) strings.clear();
        strings.set(key, text);
      }
      return text;
    };
  }

  has(key: string, locale: Locale = DEFAULT_LOCALE): boolean {
    return this.instance.exists(key, { lng: locale, fallbackLng: false });
  }
}

/** Keys of a tree as "a.b.c", for the completeness test. */
export function flattenKeys(tree: MessageTree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : flattenKeys(value, `${prefix}${key}.`),
  );
}
