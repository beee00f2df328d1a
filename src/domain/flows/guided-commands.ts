// Which commands are guided: a command line that lacks a piece its flow
// asks for starts the flow, with the pieces the line did give already
// answered. Platforms with native forms (Slack, Discord modals) read the
// same registry to build theirs.

import type { Clock } from "../../core/clock.js";
import type { CommandInput } from "../../core/commands.js";
import type { CommunityView } from "../../core/context.js";
import type { Locale } from "../../core/i18n.js";
import { parseCloses } from "../polls/index.js";
import { checkPhoto } from "../requests/index.js";
import { checkTitle, parseStart } from "../tasks/index.js";
import { categoryAddFlow } from "./category-add-flow.js";
import { type FlowAnswers, type FlowDefinition, fileOfAnswer } from "./flow.js";
import { hoursLogFlow } from "./hours-log-flow.js";
import { pollAddOptionFlow } from "./poll-add-option-flow.js";
import { pollFlow } from "./poll-flow.js";
import { requestFlow } from "./request-flow.js";
import { taskAddFlow } from "./task-add-flow.js";

/**
 * What a command's answer check reads: the community's timezone, the
 * person's language (dates are read in it), the time and the platform. A
 * HandlerContext has it all; a native form builds it from what askerOf found.
 */
export interface AnswerCheckContext {
  readonly community: Pick<CommunityView, "timezone"> | undefined;
  readonly locale: Locale;
  readonly clock: Clock;
  readonly event: { readonly platform: string };
}

export interface GuidedCommand {
  /** The command's canonical words: ["task", "add"], ["setup", "category", "add"]. */
  path: readonly string[];
  flow: FlowDefinition;
  /** The answers a line already gives, read from its arguments and flags. */
  answersFrom(given: CommandInput): FlowAnswers;
  /** Answers without which the one-line command cannot run: one missing starts the flow. */
  needs: readonly string[];
  /** The flags the flow asks for; a line with any other flag keeps its one-line behaviour (its usage). */
  flags: readonly string[];
  /**
   * Checks an answer as the command will (a time in the past), throwing the
   * command's own UserError, so the question is asked again at once rather
   * than the preview's Create being refused.
   */
  check?(ctx: AnswerCheckContext, key: string, answer: string): void;
}

export interface FlowStart {
  flow: FlowDefinition;
  /** What the line gave; the flow asks only for the rest. */
  answers: FlowAnswers;
}

/** Keeps the values a line gave, as text, leaving out those it did not give. */
export function givenAnswers(values: Record<string, string | number | boolean | undefined>): FlowAnswers {
  const answers: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== false && String(value).trim() !== "") answers[key] = String(value);
  }
  return answers;
}

export const GUIDED_COMMANDS: readonly GuidedCommand[] = [
  {
    path: ["task", "add"],
    flow: taskAddFlow,
    needs: ["title", "when"],
    flags: ["when", "slots", "where"],
    check(ctx, key, answer) {
      if (key === "title") checkTitle(answer);
      const community = ctx.community;
      if (key === "when" && community) {
        parseStart(answer, { locale: ctx.locale, timezone: community.timezone, now: ctx.clock.now() });
      }
    },
    answersFrom: ({ args, flags }) =>
      givenAnswers({ title: args[0], when: flags.when, slots: flags.slots, where: flags.where }),
  },
  {
    path: ["poll"],
    flow: pollFlow,
    needs: ["question", "options"],
    flags: ["closes"],
    check(ctx, key, answer) {
      const community = ctx.community;
      if (key === "closes" && community) {
        parseCloses(answer, { locale: ctx.locale, timezone: community.timezone, now: ctx.clock.now() });
      }
    },
    // Fewer than two options is no list yet: the flow asks for all of them.
    answersFrom: ({ args, flags }) =>
      givenAnswers({
        question: args[0],
        options: args.length >= 3 ? args.slice(1).join("\n") : undefined,
        closes: flags.closes,
      }),
  },
  {
    path: ["poll", "add-option"],
    flow: pollAddOptionFlow,
    needs: ["poll", "option"],
    flags: [],
    answersFrom: ({ args }) => givenAnswers({ poll: args[0], option: args[1] }),
  },
  {
    path: ["request"],
    flow: requestFlow,
    needs: ["category", "description"],
    flags: ["where"],
    // The photo's type and size, refused as a captioned photo is, so the question is asked again.
    check(ctx, key, answer) {
      const file = key === "photo" ? fileOfAnswer(answer) : undefined;
      if (file) checkPhoto(ctx.event.platform, file, false);
    },
    answersFrom: ({ args, flags }) => givenAnswers({ category: args[0], description: args[1], where: flags.where }),
  },
  {
    path: ["hours", "log"],
    flow: hoursLogFlow,
    needs: ["hours"],
    flags: ["task", "note"],
    answersFrom: ({ args, flags }) => givenAnswers({ hours: args[0], what: flags.task ?? flags.note }),
  },
  {
    path: ["setup", "category", "add"],
    flow: categoryAddFlow,
    needs: ["code", "name"],
    flags: ["expect"],
    answersFrom: ({ args, flags }) => givenAnswers({ code: args[0], name: args[1], expect: flags.expect }),
  },
];

/** The flow a command line starts, or undefined when it is complete (or not guided). */
export function flowFor(path: readonly string[], given: CommandInput): FlowStart | undefined {
  const guided = guidedCommand(path);
  if (!guided) return undefined;
  const otherFlag = Object.entries(given.flags).some(([flag, v]) => v !== undefined && !guided.flags.includes(flag));
  if (otherFlag) return undefined;
  const answers = guided.answersFrom(given);
  if (guided.needs.every((key) => key in answers)) return undefined;
  return { flow: guided.flow, answers };
}

export function guidedCommand(path: readonly string[]): GuidedCommand | undefined {
  return GUIDED_COMMANDS.find((c) => c.path.length === path.length && c.path.every((word, i) => word === path[i]));
}

/** The guided command of a flow, by the flow's name as stored with a flow in progress. */
export function guidedCommandOf(flowName: string): GuidedCommand | undefined {
  return GUIDED_COMMANDS.find((c) => c.flow.name === flowName);
}
