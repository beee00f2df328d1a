// Guided flows as native forms (src/core/forms.ts): the flow a command line
// starts, with every step as a field and what the line gave prefilled; and
// the check of submitted answers with each step's own schema, ending in the
// same command line that the one-liner and the question-by-question flow run.
// Pure but for askerOf (form-asker.ts), which reads the person's language
// within a budget, so an adapter can ask within a platform's few seconds.
import { bindArguments, isBindError } from "../../core/arguments.js";
import { type Clock, systemClock } from "../../core/clock.js";
import { isTokenizeError, tokenizeCommand } from "../../core/command-line.js";
import type { CommandInput, CommandSpec, SubcommandSpec } from "../../core/commands.js";
import { isUserError } from "../../core/errors.js";
import {
  FORM_DRAFT_TTL_MS,
  FORM_LOOKUP_MS,
  type FormFieldKind,
  type FormSpec,
  type FormVerdict,
  type GuidedForms,
} from "../../core/forms.js";
import { DEFAULT_LOCALE, type Locale, localeFromHint, type Translate, Translator } from "../../core/i18n.js";
import { withinDeadline } from "../../core/within-deadline.js";
import type { StoredFormDrafts } from "../../storage/repositories/form-drafts.js";
import type { FlowDefinition, FlowStep } from "./flow.js";
import { stepKey } from "./flow-messages.js";
import { askerWithin, type StoredLocaleLookup } from "./form-asker.js";
import { formTranslations } from "./form-translations.js";
import {
  type AnswerCheckContext,
  flowFor,
  GUIDED_COMMANDS,
  type GuidedCommand,
  guidedCommand,
  guidedCommandOf,
} from "./guided-commands.js";
import { flowsTranslations } from "./translations.js";

export interface GuidedFormsDeps {
  /** The languages and timezone the database holds (storedLocales), read within a budget by askerOf; without it, forms speak the platform's language and leave times to the command. */
  locales?: StoredLocaleLookup;
  /** Where refused forms' answers wait for "Fix it" (the store's formDrafts); without it, keepDraft keeps nothing. */
  drafts?: () => Pick<StoredFormDrafts, "keep" | "find">;
  /** The app's translator, for a command's own refusals ("tasks:errors.inPast"). */
  translator?: () => Translator;
  clock?: Clock;
}

/** `commands`: the router's commands, whose declarations bind a line's arguments. */
export function guidedForms(commands: () => readonly CommandSpec[], deps: GuidedFormsDeps = {}): GuidedForms {
  const translator = new Translator([formTranslations, flowsTranslations]);
  const clock = deps.clock ?? systemClock;
  const localeOf = (hint: string | undefined): Locale => localeFromHint(hint) ?? DEFAULT_LOCALE;
  const tr = (hint: string | undefined): Translate => translator.forLocale(localeOf(hint));
  return {
    askerOf: (who) => askerWithin(deps.locales, who),
    formFor(commandLine, localeHint) {
      const read = readLine(commandLine, commands);
      const start = read && flowFor(read.path, read.given);
      if (!start) return undefined;
      return formOf(start.flow, start.answers, tr(localeHint));
    },
    hasForm(path) {
      const guided = guidedCommand(path);
      return guided !== undefined && !askedOneByOne(guided.flow);
    },
    check(flow, answers, asker = {}) {
      const guided = guidedCommandOf(flow);
      if (!guided) return undefined;
      const locale = localeOf(asker.locale);
      // The command's own check reads times in the community's timezone: only when that is known.
      const commandCheck =
        guided.check && asker.timezone
          ? {
              check: guided.check,
              ctx: {
                community: { timezone: asker.timezone },
                locale,
                clock,
                event: { platform: asker.platform ?? "" },
              },
              t: deps.translator?.().forLocale(locale) ?? tr(locale),
            }
          : undefined;
      return checkAnswers(guided.flow, answers, tr(locale), commandCheck);
    },
    async keepDraft(who, flow, answers) {
      const drafts = deps.drafts?.();
      if (!drafts) return false;
      const expiresAt = new Date(clock.now().getTime() + FORM_DRAFT_TTL_MS);
      const kept = drafts
        .keep({ identityId: who.identityId, chatId: who.chatId, flow, answers: { ...answers }, expiresAt })
        .then(() => true)
        .catch(() => false);
      return (await withinDeadline(kept, FORM_LOOKUP_MS)) ?? false;
    },
    async draftForm(who, flow, asker) {
      const t = tr(asker.locale);
      const draft = await deps
        .drafts?.()
        .find(who.identityId, who.chatId, flow, clock.now())
        .catch(() => undefined);
      const definition = guidedCommandOf(flow)?.flow;
      const form = draft && definition && formOf(definition, draft.answers, t);
      return form ? { form } : { gone: t("forms:errors.draftGone") };
    },
  };
}

/**
 * A flow no form can hold: a step's choices come from the community's data
 * (a form is built without the database), or a step wants a photo (a form
 * field cannot carry one). The core asks those question by question.
 */
function askedOneByOne(flow: FlowDefinition): boolean {
  return flow.steps.some((step) => step.choicesFrom !== undefined || step.kind === "photo");
}

