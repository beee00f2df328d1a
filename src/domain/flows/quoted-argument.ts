// Quotes an answer so the command tokenizer reads it back as one argument,
// whatever quotes or backslashes a person typed.
export function quotedArgument(text: string): string {
  return `"${text.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`;
}
