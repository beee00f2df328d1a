// Which language a message is written in. Pure.
import { DEFAULT_LOCALE, isLocale, type Locale } from "./i18n.js";

type Choice = string | null | undefined;

/**
 * The person's own choice wins, then the chat's, then the community's, then
 * `fallback` (the default locale unless the caller knows better, such as a
 * platform's hint). A stored value that is not a supported locale counts as
 * no choice.
 */
export function resolveLocale(
  person: Choice,
  chat: Choice,
  community: Choice,
  fallback: Locale = DEFAULT_LOCALE,
): Locale {
  for (const choice of [person, chat, community]) if (isLocale(choice)) return choice;
  return fallback;
}
