// Suggestions while a person types an argument (Discord's autocomplete): the
// ids people would otherwise copy, from their own community. A neutral query
// and answer; features fill them from their repositories, adapters only
// translate. Read-only: a suggestion changes nothing.
import type { Clock } from "./clock.js";
import type { ChatView, CommunityView, PersonView } from "./context.js";
import type { Author, Conversation } from "./events.js";
import type { Locale, Translate } from "./i18n.js";

/** The most suggestions one answer carries (Discord's limit too). */
export const MAX_SUGGESTIONS = 25;
/** The longest label and value a suggestion may have (Discord's limit). */
export const MAX_SUGGESTION_LENGTH = 100;

export interface Suggestion {
  /** What the argument becomes when chosen: "12", "roads". */
  value: string;
  /** What the person sees: "#12 Sorting · Sat 10:00". */
  label: string;
}

/** Who is asking, where, in which language. */
export interface SuggestContext {
  readonly person: PersonView;
  readonly identityId: string;
  readonly chat: ChatView;
  readonly community: CommunityView | undefined;
  readonly locale: Locale;
  readonly t: Translate;
  readonly clock: Clock;
}

/** Suggestions for what the person has typed so far (may be empty). */
export type Suggest = (ctx: SuggestContext, typed: string) => Promise<Suggestion[]>;

/** An adapter's question: which values fit this argument of this command, given what was typed. */
export interface SuggestQuery {
  platform: string;
  conversation: Conversation;
  author: Author;
  /** The command and the subcommand words: ["task", "join"], ["setup", "category", "remove"]. */
  path: string[];
  /** The argument's or flag's name as declared. */
  option: string;
  typed: string;
}

/** The suggestions whose label or value contains `typed` (case-insensitively), at most MAX_SUGGESTIONS. */
export function filterSuggestions(all: Suggestion[], typed: string): Suggestion[] {
  const wanted = typed.trim().toLowerCase();
  const fits = wanted
    ? all.filter((s) => s.label.toLowerCase().includes(wanted) || s.value.toLowerCase().includes(wanted))
    : all;
  return fits.slice(0, MAX_SUGGESTIONS).map((s) => ({
    value: s.value.slice(0, MAX_SUGGESTION_LENGTH),
    label: s.label.length > MAX_SUGGESTION_LENGTH ? `${s.label.slice(0, MAX_SUGGESTION_LENGTH - 1)}…` : s.label,
  }));
}