/** A flow's steps as fields, or undefined when the flow is asked one by one. */
function formOf(flow: FlowDefinition, given: Readonly<Record<string, string>>, t: Translate): FormSpec | undefined {
  if (askedOneByOne(flow)) return undefined;
  return {
    flow: flow.name,
    title: t(`forms:titles.${flow.name}`),
    submitLabel: t("flows:buttons.create"),
    cancelLabel: t("flows:buttons.cancel"),
    fields: flow.steps.map((step) => ({
      key: step.key,
      label: t(stepKey(flow, step, "label")),
      hint: t(stepKey(flow, step, "question")),
      kind: fieldKind(step),
      ...(step.choices ? { choices: step.choices } : {}),
      optional: step.optional === true,
      ...(given[step.key] ? { value: given[step.key] } : {}),
    })),
  };
}

/** An answer no flow offers as a button, to ask a step whether it takes answers beyond its buttons. */
const OTHER_ANSWER = "another answer";

/**
 * A choice is a pick from its list only when the step takes nothing else;
 * most flows' buttons are suggestions ("sat 10:00", "2 hours") beside which
 * any answer is fine, and a form asks those as text, suggesting the choices.
 */
function fieldKind(step: FlowStep): FormFieldKind {
  // A photo step never gets here: a flow with one has no form (askedOneByOne).
  if (step.kind === "number") return "number";
  if (step.kind !== "choice") return "text";
  const onlyChoices = (step.choices?.length ?? 0) > 0 && !step.schema.safeParse(OTHER_ANSWER).success;
  return onlyChoices ? "choice" : "text";
}

/** A command's own answer check, with what it reads and the words its refusals are in. */
interface CommandCheck {
  check: NonNullable<GuidedCommand["check"]>;
  ctx: AnswerCheckContext;
  t: Translate;
}

function checkAnswers(
  flow: FlowDefinition,
  answers: Readonly<Record<string, string>>,
  t: Translate,
  command?: CommandCheck,
): FormVerdict {
  const accepted: Record<string, string> = {};
  const errors: Record<string, string> = {};
  for (const step of flow.steps) {
    const typed = (answers[step.key] ?? "").trim();
    if (!typed) {
      if (!step.optional) errors[step.key] = t("forms:errors.required");
      continue;
    }
    const parsed = step.schema.safeParse(typed);
    if (!parsed.success) {
      errors[step.key] = problem(step, parsed.error.issues[0], t);
      continue;
    }
    // What the command would refuse (a time past or unreadable) is said under its field, as the flow asks again.
    const refusal = command && commandRefusal(command, step.key, parsed.data);
    if (refusal) errors[step.key] = refusal;
    else accepted[step.key] = parsed.data;
  }
  if (Object.keys(errors).length > 0) {
    const problems = flow.steps
      .filter((step) => errors[step.key])
      .map((step) => `${t(stepKey(flow, step, "label"))}: ${errors[step.key]}`)
      .join(" ");
    return { ok: false, errors, summary: t("forms:errors.summary", { problems }), fixLabel: t("forms:fix") };
  }
  return { ok: true, commandLine: flow.commandLine(accepted) };
}

/** The command's refusal of one answer, in the person's words; undefined when it takes it. */
function commandRefusal(command: CommandCheck, key: string, answer: string): string | undefined {
  try {
    command.check(command.ctx, key, answer);
    return undefined;
  } catch (error) {
    if (!isUserError(error)) throw error;
    return command.t(error.key, error.params);
  }
}

function problem(step: FlowStep, issue: { code: string; maximum?: unknown } | undefined, t: Translate): string {
  if (step.kind === "number") return t("forms:errors.number");
  if (issue?.code === "too_big" && typeof issue.maximum === "number")
    return t("forms:errors.text", { max: issue.maximum });
  return t("forms:errors.invalid");
}

/**
 * The guided command a line names and what it gave, bound as the router
 * binds a line before it asks the flows (leniently: nothing is required).
 * A word that names a subcommand chooses it, as in the router: `/poll close
 * 3` is not the guided `/poll "Question?" …`.
 */
function readLine(
  line: string,
  commands: () => readonly CommandSpec[],
): { path: readonly string[]; given: CommandInput } | undefined {
  const tokenized = tokenizeCommand(line);
  if (isTokenizeError(tokenized)) return undefined;
  const words = [tokenized.name, ...tokenized.tokens.map((token) => (token.quoted ? "" : token.text.toLowerCase()))];
  const guided = GUIDED_COMMANDS.find((c) => c.path.every((word, i) => words[i] === word));
  const found = guided && specAt(commands(), guided.path);
  if (!guided || !found) return undefined;
  const rest = tokenized.tokens.slice(guided.path.length - 1);
  const next = rest[0];
  if (next && !next.quoted && found.children?.[next.text.toLowerCase()]) return undefined;
  const given = bindArguments(rest, { ...found.spec, min: 0 });
  return isBindError(given) ? undefined : { path: guided.path, given };
}

/** The subcommand a canonical path names, such as ["task", "add"], and the subcommands beside which it is the fallback. */
function specAt(
  commands: readonly CommandSpec[],
  path: readonly string[],
): { spec: SubcommandSpec; children?: Record<string, SubcommandSpec> } | undefined {
  const [name, ...rest] = path;
  const command = commands.find((c) => c.name === name);
  if (!command) return undefined;
  if (rest.length === 0) return command.fallback && { spec: command.fallback, children: command.subcommands ?? {} };
  let spec: SubcommandSpec | undefined;
  let children = command.subcommands;
  for (const word of rest) {
    spec = children?.[word];
    children = spec?.subcommands;
  }
  return spec && { spec, ...(children ? { children } : {}) };
}
