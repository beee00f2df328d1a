// What a poll's typed parts may be: the question, 2 to 10 options, each
// within its length. Pure: each check returns the cleaned text or throws a
// localised UserError naming the limit. Text past a limit is refused, never
// cut: a shortened option could change what people vote for.
import { UserError } from "../../core/errors.js";
import { characterCount, clip, oneLine } from "../../core/text.js";

export const POLL_LIMITS = {
  question: { min: 1, max: 300 },
  option: { min: 1, max: 100 },
  options: { min: 2, max: 10 },
} as const;

export interface PollText {
  question: string;
  options: string[];
}

export function checkQuestion(raw: string): string {
  const question = oneLine(raw);
  const length = characterCount(question);
  if (length < POLL_LIMITS.question.min || length > POLL_LIMITS.question.max) {
    throw new UserError("polls:errors.questionLength", { max: POLL_LIMITS.question.max, length });
  }
  return question;
}

/** `number` is the option's place as people count it (1 for the first). */
export function checkOption(raw: string, number: number): string {
  const option = oneLine(raw);
  const length = characterCount(option);
  if (length < POLL_LIMITS.option.min || length > POLL_LIMITS.option.max) {
    throw new UserError("polls:errors.optionLength", { number, max: POLL_LIMITS.option.max, length });
  }
  return option;
}

/** The question and options from a command's positional arguments. */
export function checkPollText(args: readonly string[]): PollText {
  const [rawQuestion, ...rawOptions] = args;
  if (rawQuestion === undefined) throw new UserError("polls:errors.needQuestion");
  const count = rawOptions.length;
  if (count < POLL_LIMITS.options.min || count > POLL_LIMITS.options.max) {
    throw new UserError("polls:errors.optionCount", {
      min: POLL_LIMITS.options.min,
      max: POLL_LIMITS.options.max,
      count,
    });
  }
  const question = checkQuestion(rawQuestion);
  const options = rawOptions.map((raw, index) => checkOption(raw, index + 1));
  const seen = new Set<string>();
  for (const option of options) {
    // Two options that read the same would split one opinion in two.
    const key = option.toLocaleLowerCase();
    if (seen.has(key)) throw new UserError("polls:errors.duplicateOption", { option: clip(option, 40) });
    seen.add(key);
  }
  return { question, options };
}
