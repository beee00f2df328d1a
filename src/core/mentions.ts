// Text that users typed must never ping a crowd when the bot echoes it.
// Adapters escape their markup; this neutralises the mass-mention forms that
// survive escaping as plain text (Discord's @everyone, Slack's <!channel>,
// mention syntaxes pasted by hand) by inserting an invisible word joiner.
const JOINER = "\u2060";

const PATTERNS: RegExp[] = [
  /@(everyone|here|channel|all|room)\b/gi,
  /<(?=[@!#&][^>]*>)/g, // <@U123>, <!channel>, <#C1>, <@&role>
];

export function neutraliseMentions(text: string): string {
  let out = text;
  out = out.replace(PATTERNS[0]!, (_m, word: string) => `@${JOINER}${word}`);
  out = out.replace(PATTERNS[1]!, `<${JOINER}`);
  return out;
}
