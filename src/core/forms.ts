// Native forms for guided flows (Slack modals, Discord modals). A platform
// that has forms asks `formFor` as a command comes in, cheaply and without
// the database, whether the line lacks pieces that a form can ask for all at
// once; `askerOf` then reads the person's language within a short budget,
// and the platform renders and opens the form in it (within the platform's
// deadline for the command's trigger). What the person submits comes back
// through `check`: per field, what is wrong, or the one-line command to run
// as if they had typed it, so the rules stay in the command's handler.
// Platforms without forms, and a form that could not be opened, hand the
// command to the core as it is, which asks question by question.

export type FormFieldKind = "text" | "choice" | "number";

/** How long a form waits for the database to say who is asking, before it falls back to the platform's locale. */
export const FORM_LOOKUP_MS = 500;
/** How long a refused form's "Fix it" keeps what was typed: as long as a guided flow waits. */
export const FORM_DRAFT_TTL_MS = 15 * 60_000;

export interface FormField {
  /** The answer's name; comes back as the key of the submitted answers. */
  key: string;
  /** Short, localised. */
  label: string;
  /** The question the flow would ask, localised: shown under or inside the field. */
  hint: string;
  /** "choice": one of `choices` and nothing else; "text" and "number": typed. */
  kind: FormFieldKind;
  /** A choice's answers (a select where the platform has one); for text and numbers, suggestions to show. */
  choices?: readonly string[];
  optional: boolean;
  /** Prefilled: what the command line already gave. */
  value?: string;
}

export interface FormSpec {
  /** The flow's name, carried through the platform and given back to `check`. */
  flow: string;
  title: string;
  submitLabel: string;
  cancelLabel: string;
  fields: readonly FormField[];
}

export type FormVerdict =
  /** Every answer is fine: run this line as the person's command. */
  | { ok: true; commandLine: string }
  /**
   * Localised messages by field key, shown under the fields (the form stays
   * open); `summary` says it all in one line, for platforms that cannot show
   * errors on a form (Discord), beside a button labelled `fixLabel` that
   * opens the form again with what was typed (keepDraft, draftForm).
   */
  | { ok: false; errors: Record<string, string>; summary: string; fixLabel: string };

/** A refused form's "Fix it": the form again, prefilled, or why not (its draft expired). */
export type FormDraft = { form: FormSpec } | { gone: string };

/** What Talkoot knows of the person filling a form, read within the platform's deadline (askerOf). */
export interface FormAsker {
  /** A locale hint for formFor and check: the person's chosen language, else their chat's or its community's, else the platform's ("fi-FI"). */
  locale?: string;
  /** The chat's community's timezone, so check can read times as the command will; unknown: times are left to the command. */
  timezone?: string;
  platform?: string;
}

/** Who is filling a form, and where, as the adapter names them. */
export interface FormWho {
  /** The namespaced identity id ("slack:T1:U2"), as the adapter's events carry it. */
  identityId: string;
  /** The namespaced chat id the command was typed in. */
  chatId: string;
  /** The platform's own language for the person (Discord's interaction locale, Slack's user locale). */
  platformLocale?: string;
  platform: string;
}

export interface GuidedForms {
  /**
   * The language Talkoot knows for the person in that chat, from the
   * database within a short budget (FORM_LOOKUP_MS): a platform's trigger
   * expires in 3 seconds. Never throws; what the database does not tell in
   * time is left to the platform's locale.
   */
  askerOf(who: FormWho): Promise<FormAsker>;
  /** The form for a command line that lacks pieces, in the person's language (a platform hint such as "fi-FI"); undefined when the line is complete or not guided. */
  formFor(commandLine: string, localeHint?: string): FormSpec | undefined;
  /** Whether a line of this command (its canonical path, ["task", "add"]) that lacks pieces gets a form; typed platforms then make all its options optional. */
  hasForm(path: readonly string[]): boolean;
  /**
   * Checks submitted answers (by field key, as typed or chosen) with each
   * step's schema and, when the asker's timezone is known, the command's own
   * check (a time it cannot read, or one already past); undefined for a flow
   * that no longer exists.
   */
  check(flow: string, answers: Readonly<Record<string, string>>, asker?: FormAsker): FormVerdict | undefined;
  /** Keeps what was typed into a refused form for FORM_DRAFT_TTL_MS; false when it could not (the button is then left out). */
  keepDraft(who: FormWho, flow: string, answers: Readonly<Record<string, string>>): Promise<boolean>;
  /** The form again, prefilled with its kept draft, in the asker's language. */
  draftForm(who: FormWho, flow: string, asker: FormAsker): Promise<FormDraft>;
}
