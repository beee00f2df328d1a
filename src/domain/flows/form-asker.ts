// Who fills a form (GuidedForms.askerOf in src/core/forms.ts): the language
// Talkoot knows for the person in that chat, in the router's order (their own
// choice, else the chat's, else its community's, else the platform's), and
// the community's timezone (for checking times as the command will), read
// from the database within a budget: a platform's trigger expires in 3
// seconds, and a form in English beats no form.
import { FORM_LOOKUP_MS, type FormAsker, type FormWho } from "../../core/forms.js";
import { isLocale } from "../../core/i18n.js";
import { withinDeadline } from "../../core/within-deadline.js";
import type { Store } from "../../storage/store.js";

/** The languages stored for a person and a chat (null or undefined: none chosen), and the chat's community's timezone. */
export interface StoredLocales {
  person?: string | null;
  chat?: string | null;
  community?: string | null;
  timezone?: string;
}

export type StoredLocaleLookup = (who: FormWho) => Promise<StoredLocales>;

/** Reads the stored languages without writing anything (a person or chat never seen has none). */
export function storedLocales(store: Pick<Store, "people" | "chats" | "communities">): StoredLocaleLookup {
  return async ({ identityId, chatId }) => {
    const [person, chat] = await Promise.all([store.people.personOf(identityId), store.chats.find(chatId)]);
    const community = chat?.communityId ? await store.communities.find(chat.communityId) : undefined;
    return {
      person: person?.locale,
      chat: chat?.locale,
      community: community?.locale,
      ...(community ? { timezone: community.timezone } : {}),
    };
  };
}

/**
 * The first stored language that is one of ours, else the platform's; the
 * platform's alone when the lookup fails or takes longer than `budgetMs`.
 */
export async function askerWithin(
  lookup: StoredLocaleLookup | undefined,
  who: FormWho,
  budgetMs: number = FORM_LOOKUP_MS,
): Promise<FormAsker> {
  const stored = lookup
    ? await withinDeadline(
        lookup(who).catch(() => undefined),
        budgetMs,
      )
    : undefined;
  const locale = [stored?.person, stored?.chat, stored?.community].find(isLocale) ?? who.platformLocale;
  return {
    platform: who.platform,
    ...(locale ? { locale } : {}),
    ...(stored?.timezone ? { timezone: stored.timezone } : {}),
  };
}
